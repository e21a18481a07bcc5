"""The follow-up engine: rules turn events into purposes; purposes are consolidated into one call task per
customer; every attempt is a CallLog; answers to questionnaires give CSI / SSI scores and alerts.

Idempotency lives in the database: a purpose is unique per (event kind, source, purpose code, occurrence).
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import DealerScopedModel, TimeStampedModel
from dealercrm.followups.choices import (
    AlertStatus,
    AuditResult,
    CallOutcome,
    ClosedReason,
    EventKind,
    PurposeStatus,
    QuestionKind,
    ScoreKind,
    TaskStatus,
    WorkRole,
)

USER = settings.AUTH_USER_MODEL


class ContactPolicy(TimeStampedModel):
    """A dealer's contact governance; a dealer without a row uses the defaults below."""

    dealer = models.OneToOneField(
        "org.Dealer", on_delete=models.CASCADE, related_name="contact_policy", verbose_name=_("dealer")
    )
    max_calls_7d = models.PositiveSmallIntegerField(_("calls per 7 days"), default=2)
    max_calls_30d = models.PositiveSmallIntegerField(_("calls per 30 days"), default=4)
    max_callers_90d = models.PositiveSmallIntegerField(_("distinct callers per 90 days"), default=3)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before unreachable"), default=3)
    quiet_until = models.TimeField(_("first call at"), default=time(9, 0))
    quiet_from = models.TimeField(_("last call before"), default=time(20, 0))

    class Meta:
        verbose_name = _("contact policy")
        verbose_name_plural = _("contact policies")


