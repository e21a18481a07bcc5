"""After-sales: service plans, workshop capacity, appointments, repair orders and their lines, spend, reminders."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import DealerScopedModel, TimeStampedModel, staff_ref
from dealercrm.service.choices import (
    OPEN_STATUSES,
    AppointmentStatus,
    Approval,
    Concern,
    HalfDay,
    LineKind,
    OrderStatus,
    Payer,
    ServiceType,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class ServicePlan(TimeStampedModel):
    """When a model is serviced: the first service at X km or Y months, then every N km or M months,
    whichever comes first. The plan without a model is the fleet default, for models without their own."""

    model = models.ForeignKey(
        "vehicles.VehicleModel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="service_plans",
        verbose_name=_("vehicle model"),
        help_text=_("Empty for the fleet default plan."),
    )
    first_service_km = models.PositiveIntegerField(_("first service at km"), default=5000)
    first_service_months = models.PositiveSmallIntegerField(_("first service at months"), default=6)
    every_km = models.PositiveIntegerField(_("then every km"), default=10000)
    every_months = models.PositiveSmallIntegerField(_("then every months"), default=12)
    warranty_years = models.PositiveSmallIntegerField(_("warranty years"), default=3)
    warranty_km = models.PositiveIntegerField(_("warranty km"), default=100000)
    typical_km_per_day = models.DecimalField(
        _("typical km per day"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Used while a vehicle has fewer than two usable odometer readings."),
    )

    class Meta:
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")
        constraints = [
            models.UniqueConstraint(Coalesce(F("model"), Value(0)), name="service_plan_one_per_model"),
            models.CheckConstraint(
                condition=Q(first_service_km__gt=0, every_km__gt=0, first_service_months__gt=0)
                & Q(every_months__gt=0),
                name="service_plan_positive_intervals",
            ),
        ]

    def __str__(self) -> str:
        return str(self.model) if self.model_id else str(_("Fleet default"))


class Workshop(DealerScopedModel):
    """A dealer's workshop: how many vehicles it takes per half-day. Bookings lock this row."""

    am_capacity = models.PositiveSmallIntegerField(_("bays in the morning"), default=6)
    pm_capacity = models.PositiveSmallIntegerField(_("bays in the afternoon"), default=6)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [models.UniqueConstraint(fields=["dealer"], name="service_one_workshop_per_dealer")]

    def __str__(self) -> str:
        return str(self.dealer)

    def capacity(self, half_day: str) -> int:
        return self.am_capacity if half_day == HalfDay.AM else self.pm_capacity


