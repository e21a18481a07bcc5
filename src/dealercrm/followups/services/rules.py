"""Rules, questionnaires and the contact policy a dealer starts with, and their edits by a COC manager."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from dealercrm.followups.choices import EventKind, QuestionKind, ScoreKind, WorkRole
from dealercrm.followups.models import ContactPolicy, FollowUpRule, Question, Questionnaire
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm

K = EventKind


@dataclass(frozen=True)
class DefaultRule:
    kind: str
    code: str
    name: str
    offset: int
    window: int
    priority: int
    questionnaire: str = ""
    role: str = WorkRole.COC_AGENT
    every: int | None = None
    until: int | None = None
    active: bool = True


# Dealership practice. Names are stored in the dealer's language at creation (translated then). Birthday and
# festival greetings usually go by SMS / WeChat: their call rules start inactive, a COC manager may switch them on.
DEFAULT_RULES = [
    DefaultRule(K.DELIVERY, "3DC", N_("3-day delivery call"), 3, 1, 80, "csi_sales"),
    DefaultRule(K.DELIVERY, "7DC", N_("7-day usage care call"), 7, 2, 60, "care_usage"),
    DefaultRule(K.DELIVERY, "CARE", N_("Quarterly care call"), 90, 10, 20, every=90, until=720),
    DefaultRule(K.REPAIR_CLOSED, "SSI", N_("Service satisfaction call"), 3, 2, 70, "ssi"),
    DefaultRule(K.COMPLAINT_CLOSED, "CHS", N_("Complaint handling satisfaction"), 2, 2, 90, "complaint"),
    DefaultRule(K.FIRST_SERVICE_DUE, "FSR", N_("First service reminder"), -7, 5, 50),
    DefaultRule(K.SERVICE_DUE, "SVR", N_("Service reminder"), -7, 5, 40),
    DefaultRule(K.APPOINTMENT_REMINDER, "APR", N_("Appointment reminder"), -1, 0, 85),
    DefaultRule(K.APPOINTMENT_NO_SHOW, "NOS", N_("Missed appointment call"), 1, 2, 60),
    DefaultRule(K.LEAD_FOLLOW_UP, "LEAD", N_("Lead follow-up"), 0, 1, 75, role=WorkRole.SALES_CONSULTANT),
    DefaultRule(K.CARE_BIRTHDAY, "BDAY", N_("Birthday greeting"), 0, 0, 10, active=False),
    DefaultRule(K.CARE_ANNIVERSARY, "ANNI", N_("Purchase anniversary call"), 0, 3, 10),
    DefaultRule(K.CARE_FESTIVAL, "FEST", N_("Festival greeting"), -1, 1, 10, active=False),
    DefaultRule(K.INSURANCE_DUE, "INS", N_("Insurance renewal reminder"), -30, 10, 40),
    DefaultRule(K.INSPECTION_DUE, "INSP", N_("Annual inspection reminder"), -15, 10, 30),
    DefaultRule(K.WIN_BACK, "WINB", N_("Win-back call"), 0, 5, 45),
    DefaultRule(K.CLUB_EVENT, "CLUB", N_("Owner club event follow-up"), 1, 3, 30),
    DefaultRule(K.CUSTOM, "CUST", N_("Follow-up call"), 0, 3, 50),
]

S5, S10, YN, CH, TX = (QuestionKind.SCALE_5, QuestionKind.SCALE_10, QuestionKind.YES_NO,
                       QuestionKind.CHOICE, QuestionKind.TEXT)  # fmt: skip

DEFAULT_QUESTIONNAIRES = {
    "csi_sales": (N_("Sales satisfaction (CSI)"), ScoreKind.CSI, [
        (S10, N_("How satisfied are you with your purchase experience overall?"), []),
        (S5, N_("How well did the consultant explain the vehicle's features at delivery?"), []),
        (YN, N_("Was the vehicle delivered on the promised date?"), []),
        (S10, N_("How likely are you to recommend us to a friend?"), []),
        (TX, N_("Anything we should do better?"), []),
    ]),
    "ssi": (N_("Service satisfaction (SSI)"), ScoreKind.SSI, [
        (S10, N_("How satisfied are you with this visit overall?"), []),
        (YN, N_("Was the work done right the first time?"), []),
        (YN, N_("Was the car ready at the promised time?"), []),
        (S5, N_("How clearly did the advisor explain the work and the bill?"), []),
        (TX, N_("Anything we should do better?"), []),
    ]),
    "complaint": (N_("Complaint handling satisfaction"), ScoreKind.HANDLING, [
        (S5, N_("How satisfied are you with how we handled your complaint?"), []),
        (YN, N_("Is the problem solved?"), []),
        (TX, N_("What could we have done better?"), []),
    ]),
    "care_usage": (N_("First week with the car"), ScoreKind.CARE, [
        (YN, N_("Is everything working as expected?"), []),
        (CH, N_("Which feature would you like explained again?"),
         [N_("None"), N_("Navigation"), N_("Phone pairing"), N_("Driver assistance"), N_("Other")]),
        (TX, N_("Questions or remarks"), []),
    ]),
}  # fmt: skip


def policy_for(dealer_id: int) -> ContactPolicy:
    """The dealer's contact policy, or an unsaved one with the defaults."""
    return ContactPolicy.objects.filter(dealer_id=dealer_id).first() or ContactPolicy(dealer_id=dealer_id)


