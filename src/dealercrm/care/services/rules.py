"""The care rules a dealer starts with, and their changes by a COC manager."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dealercrm.care.choices import CALL_KINDS, FESTIVALS, CareAction, Occasion
from dealercrm.care.models import MAX_LEAD_DAYS, CareRule
from dealercrm.messaging.models import MessageTemplate
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm

Oc, A = Occasion, CareAction


@dataclass(frozen=True)
class DefaultCareRule:
    occasion: str
    action: str
    template: str = ""  # a messaging template code (messaging.defaults)
    lead: int = 0
    active: bool = True
    lunar_template: str = ""


# Birthday greetings by SMS on the day; anniversaries and insurance renewals are worth a call (the anniversary
# planned three days ahead, as the follow-up engine always did); the two big family festivals get a greeting.
DEFAULT_CARE_RULES = [
    DefaultCareRule(Oc.BIRTHDAY, A.MESSAGE, "birthday", lunar_template="lunar_birthday"),
    DefaultCareRule(Oc.ANNIVERSARY, A.CALL, lead=3),
    DefaultCareRule(Oc.FESTIVAL_SPRING, A.MESSAGE, "festival_spring"),
    DefaultCareRule(Oc.FESTIVAL_MID_AUTUMN, A.MESSAGE, "festival_mid_autumn"),
    DefaultCareRule(Oc.FESTIVAL_DRAGON_BOAT, A.MESSAGE, "festival_dragon_boat", active=False),
    DefaultCareRule(Oc.FESTIVAL_NEW_YEAR, A.MESSAGE, "festival_new_year", active=False),
    DefaultCareRule(Oc.FESTIVAL_NATIONAL_DAY, A.MESSAGE, "festival_national_day", active=False),
    DefaultCareRule(Oc.INSURANCE, A.CALL),
    DefaultCareRule(Oc.INSPECTION, A.MESSAGE, "inspection_due", lead=15),
]

RULE_FIELDS = ("template", "lunar_template", "lead_days", "is_active")


def _templates_ensure(dealer: Dealer) -> None:
    from dealercrm.messaging.services import templates_ensure_defaults

    templates_ensure_defaults(dealer)


@transaction.atomic
def care_rules_ensure_defaults(*, dealer: Dealer) -> int:
    """Give a dealer the default care rules (and messaging's default templates) it lacks. Idempotent."""
    have = set(CareRule.objects.filter(dealer=dealer).values_list("occasion", "action"))
    missing = [d for d in DEFAULT_CARE_RULES if (d.occasion, d.action) not in have]
    if not missing:
        return 0
    _templates_ensure(dealer)
    templates = dict(MessageTemplate.objects.filter(dealer=dealer).values_list("code", "id"))
    rows = [
        CareRule(
            dealer=dealer, occasion=d.occasion, action=d.action, template_id=templates.get(d.template),
            lunar_template_id=templates.get(d.lunar_template), lead_days=d.lead,
            is_active=d.active and (d.action == A.CALL or d.template in templates),
        )
        for d in missing
    ]  # fmt: skip
    try:
        with transaction.atomic():
            CareRule.objects.bulk_create(rows)
    except IntegrityError:  # another process gave this dealer its rules at the same moment
        return 0
    return len(rows)


def _validate(rule: CareRule) -> None:
    errors: dict[str, list[str]] = {}
    if rule.occasion not in Occasion.values:
        errors["occasion"] = [_("Choose an occasion.")]
    if rule.action not in CareAction.values:
        errors["action"] = [_("Choose what to do: send a message or plan a call.")]
    elif rule.action == A.CALL and rule.occasion in FESTIVALS:
        errors["action"] = [
            _(
                "A festival greeting goes to every owner: send a message, calls to all of them cannot be planned."
            )
        ]
    if rule.lead_days is None or not 0 <= rule.lead_days <= MAX_LEAD_DAYS:
        errors["lead_days"] = [_("Enter 0 to %(max)s days.") % {"max": MAX_LEAD_DAYS}]
    for name in ("template", "lunar_template"):
        template = getattr(rule, name)
        if template is not None and template.dealer_id != rule.dealer_id:
            errors[name] = [_("This dealer has no such template.")]
    if rule.action == A.MESSAGE and rule.template is None and rule.is_active:
        errors["template"] = [_("Choose the message template to send.")]
    if rule.action == A.CALL and (rule.template is not None or rule.lunar_template is not None):
        errors["template"] = [_("A call needs no message template: leave it empty.")]
    if rule.lunar_template is not None and rule.occasion != Oc.BIRTHDAY:
        errors["lunar_template"] = [_("Only birthday rules have a template for lunar birthdays.")]
    if errors:
        raise ValidationError(errors)


def _check(actor: Actor, dealer_id: int) -> None:
    actor.check_dealer(dealer_id)
    actor.require(Perm.MANAGE_CAMPAIGNS)


@transaction.atomic
def care_rule_update(*, actor: Actor, rule: CareRule, fields: dict) -> CareRule:
    """A COC manager changes a rule (template, days before, on/off); it applies from the next daily run."""
    _check(actor, rule.dealer_id)
    for key, value in fields.items():
        if key in RULE_FIELDS:
            setattr(rule, key, value)
    _validate(rule)
    rule.updated_by_id = actor.user_id
    rule.save()
    return rule


@transaction.atomic
def care_rule_create(*, actor: Actor, dealer: Dealer, occasion: str, action: str, fields: dict) -> CareRule:
    """A second action for an occasion (e.g. a call besides the birthday message)."""
    _check(actor, dealer.pk)
    rule = CareRule(dealer=dealer, occasion=occasion, action=action, updated_by_id=actor.user_id)
    for key, value in fields.items():
        if key in RULE_FIELDS:
            setattr(rule, key, value)
    _validate(rule)
    if CareRule.objects.filter(dealer=dealer, occasion=occasion, action=action).exists():
        raise ValidationError({"action": [_("This dealer already has a rule for this occasion and action.")]})
    rule.save()
    return rule


def call_kind(occasion: str) -> str | None:
    return CALL_KINDS.get(occasion)