class Questionnaire(DealerScopedModel):
    """One version of a questionnaire. A change makes a new version; answers keep pointing at theirs."""

    code = models.CharField(_("code"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    score_kind = models.CharField(_("score"), max_length=10, choices=ScoreKind.choices)
    alert_at_or_below = models.PositiveSmallIntegerField(
        _("alert at or below"), default=60, help_text=_("A score (0-100) at or below this raises an alert.")
    )
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "code", "version"], name="followups_qn_version_unique"),
            models.UniqueConstraint(
                fields=["dealer", "code"], condition=Q(is_current=True), name="followups_qn_one_current"
            ),
            models.CheckConstraint(condition=Q(alert_at_or_below__lte=100), name="followups_qn_alert_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="followups_question_pos_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class FollowUpRule(DealerScopedModel):
    """event kind → a purpose due `offset_days` calendar days after (negative: before) the event."""

    event_kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    purpose_code = models.CharField(_("purpose code"), max_length=20)
    purpose_name = models.CharField(_("purpose"), max_length=100)
    offset_days = models.SmallIntegerField(_("offset (calendar days)"))
    window_days = models.PositiveSmallIntegerField(_("window (working days)"), default=2)
    priority = models.PositiveSmallIntegerField(_("priority"), default=50, help_text=_("0-100, higher first"))
    questionnaire_code = models.CharField(_("questionnaire"), max_length=30, blank=True)
    role = models.CharField(
        _("worked by"), max_length=20, choices=WorkRole.choices, default=WorkRole.COC_AGENT
    )
    repeat_every_days = models.PositiveSmallIntegerField(_("repeat every (days)"), null=True, blank=True)
    repeat_until_days = models.PositiveSmallIntegerField(_("repeat until day"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["event_kind", "offset_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "event_kind", "purpose_code"], name="followups_rule_unique"
            ),
            models.CheckConstraint(condition=Q(event_kind__in=EventKind.values), name="followups_rule_kind"),
            models.CheckConstraint(condition=Q(priority__lte=100), name="followups_rule_priority"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose_code} {self.purpose_name}"

    def offsets(self) -> list[int]:
        """Every occurrence's offset: one, or offset, offset+every, … up to repeat_until_days."""
        if self.repeat_every_days and self.repeat_until_days:
            return list(range(self.offset_days, self.repeat_until_days + 1, self.repeat_every_days))
        return [self.offset_days]


class FollowUpTask(DealerScopedModel):
    """One call to one customer, for one or more purposes."""

    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="followup_tasks",
        verbose_name=_("customer"),
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("vehicle"),
    )
    due_on = models.DateField(_("due on"))
    window_end = models.DateField(_("call by"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=50)
    role = models.CharField(
        _("worked by"), max_length=20, choices=WorkRole.choices, default=WorkRole.COC_AGENT
    )
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    overdue = models.BooleanField(_("overdue"), default=False)
    assignee = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    attempts = models.PositiveSmallIntegerField(_("calls"), default=0)
    misses = models.PositiveSmallIntegerField(_("not reached"), default=0)
    next_attempt_on = models.DateField(_("next attempt on"), null=True, blank=True)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    claimed_by = models.ForeignKey(  # indexed by followups_task_claims
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("taken by"),
        db_index=False,
    )  # fmt: skip
    claimed_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [
            # the queue: open tasks of a dealer and role, highest priority then earliest due
            models.Index(
                "dealer",
                "role",
                models.F("priority").desc(),
                "due_on",
                "id",
                name="followups_task_queue",
                condition=Q(status="open"),
            ),
            models.Index(
                fields=["assignee", "callback_at"],
                name="followups_task_callbacks",
                condition=Q(status="open", callback_at__isnull=False),
            ),
            models.Index(fields=["customer", "status"], name="followups_task_customer"),
            models.Index(fields=["dealer", "status", "window_end"], name="followups_task_window"),
            models.Index(
                fields=["claimed_by", "claimed_at"],
                name="followups_task_claims",
                condition=Q(claimed_by__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="followups_task_status"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("due_on")), name="followups_task_window"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.due_on}"


class TaskPurpose(DealerScopedModel):
    """One reason to call, from one event and one rule. Several purposes can share a task."""

    task = models.ForeignKey(
        FollowUpTask,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="purposes",
        verbose_name=_("task"),
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("vehicle"),
    )
    rule = models.ForeignKey(
        FollowUpRule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rule"),
    )
    event_kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    source = models.CharField(_("source"), max_length=120)
    occurred_on = models.DateField(_("event date"))
    purpose_code = models.CharField(_("purpose code"), max_length=20)
    purpose_name = models.CharField(_("purpose"), max_length=100)
    occurrence = models.PositiveSmallIntegerField(_("occurrence"), default=0)
    due_on = models.DateField(_("due on"))
    window_end = models.DateField(_("call by"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=50)
    role = models.CharField(
        _("worked by"), max_length=20, choices=WorkRole.choices, default=WorkRole.COC_AGENT
    )
    questionnaire_code = models.CharField(_("questionnaire"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PurposeStatus.choices, default=PurposeStatus.OPEN
    )
    closed_reason = models.CharField(
        _("closed because"), max_length=20, choices=ClosedReason.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("follow-up purpose")
        verbose_name_plural = _("follow-up purposes")
        ordering = ["-priority", "due_on", "id"]
        indexes = [models.Index(fields=["dealer", "due_on"], name="followups_purpose_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["event_kind", "source", "purpose_code", "occurrence"], name="followups_purpose_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PurposeStatus.values), name="followups_purpose_status"
            ),
        ]

    def __str__(self) -> str:
        return self.purpose_name


class CallLog(DealerScopedModel):
    """One call attempt: who called, when, what happened."""

    task = models.ForeignKey(
        FollowUpTask, on_delete=models.CASCADE, related_name="calls", verbose_name=_("task")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    agent = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("agent")
    )
    at = models.DateTimeField(_("called at"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-at"], name="followups_call_customer"),
            models.Index(fields=["dealer", "-at"], name="followups_call_dealer"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=CallOutcome.values), name="followups_call_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class SurveyResponse(DealerScopedModel):
    call = models.ForeignKey(
        CallLog, on_delete=models.CASCADE, related_name="responses", verbose_name=_("call")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses", verbose_name=_("questionnaire")
    )
    score = models.PositiveSmallIntegerField(_("score (0-100)"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "questionnaire"], name="followups_response_once"),
        ]


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    value = models.CharField(_("answer"), max_length=1000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="followups_answer_once")]

    def __str__(self) -> str:
        return self.value


class SurveyAlert(DealerScopedModel):
    """A low score for the COC manager; the complaints app reads open ones as complaint candidates."""

    response = models.OneToOneField(
        SurveyResponse, on_delete=models.CASCADE, related_name="alert", verbose_name=_("response")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    handled_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("handled by")
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("survey alert")
        verbose_name_plural = _("survey alerts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dealer", "status", "-created_at"], name="followups_alert_open")]


class CallAudit(DealerScopedModel):
    """A manager's check of one completed call (the follow-up checklist)."""

    call = models.OneToOneField(
        CallLog, on_delete=models.CASCADE, related_name="audit", verbose_name=_("call")
    )
    auditor = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("auditor")
    )
    result = models.CharField(_("result"), max_length=10, choices=AuditResult.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("call audit")
        verbose_name_plural = _("call audits")
        ordering = ["-created_at"]