def create_defaults(
    dealer_id: int, rule_model=FollowUpRule, qn_model=Questionnaire, question_model=Question
) -> int:
    """The default rules and questionnaires a dealer lacks (models passed in so migrations can use it)."""
    have = set(rule_model.objects.filter(dealer_id=dealer_id).values_list("event_kind", "purpose_code"))
    rules = [
        rule_model(
            dealer_id=dealer_id, event_kind=d.kind, purpose_code=d.code, purpose_name=_(d.name),
            offset_days=d.offset, window_days=d.window, priority=d.priority, questionnaire_code=d.questionnaire,
            role=d.role, repeat_every_days=d.every, repeat_until_days=d.until, is_active=d.active,
        )
        for d in DEFAULT_RULES
        if (d.kind, d.code) not in have
    ]  # fmt: skip
    try:
        with transaction.atomic():
            rule_model.objects.bulk_create(rules)
    except IntegrityError:  # another process gave this dealer its defaults at the same moment
        rules = []
    codes = set(qn_model.objects.filter(dealer_id=dealer_id).values_list("code", flat=True))
    for code, (name, score_kind, questions) in DEFAULT_QUESTIONNAIRES.items():
        if code in codes:
            continue
        try:
            with transaction.atomic():
                qn = qn_model.objects.create(
                    dealer_id=dealer_id, code=code, name=_(name), score_kind=score_kind
                )
                question_model.objects.bulk_create(
                    question_model(
                        questionnaire=qn, position=i, text=_(text), kind=kind, options=[_(o) for o in options]
                    )
                    for i, (kind, text, options) in enumerate(questions, start=1)
                )
        except IntegrityError:
            pass
    return len(rules)


@transaction.atomic
def rules_ensure_defaults(*, dealer: Dealer) -> int:
    """Give a dealer the default rules and questionnaires it lacks; returns the rules created. Idempotent."""
    return create_defaults(dealer.pk)


RULE_FIELDS = (
    "purpose_name", "offset_days", "window_days", "priority", "questionnaire_code", "role",
    "repeat_every_days", "repeat_until_days", "is_active",
)  # fmt: skip


@transaction.atomic
def rule_update(*, actor: Actor, rule: FollowUpRule, fields: dict) -> FollowUpRule:
    """A COC manager changes a rule; it applies to events recorded from now on."""
    actor.require(Perm.MANAGE_FOLLOWUPS)
    actor.check_dealer(rule.dealer_id)
    changes = {k: v for k, v in fields.items() if k in RULE_FIELDS}
    for key, value in changes.items():
        setattr(rule, key, value)
    errors: dict[str, list[str]] = {}
    if not (rule.purpose_name or "").strip():
        errors["purpose_name"] = [_("Name the purpose of the call.")]
    if not -365 <= rule.offset_days <= 3650:
        errors["offset_days"] = [_("Enter an offset between -365 and 3650 days.")]
    if rule.window_days > 60:
        errors["window_days"] = [_("A call window longer than 60 working days is not a window.")]
    if rule.priority > 100:
        errors["priority"] = [_("Priority is 0 to 100.")]
    if rule.role not in WorkRole.values:
        errors["role"] = [_("Unknown role.")]
    if bool(rule.repeat_every_days) != bool(rule.repeat_until_days):
        errors["repeat_until_days"] = [_("Give both how often to repeat and until which day, or neither.")]
    elif rule.repeat_every_days and rule.repeat_until_days < rule.offset_days:
        errors["repeat_until_days"] = [_("The last day must come after the first call.")]
    elif rule.repeat_every_days and len(rule.offsets()) > 40:
        errors["repeat_every_days"] = [_("At most 40 repeated calls per event.")]
    if (
        rule.questionnaire_code
        and not Questionnaire.objects.filter(
            dealer_id=rule.dealer_id, code=rule.questionnaire_code, is_current=True
        ).exists()
    ):
        errors["questionnaire_code"] = [_("This dealer has no questionnaire with that code.")]
    if errors:
        raise ValidationError(errors)
    rule.save()
    return rule
