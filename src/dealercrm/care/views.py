"""Care calendar pages: the coming occasions and the rules (thin views over care.selectors and services)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.care import selectors, services
from dealercrm.care.choices import CALL_KINDS, CareAction
from dealercrm.care.forms import CareRuleForm
from dealercrm.care.models import CareRule
from dealercrm.core.forms import apply_service_errors
from dealercrm.messaging.models import MessageTemplate
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm


def _ensure_defaults(actor) -> None:
    if (
        actor.dealer_id
        and not actor.is_read_only
        and not CareRule.objects.filter(dealer_id=actor.dealer_id).exists()
    ):
        services.care_rules_ensure_defaults(dealer=Dealer.objects.get(pk=actor.dealer_id))


@requires(Perm.VIEW_CAMPAIGNS)
def home(request):
    """The occasions of the next 30 days, per day and occasion."""
    actor = request.actor
    _ensure_defaults(actor)
    today = timezone.localdate()
    coming = selectors.upcoming(actor, today)
    rules = list(selectors.rules_for(actor).filter(dealer_id=actor.dealer_id)) if actor.dealer_id else []
    active = {r.occasion: r for r in rules if r.is_active}
    context = {
        "coming": coming,
        "rows": coming.rows(),
        "totals": [coming.totals[o] for o in coming.occasions],
        "columns": [(o, active.get(o)) for o in coming.occasions],
        "show_rules": bool(actor.dealer_id),
        "start": today,
        "end": coming.days[-1],
        "can_manage": actor.can(Perm.MANAGE_CAMPAIGNS),
    }
    return render(request, "care/home.html", context)


@requires(Perm.VIEW_CAMPAIGNS)
def rule_list(request):
    actor = request.actor
    _ensure_defaults(actor)
    off = selectors.call_rules_off(actor)
    rules = list(selectors.rules_for(actor))
    for rule in rules:
        rule.calls_off = (
            rule.action == CareAction.CALL and (rule.dealer_id, CALL_KINDS.get(rule.occasion)) in off
        )
    context = {"rules": rules, "can_manage": actor.can(Perm.MANAGE_CAMPAIGNS)}
    return render(request, "care/rules.html", context)


def _templates(dealer_id: int) -> list[tuple[int, str]]:
    rows = MessageTemplate.objects.filter(dealer_id=dealer_id).order_by("code")
    return [(t.pk, f"{t.name} ({t.code} · {t.get_channel_display()})") for t in rows]


def _fields(form, dealer_id: int) -> dict:
    data = dict(form.cleaned_data)
    wanted = {data.get("template"), data.get("lunar_template")} - {None}
    found = {t.pk: t for t in MessageTemplate.objects.filter(dealer_id=dealer_id, pk__in=wanted)}
    data["template"] = found.get(data.get("template"))
    data["lunar_template"] = found.get(data.get("lunar_template"))
    return data


def _rules_scope(actor):
    return selectors.rules_for(actor)


@requires_object(Perm.MANAGE_CAMPAIGNS, _rules_scope)
def rule_edit(request, rule: CareRule):
    actor = request.actor
    initial = {
        "template": rule.template_id, "lunar_template": rule.lunar_template_id,
        "lead_days": rule.lead_days, "is_active": rule.is_active,
    }  # fmt: skip
    form = CareRuleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        templates=_templates(rule.dealer_id),
    )
    if form.is_bound and form.is_valid():
        try:
            services.care_rule_update(actor=actor, rule=rule, fields=_fields(form, rule.dealer_id))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Care rule saved."))
            return redirect("care:rules")
    return render(request, "care/rule_form.html", {"form": form, "rule": rule})


@requires(Perm.MANAGE_CAMPAIGNS)
def rule_create(request):
    actor = request.actor
    if actor.dealer_id is None:
        messages.error(request, _("Care rules belong to a dealer: sign in as a dealer's COC manager."))
        return redirect("care:rules")
    dealer = get_object_or_404(Dealer, pk=actor.dealer_id)
    form = CareRuleForm(
        request.POST if request.method == "POST" else None, initial={"is_active": True, "lead_days": 0},
        templates=_templates(dealer.pk), creating=True,
    )  # fmt: skip
    if form.is_bound and form.is_valid():
        data = _fields(form, dealer.pk)
        try:
            services.care_rule_create(
                actor=actor,
                dealer=dealer,
                occasion=data.pop("occasion"),
                action=data.pop("action"),
                fields=data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Care rule added."))
            return redirect("care:rules")
    return render(request, "care/rule_form.html", {"form": form, "rule": None})
