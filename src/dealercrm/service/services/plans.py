"""Service plans, workshop capacity, readings that move the due date, and the due-service reminders."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dealercrm.followups.services import record_events
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.service.choices import OPEN_STATUSES, SERVICE_TYPES, AppointmentStatus, OrderStatus
from dealercrm.service.due import vehicle_due_refresh
from dealercrm.service.models import (
    Appointment,
    RepairOrder,
    ServicePlan,
    ServiceReminder,
    VehicleDue,
    Workshop,
)
from dealercrm.vehicles.choices import OdometerSource
from dealercrm.vehicles.models import OdometerReading, Vehicle, VehicleModel
from dealercrm.vehicles.services import odometer_record

REMIND_AHEAD_DAYS = 30  # a vehicle due within this many days is reminded
REMIND_LATE_DAYS = 30  # …and one that became due this recently and was not reminded yet
MAX_CAPACITY = 200

# field -> (smallest, largest) allowed
PLAN_LIMITS: dict[str, tuple[int, int]] = {
    "first_service_km": (500, 100_000),
    "first_service_months": (1, 60),
    "every_km": (1_000, 100_000),
    "every_months": (1, 60),
    "warranty_years": (0, 20),
    "warranty_km": (0, 2_000_000),
}
MAX_TYPICAL_KM_PER_DAY = Decimal("1000")


def _clean_plan(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in (*PLAN_LIMITS, "typical_km_per_day")}
    errors: dict[str, list[str]] = {}
    for name, (low, high) in PLAN_LIMITS.items():
        value = cleaned.get(name)
        if value is None:
            errors[name] = [_("This field is required.")]
        elif not low <= value <= high:
            errors[name] = [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
    rate = cleaned.get("typical_km_per_day")
    if rate is not None and not Decimal(0) <= rate <= MAX_TYPICAL_KM_PER_DAY:
        errors["typical_km_per_day"] = [_("Enter a rate from 0 to 1000 km per day.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def plan_save(*, actor: Actor, model: VehicleModel | None, fields: dict) -> ServicePlan:
    """Create or change the plan of a model (model None: the fleet default). Due dates follow in the nightly
    recompute."""
    cleaned = _clean_plan(fields)
    plan = ServicePlan.objects.select_for_update().filter(model=model).first() or ServicePlan(model=model)
    for name, value in cleaned.items():
        setattr(plan, name, value)
    plan.save()
    return plan


@transaction.atomic
def workshop_set(*, actor: Actor, dealer: Dealer, am_capacity: int, pm_capacity: int) -> Workshop:
    actor.check_dealer(dealer.pk)
    errors = {
        name: [_("Enter a number of bays from 0 to %(max)s.") % {"max": MAX_CAPACITY}]
        for name, value in (("am_capacity", am_capacity), ("pm_capacity", pm_capacity))
        if value is None or not 0 <= value <= MAX_CAPACITY
    }
    if errors:
        raise ValidationError(errors)
    workshop, _created = Workshop.objects.update_or_create(
        dealer=dealer, defaults={"am_capacity": am_capacity, "pm_capacity": pm_capacity}
    )
    return workshop


@transaction.atomic
def vehicle_reading_record(
    *,
    actor: Actor,
    vehicle: Vehicle,
    km: int,
    read_on: date,
    meter_replaced: bool = False,
    source: str = OdometerSource.MANUAL,
) -> OdometerReading:
    """Record a reading (vehicles' own rules) and move the vehicle's due date at once."""
    reading = odometer_record(
        actor=actor, vehicle=vehicle, km=km, read_on=read_on, source=source, meter_replaced=meter_replaced
    )
    vehicle_due_refresh(vehicle_id=vehicle.pk)
    return reading


def last_service_id(vehicle_ref: str = "pk") -> Subquery:
    """The id of a vehicle's last handed-over first service or maintenance order (for OuterRef(vehicle_ref))."""
    orders = RepairOrder.objects.filter(
        vehicle=OuterRef(vehicle_ref), status=OrderStatus.HANDED_OVER, service_type__in=SERVICE_TYPES
    ).order_by(Coalesce("reading__read_on", "opened_on").desc(), "-id")
    return Subquery(orders.values("id")[:1])


def due_candidates(dealer_id: int, on: date):
    """Vehicles of a dealer due inside the reminder window, with an owner, not booked in, not in the workshop,
    and not yet reminded for this service: an index range on (dealer, next_service_due_on)."""
    booked = Appointment.objects.filter(vehicle=OuterRef("vehicle_id"), status=AppointmentStatus.BOOKED)
    in_workshop = RepairOrder.objects.filter(vehicle=OuterRef("vehicle_id"), status__in=OPEN_STATUSES)
    reminded = ServiceReminder.objects.filter(
        vehicle=OuterRef("vehicle_id"), after_order_id=OuterRef("after")
    )
    return (
        VehicleDue.objects.filter(
            dealer_id=dealer_id,
            next_service_due_on__gte=on - timedelta(days=REMIND_LATE_DAYS),
            next_service_due_on__lte=on + timedelta(days=REMIND_AHEAD_DAYS),
            vehicle__current_owner__isnull=False,
        )
        .annotate(after=Coalesce(last_service_id("vehicle_id"), Value(0)))
        .exclude(Exists(booked))
        .exclude(Exists(in_workshop))
        .exclude(Exists(reminded))
        .order_by()
    )


@transaction.atomic
def reminders_record(*, on: date) -> dict[str, int]:
    """first_service_due / service_due events for the vehicles entering the window: O(due), not O(fleet)."""
    first, regular, reminders = [], [], []
    for dealer_id in Dealer.objects.filter(is_active=True).values_list("id", flat=True):
        rows = due_candidates(dealer_id, on).values_list(
            "vehicle_id", "vehicle__current_owner_id", "next_service_due_on", "after"
        )
        for vehicle_id, customer_id, due_on, after in rows.iterator(chunk_size=5000):
            event = (customer_id, vehicle_id, due_on, f"service.vehicle:{vehicle_id}:{due_on.isoformat()}")
            (first if after == 0 else regular).append(event)
            reminders.append(
                ServiceReminder(
                    vehicle_id=vehicle_id,
                    after_order_id=after,
                    is_first_service=after == 0,
                    due_on=due_on,
                    recorded_on=on,
                )
            )
    purposes = 0
    if first:
        purposes += record_events(kind="first_service_due", events=first)
    if regular:
        purposes += record_events(kind="service_due", events=regular)
    ServiceReminder.objects.bulk_create(reminders, batch_size=5000, ignore_conflicts=True)
    return {"first_service_due": len(first), "service_due": len(regular), "purposes": purposes}
