"""Per-dealer sales settings: the follow-up interval of each grade, OEM response time, discount threshold and
how new leads are assigned. A dealer without a row works with the defaults (SalesSettings.defaults)."""

from decimal import Decimal

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import TimeStampedModel
from dealercrm.sales.choices import AssignmentMode, Grade, LeadSource

MAX_INTERVAL_DAYS = 90


class SalesSettings(TimeStampedModel):
    dealer = models.OneToOneField(
        "org.Dealer", on_delete=models.CASCADE, related_name="sales_settings", verbose_name=_("dealer")
    )
    interval_h = models.PositiveSmallIntegerField(_("H: follow up every (days)"), default=2)
    interval_a = models.PositiveSmallIntegerField(_("A: follow up every (days)"), default=4)
    interval_b = models.PositiveSmallIntegerField(_("B: follow up every (days)"), default=7)
    interval_c = models.PositiveSmallIntegerField(_("C: follow up every (days)"), default=14)
    oem_response_hours = models.PositiveSmallIntegerField(
        _("OEM lead response time (hours)"),
        default=24,
        help_text=_("From the lead's arrival to first contact."),
    )
    discount_threshold_percent = models.DecimalField(
        _("discount needing the GM's approval (percent of price, above)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
    )
    assignment_mode = models.CharField(
        _("assignment of new leads"),
        max_length=20,
        choices=AssignmentMode.choices,
        default=AssignmentMode.ROUND_ROBIN,
    )

    class Meta:
        verbose_name = _("sales settings")
        verbose_name_plural = _("sales settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_h__gte=1, interval_h__lte=MAX_INTERVAL_DAYS)
                & Q(interval_a__gte=1, interval_a__lte=MAX_INTERVAL_DAYS)
                & Q(interval_b__gte=1, interval_b__lte=MAX_INTERVAL_DAYS)
                & Q(interval_c__gte=1, interval_c__lte=MAX_INTERVAL_DAYS),
                name="sales_settings_intervals_range",
            ),
            models.CheckConstraint(
                condition=Q(oem_response_hours__gte=1, oem_response_hours__lte=720),
                name="sales_settings_oem_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(discount_threshold_percent__gte=0, discount_threshold_percent__lte=100),
                name="sales_settings_discount_range",
            ),
            models.CheckConstraint(
                condition=Q(assignment_mode__in=AssignmentMode.values), name="sales_settings_mode_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.dealer)

    @classmethod
    def defaults(cls, dealer_id: int) -> "SalesSettings":
        """The settings a dealer works with before anyone changed them (unsaved)."""
        return cls(dealer_id=dealer_id)

    def interval(self, grade: str) -> int:
        return getattr(self, f"interval_{grade.lower()}")

    def intervals(self) -> dict[str, int]:
        return {grade.value: self.interval(grade) for grade in Grade}


class SourceOwner(TimeStampedModel):
    """A fixed owner for the new leads of one source at one dealer (used in the by-source mode)."""

    dealer = models.ForeignKey("org.Dealer", on_delete=models.CASCADE, verbose_name=_("dealer"))
    source = models.CharField(_("source"), max_length=20, choices=LeadSource.choices)
    owner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("sales consultant"),
    )

    class Meta:
        verbose_name = _("fixed owner per source")
        verbose_name_plural = _("fixed owners per source")
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "source"], name="sales_sourceowner_unique"),
            models.CheckConstraint(condition=Q(source__in=LeadSource.values), name="sales_sourceowner_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} → {self.owner}"