class Appointment(DealerScopedModel):
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("customer"),
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.PROTECT, related_name="appointments", verbose_name=_("vehicle")
    )
    on = models.DateField(_("date"))
    half_day = models.CharField(_("half-day"), max_length=2, choices=HalfDay.choices)
    advisor = staff_ref(_("service advisor"))
    service_type = models.CharField(
        _("service type"), max_length=20, choices=ServiceType.choices, default=ServiceType.MAINTENANCE
    )
    concern = models.CharField(_("customer's concern"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_by = staff_ref(_("booked by"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["on", "half_day", "id"]
        indexes = [
            models.Index(fields=["dealer", "on", "half_day", "status"], name="service_appt_slot_idx"),
            models.Index(fields=["on", "status"], name="service_appt_day_idx"),
            models.Index(fields=["customer", "-on"], name="service_appt_customer_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"],
                condition=Q(status=AppointmentStatus.BOOKED),
                name="service_one_booking_per_vehicle",
            ),
            models.CheckConstraint(condition=Q(half_day__in=HalfDay.values), name="service_appt_half_day"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_half_day_display()} · {self.vehicle_id}"


class RepairOrder(DealerScopedModel):
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.PROTECT, related_name="repair_orders", verbose_name=_("vehicle")
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name=_("customer"),
    )
    appointment = models.OneToOneField(
        Appointment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repair_order",
        verbose_name=_("appointment"),
    )
    advisor = staff_ref(_("service advisor"))
    technician = models.CharField(_("technician"), max_length=60, blank=True)
    service_type = models.CharField(_("service type"), max_length=20, choices=ServiceType.choices)
    concern = models.CharField(_("concern"), max_length=20, choices=Concern.choices, default=Concern.ROUTINE)
    description = models.TextField(_("customer's description"), blank=True)
    reading = models.ForeignKey(
        "vehicles.OdometerReading",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("odometer reading"),
    )
    km = models.PositiveIntegerField(_("odometer km"))
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.CHECKED_IN
    )
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    estimate_approved_at = models.DateTimeField(_("estimate approved at"), null=True, blank=True)
    quality_checked_by = staff_ref(_("quality checked by"))
    quality_checked_at = models.DateTimeField(_("quality checked at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    customer_total = models.DecimalField(_("paid by the customer"), default=ZERO, **MONEY)
    # Set by the loyalty app through order_terms_set: the member's tier discount on customer-paid lines, and
    # points redeemed against this order (their value comes off what the customer pays).
    member_discount_percent = models.DecimalField(
        _("member discount %"), max_digits=5, decimal_places=2, default=ZERO
    )
    points_redeemed = models.PositiveIntegerField(_("points redeemed"), default=0)
    points_value = models.DecimalField(_("paid with points"), default=ZERO, **MONEY)
    rerepair_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comebacks",
        verbose_name=_("re-repair of"),
    )

    class Meta:
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["dealer", "status"], name="service_ro_board_idx"),
            models.Index(fields=["vehicle", "status", "service_type"], name="service_ro_vehicle_idx"),
            models.Index(fields=["customer", "-opened_on"], name="service_ro_customer_idx"),
            models.Index(fields=["dealer", "handed_over_on"], name="service_ro_closed_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"], condition=Q(status__in=OPEN_STATUSES), name="service_one_open_order"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, customer_total__gte=0), name="service_ro_amounts"
            ),
            models.CheckConstraint(
                condition=Q(
                    member_discount_percent__gte=0, member_discount_percent__lte=100, points_value__gte=0
                ),
                name="service_ro_member_terms",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"RO{self.pk:06d}" if self.pk else "RO"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RepairLine(TimeStampedModel):
    """Labour (hours x rate) or a part (quantity x price). Nothing is done before the customer approves it."""

    order = models.ForeignKey(
        RepairOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    part_number = models.CharField(_("part number"), max_length=40, blank=True)
    quantity = models.DecimalField(_("hours or quantity"), max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(_("rate or unit price"), max_digits=10, decimal_places=2)
    discount = models.DecimalField(_("member discount"), default=ZERO, **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices, default=Payer.CUSTOMER)
    is_addition = models.BooleanField(_("added work"), default=False)
    approval = models.CharField(
        _("approval"), max_length=10, choices=Approval.choices, default=Approval.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("repair order line")
        verbose_name_plural = _("repair order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0, unit_price__gte=0, amount__gte=0), name="service_line_amounts"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class CustomerSpend(TimeStampedModel):
    """What a customer has paid the workshop, added up at each hand-over (read by loyalty and the 360 page)."""

    customer = models.OneToOneField(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="service_spend",
        verbose_name=_("customer"),
    )
    dealer = models.ForeignKey(
        "org.Dealer", on_delete=models.PROTECT, related_name="+", verbose_name=_("dealer")
    )
    total = models.DecimalField(_("total spend"), max_digits=14, decimal_places=2, default=ZERO)
    orders = models.PositiveIntegerField(_("repair orders"), default=0)
    last_order_on = models.DateField(_("last hand-over"), null=True, blank=True)

    class Meta:
        # Segments: "last visit before / after".
        indexes = [
            models.Index(fields=["dealer", "last_order_on", "customer"], name="service_spend_last_visit_idx")
        ]
        verbose_name = _("customer service spend")
        verbose_name_plural = _("customer service spend")


class VehicleDue(models.Model):
    """Derived for every vehicle by service.due (set-based, daily and when a repair order lands): its driving
    rate and next service date. A narrow table of its own: rewriting these two values for the whole fleet costs
    a tenth of rewriting the wide, much-indexed vehicle rows."""

    vehicle = models.OneToOneField(
        "vehicles.Vehicle",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="service_due",
        verbose_name=_("vehicle"),
    )
    dealer = models.ForeignKey(
        "org.Dealer", on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("dealer")
    )
    km_per_day = models.DecimalField(_("km per day"), max_digits=7, decimal_places=1)
    next_service_due_on = models.DateField(_("next service due"), null=True, blank=True)

    class Meta:
        verbose_name = _("vehicle service due date")
        verbose_name_plural = _("vehicle service due dates")
        indexes = [models.Index(fields=["dealer", "next_service_due_on"], name="service_due_idx")]

    def __str__(self) -> str:
        return f"{self.vehicle_id}: {self.next_service_due_on}"


class ServiceReminder(TimeStampedModel):
    """One reminder per vehicle and service milestone (the service after order N, or the first service), so a
    due date that moves with new readings is not reminded twice."""

    vehicle = models.ForeignKey(
        "vehicles.Vehicle",
        on_delete=models.CASCADE,
        related_name="service_reminders",
        verbose_name=_("vehicle"),
    )
    after_order_id = models.PositiveBigIntegerField(_("after repair order"), default=0)
    is_first_service = models.BooleanField(_("first service"), default=False)
    due_on = models.DateField(_("due on"))
    recorded_on = models.DateField(_("reminded on"))

    class Meta:
        verbose_name = _("service reminder")
        verbose_name_plural = _("service reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "after_order_id"], name="service_one_reminder_per_milestone"
            )
        ]
