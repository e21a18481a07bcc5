"""Vehicle insurance policies and their renewal opportunities (the renewal pipeline)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import DealerScopedModel, staff_ref
from dealercrm.insurance.choices import LostReason, PolicyKind, RenewalStatus


class InsurancePolicy(DealerScopedModel):
    """A policy on one vehicle; its end date drives the renewal reminder and opportunity."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="insurance_policies",
        verbose_name=_("policy holder"),
    )  # fmt: skip
    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        on_delete=models.CASCADE,
        related_name="insurance_policies",
        verbose_name=_("vehicle"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=PolicyKind.choices, default=PolicyKind.COMMERCIAL
    )
    insurer = models.CharField(_("insurer"), max_length=60)
    policy_number = models.CharField(_("policy number"), max_length=40, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    premium = models.DecimalField(_("premium"), max_digits=10, decimal_places=2)
    sold_here = models.BooleanField(_("sold by this dealer"), default=True)
    renewal_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals",
        verbose_name=_("renews"),
    )  # fmt: skip
    created_by = staff_ref(_("recorded by"))

    class Meta:
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        ordering = ["-ends_on"]
        indexes = [
            models.Index(fields=["ends_on"], name="insurance_policy_ends_idx"),
            models.Index(fields=["vehicle", "-ends_on"], name="insurance_policy_vehicle_idx"),
            models.Index(fields=["customer", "-ends_on"], name="insurance_policy_customer_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="insurance_policy_dates"),
            models.CheckConstraint(condition=Q(premium__gte=0), name="insurance_policy_premium"),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.policy_number}".strip()


class RenewalOpportunity(DealerScopedModel):
    """The chance to renew one policy: opened 60 days before it ends by the daily job, then quoted, renewed
    (a new policy that renews this one) or lost with a reason; still open 30 days after the end = lost."""

    policy = models.OneToOneField(
        InsurancePolicy, on_delete=models.CASCADE, related_name="renewal", verbose_name=_("policy")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="renewal_opportunities",
        verbose_name=_("customer"),
    )  # fmt: skip
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.CASCADE, related_name="renewal_opportunities",
        verbose_name=_("vehicle"),
    )  # fmt: skip
    due_on = models.DateField(_("policy ends on"))
    status = models.CharField(
        _("status"), max_length=8, choices=RenewalStatus.choices, default=RenewalStatus.OPEN
    )
    quoted_premium = models.DecimalField(
        _("quoted premium"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    quoted_at = models.DateTimeField(_("quoted at"), null=True, blank=True)
    lost_reason = models.CharField(
        _("reason lost"), max_length=16, choices=LostReason.choices, blank=True, default=""
    )
    note = models.TextField(_("note"), blank=True)
    renewed_policy = models.ForeignKey(
        InsurancePolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("renewal policy"),
    )  # fmt: skip
    assigned_to = staff_ref(_("assigned to"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("renewal opportunity")
        verbose_name_plural = _("renewal opportunities")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["dealer", "status", "due_on"], name="insurance_opp_pipeline_idx"),
            models.Index(fields=["dealer", "due_on"], name="insurance_opp_due_idx"),
            models.Index(
                fields=["due_on"], condition=Q(status__in=["open", "quoted"]), name="insurance_opp_open_idx"
            ),
            models.Index(fields=["customer", "-due_on"], name="insurance_opp_customer_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RenewalStatus.values), name="insurance_opp_status"),
            models.CheckConstraint(
                condition=Q(quoted_premium__isnull=True) | Q(quoted_premium__gte=0),
                name="insurance_opp_quote",
            ),
            models.CheckConstraint(
                condition=~Q(status="lost") | ~Q(lost_reason=""), name="insurance_opp_lost_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} → {self.due_on}"
