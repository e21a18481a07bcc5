"""Test drives: the demo fleet, bookings, and one row per booked 30-minute slot.

No double booking is a database rule: every booked half hour of a demo car is a TestDriveSlot row, unique per
(car, start). Two overlapping bookings of one car cannot both commit, on SQLite as on PostgreSQL; a cancelled
booking gives its slots back.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import DealerScopedModel, staff_ref
from dealercrm.sales.choices import TestDriveStatus

SLOT_MINUTES = 30
SCORE_FIELDS = ("score_overall", "score_handling", "score_comfort", "score_features")


class DemoVehicle(DealerScopedModel):
    model = models.ForeignKey(
        "vehicles.VehicleModel", on_delete=models.PROTECT, related_name="+", verbose_name=_("model")
    )
    plate = models.CharField(_("plate"), max_length=10)
    colour = models.CharField(_("colour"), max_length=30, blank=True)
    is_active = models.BooleanField(_("in the demo fleet"), default=True)

    class Meta:
        verbose_name = _("demo vehicle")
        verbose_name_plural = _("demo fleet")
        ordering = ["plate"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "plate"], name="sales_demovehicle_plate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plate} · {self.model}"


def _score(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class TestDrive(DealerScopedModel):
    lead = models.ForeignKey(
        "sales.Lead", on_delete=models.CASCADE, related_name="test_drives", verbose_name=_("lead")
    )
    demo_vehicle = models.ForeignKey(
        DemoVehicle, on_delete=models.PROTECT, related_name="test_drives", verbose_name=_("demo vehicle")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=TestDriveStatus.choices, default=TestDriveStatus.BOOKED
    )
    licence_number = models.CharField(_("driving licence number"), max_length=18)
    licence_expires_on = models.DateField(_("driving licence valid until"))
    route = models.CharField(_("route"), max_length=200, blank=True)
    score_overall = _score(_("overall impression"))
    score_handling = _score(_("handling"))
    score_comfort = _score(_("comfort"))
    score_features = _score(_("features and technology"))
    feedback_notes = models.TextField(_("feedback"), blank=True)
    booked_by = staff_ref(_("booked by"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("test drive")
        verbose_name_plural = _("test drives")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["dealer", "starts_at"], name="sales_testdrive_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="sales_testdrive_times"),
            models.CheckConstraint(
                condition=Q(status__in=TestDriveStatus.values), name="sales_testdrive_status_known"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"sales_testdrive_{name}_range",
                )
                for name in SCORE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.demo_vehicle_id} {self.starts_at:%Y-%m-%d %H:%M}"


class TestDriveSlot(models.Model):
    """One booked half hour of one demo car."""

    test_drive = models.ForeignKey(
        TestDrive, on_delete=models.CASCADE, related_name="slots", verbose_name=_("test drive")
    )
    demo_vehicle = models.ForeignKey(
        DemoVehicle, on_delete=models.CASCADE, related_name="+", verbose_name=_("demo vehicle")
    )
    starts_at = models.DateTimeField(_("slot"))

    class Meta:
        verbose_name = _("booked slot")
        verbose_name_plural = _("booked slots")
        constraints = [
            models.UniqueConstraint(fields=["demo_vehicle", "starts_at"], name="sales_slot_no_double_booking")
        ]

    def __str__(self) -> str:
        return f"{self.demo_vehicle_id} {self.starts_at:%Y-%m-%d %H:%M}"
