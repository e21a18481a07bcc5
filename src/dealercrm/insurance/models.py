"""Vehicle insurance policies and their renewal opportunities (the renewal pipeline)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import DealerScopedModel
from dealercrm.insurance.choices import PolicyKind


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip

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
