"""Complaints: what the customer complained about, its deadlines, the eight steps it goes through, and what
the dealer changes so it does not happen again.

Every change is made by complaints.services; each step leaves a ComplaintEvent (who, when, a note).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealercrm.complaints.choices import (
    ActionStatus,
    Approval,
    Channel,
    CompensationKind,
    ComplaintType,
    Escalation,
    EventKind,
    HandlingLevel,
    NotificationKind,
    RootCause,
    Severity,
    Step,
)
from dealercrm.core.models import DealerScopedModel, TimeStampedModel

_USER = settings.AUTH_USER_MODEL


class ComplaintPolicy(TimeStampedModel):
    """A dealer group's service levels. Without a row the defaults below apply."""

    group = models.OneToOneField(
        "org.DealerGroup", on_delete=models.CASCADE, related_name="complaint_policy", verbose_name=_("group")
    )
    general_days = models.PositiveSmallIntegerField(
        _("general: working days to resolve"), default=3, validators=[MinValueValidator(1)]
    )
    major_days = models.PositiveSmallIntegerField(
        _("major: working days to resolve"), default=5, validators=[MinValueValidator(1)]
    )
    urgent_days = models.PositiveSmallIntegerField(
        _("urgent: working days to resolve"), default=1, validators=[MinValueValidator(1)]
    )
    first_response_days = models.PositiveSmallIntegerField(
        _("working days to the first response"), default=1, validators=[MinValueValidator(1)]
    )
    urgent_first_response_hours = models.PositiveSmallIntegerField(
        _("hours to the first response (urgent)"), default=2, validators=[MinValueValidator(1)]
    )
    compensation_threshold = models.DecimalField(
        _("compensation above which the GM approves (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("2000"),
    )

    class Meta:
        verbose_name = _("complaint policy")
        verbose_name_plural = _("complaint policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(general_days__gte=1, major_days__gte=1, urgent_days__gte=1)
                & Q(first_response_days__gte=1, urgent_first_response_hours__gte=1),
                name="complaints_policy_positive",
            ),
            models.CheckConstraint(
                condition=Q(compensation_threshold__gte=0), name="complaints_policy_threshold"
            ),
        ]

    def __str__(self) -> str:
        return str(self.group)

    def resolution_days(self, severity: str) -> int:
        return {
            Severity.GENERAL: self.general_days,
            Severity.MAJOR: self.major_days,
            Severity.URGENT: self.urgent_days,
        }[Severity(severity)]


class Complaint(DealerScopedModel):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("customer")
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("vehicle"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    complaint_type = models.CharField(_("type"), max_length=20, choices=ComplaintType.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    public_incident = models.BooleanField(
        _("public incident"), default=False, help_text=_("Reported in the media or on social networks.")
    )
    title = models.CharField(_("summary"), max_length=120)
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=120, blank=True)
    staff_involved = models.CharField(_("staff involved"), max_length=200, blank=True)
    task_id = models.PositiveIntegerField(
        _("follow-up task"), null=True, blank=True, help_text=_("The follow-up call it was raised from.")
    )

    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.RECEIVED)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("received by"),
    )
    first_response_due = models.DateTimeField(_("first response due"))
    first_responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    sla_met = models.BooleanField(_("resolved in time"), null=True, blank=True)

    assignee = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("handler")
    )
    handling_level = models.PositiveSmallIntegerField(
        _("handling level"), choices=HandlingLevel.choices, default=HandlingLevel.HANDLER
    )
    escalation = models.CharField(
        _("escalation"), max_length=10, choices=Escalation.choices, blank=True, default=Escalation.NONE
    )

    findings = models.TextField(_("findings"), blank=True)
    root_cause = models.CharField(_("root cause"), max_length=20, choices=RootCause.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    contact_attempts = models.PositiveSmallIntegerField(_("attempts to reach the customer"), default=0)
    feedback_reached = models.BooleanField(_("customer reached for feedback"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback = models.TextField(_("customer feedback"), blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["dealer", "step", "resolution_due"], name="complaints_open_due_idx"),
            models.Index(fields=["dealer", "-received_at"], name="complaints_received_idx"),
            models.Index(fields=["customer", "-received_at"], name="complaints_customer_idx"),
            models.Index(
                fields=["resolution_due"], name="complaints_escalate_idx", condition=~Q(step="archived")
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(step__in=Step.values), name="complaints_step_known"),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="complaints_severity_known"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="complaints_channel_known"),
            models.CheckConstraint(
                condition=Q(complaint_type__in=ComplaintType.values), name="complaints_type_known"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="complaints_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(handling_level__gte=1, handling_level__lte=3), name="complaints_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.step != Step.ARCHIVED


class ComplaintEvent(models.Model):
    """One thing that happened to a complaint: a step taken, an attempt to reach the customer, a decision."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.STEP)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    actor = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaints_event_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_step_display()}"


class SolutionOption(TimeStampedModel):
    """A solution offered to the customer; the one they accept is `chosen`."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="options", verbose_name=_("complaint")
    )
    description = models.CharField(_("solution"), max_length=300)
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices, blank=True, default=""
    )
    compensation_amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    chosen = models.BooleanField(_("accepted by the customer"), default=False)
    approval = models.CharField(
        _("approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_NEEDED
    )
    decided_by = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("solution option")
        verbose_name_plural = _("solution options")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(chosen=True), name="complaints_one_chosen_option"
            ),
            models.CheckConstraint(
                condition=Q(compensation_amount__gte=0), name="complaints_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Notification(models.Model):
    recipient = models.ForeignKey(
        _USER, on_delete=models.CASCADE, related_name="complaint_notifications", verbose_name=_("recipient")
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField(_("created at"))
    read = models.BooleanField(_("read"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read", "-created_at"], name="complaints_inbox_idx")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ImprovementAction(DealerScopedModel):
    """What the dealer changes so the complaints it answers do not happen again."""

    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    complaints = models.ManyToManyField(
        Complaint, blank=True, related_name="improvement_actions", verbose_name=_("complaints")
    )
    created_by = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="complaints_action_status"
            )
        ]

    def __str__(self) -> str:
        return self.title
