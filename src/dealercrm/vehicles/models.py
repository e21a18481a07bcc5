"""Vehicles: the model catalogue, each car, who has owned it and how far it has driven."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dealercrm.core.models import DealerScopedModel, TimeStampedModel, staff_ref
from dealercrm.vehicles.choices import OdometerSource


class VehicleModel(TimeStampedModel):
    """Reference data kept by admins: brand, series, trim and model year."""

    brand = models.CharField(_("brand"), max_length=40)
    series = models.CharField(_("series"), max_length=60)
    trim = models.CharField(_("trim"), max_length=80, blank=True)
    model_year = models.PositiveSmallIntegerField(_("model year"))
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("vehicle model")
        verbose_name_plural = _("vehicle models")
        ordering = ["brand", "series", "-model_year", "trim"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "series", "trim", "model_year"], name="vehicles_model_unique"
            ),
            models.CheckConstraint(
                condition=Q(model_year__gte=1990, model_year__lte=2100), name="vehicles_model_year_range"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in [self.brand, self.series, str(self.model_year), self.trim] if p)


class Vehicle(DealerScopedModel):
    vin = models.CharField(_("VIN"), max_length=17)
    vin_tail6 = models.CharField(_("VIN last six"), max_length=6, editable=False)
    plate = models.CharField(_("plate"), max_length=10, blank=True)
    model = models.ForeignKey(
        VehicleModel, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("model")
    )
    colour = models.CharField(_("colour"), max_length=30, blank=True)
    purchased_on = models.DateField(_("purchase date"), null=True, blank=True)
    first_visit_on = models.DateField(_("first visit date"), null=True, blank=True)
    first_visit_km = models.PositiveIntegerField(_("first visit km"), null=True, blank=True)
    current_owner = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vehicles",
        verbose_name=_("current owner"),
    )
    history = HistoricalRecords(excluded_fields=["vin_tail6", "updated_at"])

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        indexes = [
            models.Index(fields=["dealer", "vin_tail6"], name="vehicles_vin_tail_idx"),
            # The care calendar (`purchased_on IN (…)`) and segments (model, purchase date of a current car).
            models.Index(fields=["purchased_on", "current_owner"], name="vehicles_purchased_owner_idx"),
            models.Index(fields=["model", "current_owner"], name="vehicles_model_owner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "vin"], name="vehicles_vin_unique"),
            models.UniqueConstraint(
                fields=["dealer", "plate"], condition=~Q(plate=""), name="vehicles_plate_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.plate or self.vin


class Ownership(TimeStampedModel):
    """Who owned the vehicle when. At most one open ownership (ended_on is null) per vehicle."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="ownerships", verbose_name=_("vehicle")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("owner")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownership history")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["customer", "-started_on"], name="vehicles_owner_customer_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"], condition=Q(ended_on__isnull=True), name="vehicles_one_open_ownership"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="vehicles_ownership_dates",
            ),
        ]


class OdometerReading(TimeStampedModel):
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="readings", verbose_name=_("vehicle")
    )
    km = models.PositiveIntegerField(_("km"))
    read_on = models.DateField(_("read on"))
    source = models.CharField(
        _("source"), max_length=20, choices=OdometerSource.choices, default=OdometerSource.MANUAL
    )
    meter_replaced = models.BooleanField(
        _("meter replaced"),
        default=False,
        help_text=_("The odometer was replaced: this reading may be lower than the previous one."),
    )
    recorded_by = staff_ref(_("recorded by"))

    class Meta:
        verbose_name = _("odometer reading")
        verbose_name_plural = _("odometer readings")
        ordering = ["read_on", "id"]
        indexes = [models.Index(fields=["vehicle", "read_on", "id"], name="vehicles_reading_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(km__lte=2_000_000), name="vehicles_reading_km_range"),
        ]
