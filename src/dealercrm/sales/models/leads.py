"""Leads (a prospect's interest in a car, graded and followed up) and the activities logged on them."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dealercrm.core.models import DealerScopedModel, staff_ref
from dealercrm.sales.choices import (
    ActivityKind,
    Grade,
    LeadSource,
    LeadStatus,
    LostReason,
    Purpose,
    Stage,
    TradeInCondition,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


class Lead(DealerScopedModel):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="leads", verbose_name=_("prospect")
    )
    source = models.CharField(_("source"), max_length=20, choices=LeadSource.choices)
    external_ref = models.CharField(
        _("OEM lead reference"),
        max_length=60,
        blank=True,
        help_text=_("The lead's id at the OEM or group HQ."),
    )
    # Vehicle of interest, budget, purpose, concerns.
    model = models.ForeignKey(
        "vehicles.VehicleModel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("model of interest"),
    )
    trim = models.CharField(_("trim"), max_length=80, blank=True)
    colour = models.CharField(_("colour"), max_length=30, blank=True)
    budget_min = models.PositiveIntegerField(_("budget from (CNY)"), null=True, blank=True)
    budget_max = models.PositiveIntegerField(_("budget up to (CNY)"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, blank=True, default="")
    concerns = models.TextField(_("key concerns"), blank=True)
    influencers = models.ManyToManyField(
        "customers.Customer",
        blank=True,
        related_name="influenced_leads",
        verbose_name=_("decision influencers"),
    )
    # Trade-in.
    trade_in_vehicle = models.CharField(
        _("trade-in vehicle"), max_length=120, blank=True, help_text=_("Make, model and year.")
    )
    trade_in_km = models.PositiveIntegerField(_("trade-in km"), null=True, blank=True)
    trade_in_condition = models.CharField(
        _("trade-in condition"), max_length=10, choices=TradeInCondition.choices, blank=True, default=""
    )
    trade_in_offer = models.DecimalField(_("trade-in offer (CNY)"), null=True, blank=True, **MONEY)
    # Pipeline.
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.B)
    status = models.CharField(_("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NEW)
    owner = staff_ref(_("sales consultant"), "sales_leads")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    created_by = staff_ref(_("created by"))
    # Cadence: the current grade's interval runs from cadence_from (the last contact or grade change).
    cadence_from = models.DateField(_("cadence from"))
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("first contact due by"), null=True, blank=True)
    # Lost (战败): requested by the consultant, decided by a manager.
    lost_reason = models.CharField(_("lost reason"), max_length=20, choices=LostReason.choices, blank=True)
    lost_competitor = models.CharField(_("competitor bought"), max_length=80, blank=True)
    lost_note = models.TextField(_("lost note"), blank=True)
    lost_requested_by = staff_ref(_("lost requested by"))
    lost_requested_at = models.DateTimeField(_("lost requested at"), null=True, blank=True)
    lost_decided_by = staff_ref(_("lost decided by"))
    lost_decided_at = models.DateTimeField(_("lost decided at"), null=True, blank=True)
    # Funnel milestones (first time each happened), for the funnel report.
    test_driven_at = models.DateTimeField(_("first test drive"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("ordered at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    lost_at = models.DateTimeField(_("lost at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["dealer", "status", "next_follow_up_on"], name="sales_lead_due_idx"),
            models.Index(fields=["owner", "status", "next_follow_up_on"], name="sales_lead_owner_due_idx"),
            models.Index(fields=["dealer", "status", "grade", "cadence_from"], name="sales_lead_cadence_idx"),
            models.Index(fields=["dealer", "created_at"], name="sales_lead_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=LeadSource.values), name="sales_lead_source_known"),
            models.CheckConstraint(condition=Q(grade__in=Grade.values), name="sales_lead_grade_known"),
            models.CheckConstraint(condition=Q(status__in=LeadStatus.values), name="sales_lead_status_known"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="sales_lead_stage_known"),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=F("budget_max")),
                name="sales_lead_budget_range",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[LeadStatus.LOST, LeadStatus.LOST_PENDING]) | ~Q(lost_reason=""),
                name="sales_lead_lost_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(lost_reason=LostReason.COMPETITOR) | ~Q(lost_competitor=""),
                name="sales_lead_lost_competitor_named",
            ),
            models.UniqueConstraint(
                fields=["dealer", "source", "external_ref"],
                condition=~Q(external_ref=""),
                name="sales_lead_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer.name}" if self.customer_id else f"#{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (LeadStatus.OPEN, LeadStatus.LOST_PENDING)


class Activity(DealerScopedModel):
    """A call, visit, message or note on a lead (each also a line on the customer's timeline)."""

    lead = models.ForeignKey(
        Lead, on_delete=models.CASCADE, related_name="activities", verbose_name=_("lead")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    grade = models.CharField(
        _("grade after"), max_length=1, choices=Grade.choices, blank=True, help_text=_("Blank: unchanged.")
    )
    actor = staff_ref(_("by"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["lead", "-occurred_at", "-id"], name="sales_activity_lead_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="sales_activity_kind_known"
            ),
        ]
