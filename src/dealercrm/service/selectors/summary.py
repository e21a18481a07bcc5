"""What the customer 360 page shows of after-sales: open orders, recent history, due dates, bookings, spend.

Two queries whatever the history: the orders (open ones and the latest closed, with the customer's spend
annotated), and the customer's vehicles (with the stored due date and the booking, at most one per vehicle).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from dealercrm.customers.models import Customer
from dealercrm.org.access import Actor
from dealercrm.service.choices import OPEN_STATUSES, AppointmentStatus, HalfDay
from dealercrm.service.models import Appointment, CustomerSpend, RepairOrder
from dealercrm.vehicles.models import Vehicle

HISTORY = 10


@dataclass
class VehicleLine:
    vehicle: Vehicle
    due_on: date | None
    appointment_id: int | None
    appointment_on: date | None
    appointment_half_day: str

    @property
    def appointment_label(self) -> str:
        return str(HalfDay(self.appointment_half_day).label) if self.appointment_half_day else ""


@dataclass
class CustomerServiceSummary:
    customer: Customer
    open_orders: list[RepairOrder] = field(default_factory=list)
    history: list[RepairOrder] = field(default_factory=list)  # the latest handed-over or cancelled orders
    vehicles: list[VehicleLine] = field(default_factory=list)  # the customer's current vehicles
    spend_total: Decimal | None = None
    spend_orders: int = 0
    today: date | None = None

    @property
    def due(self) -> list[VehicleLine]:
        """Vehicles with a due date, soonest first."""
        return sorted((v for v in self.vehicles if v.due_on), key=lambda v: v.due_on)

    @property
    def appointments(self) -> list[VehicleLine]:
        """Vehicles booked in from today on, soonest first."""
        booked = (v for v in self.vehicles if v.appointment_on and v.appointment_on >= self.today)
        return sorted(booked, key=lambda v: (v.appointment_on, v.appointment_half_day))

    @property
    def next_due_on(self) -> date | None:
        due = self.due
        return due[0].due_on if due else None


def customer_service_summary(actor: Actor, customer: Customer) -> CustomerServiceSummary:
    actor.check_dealer(customer.dealer_id)
    spend = CustomerSpend.objects.filter(customer=OuterRef("customer_id"))
    orders = list(
        RepairOrder.objects.filter(customer=customer)
        .select_related("vehicle", "advisor")
        .annotate(
            in_workshop=Q(status__in=OPEN_STATUSES),
            place=Window(
                RowNumber(), partition_by=[F("in_workshop")], order_by=[F("opened_on").desc(), F("id").desc()]
            ),
            spend_total=Subquery(spend.values("total")[:1]),
            spend_orders=Subquery(spend.values("orders")[:1]),
        )
        .annotate(rank=Case(When(in_workshop=True, then=Value(0)), default=F("place")))  # open orders: all
        .filter(rank__lte=HISTORY)
        .order_by("-opened_on", "-id")
    )
    booking = Appointment.objects.filter(vehicle=OuterRef("pk"), status=AppointmentStatus.BOOKED)
    vehicles = (
        Vehicle.objects.filter(current_owner=customer)
        .select_related("service_due")
        .annotate(
            appointment_id=Subquery(booking.values("id")[:1]),
            appointment_on=Subquery(booking.values("on")[:1]),
            appointment_half_day=Subquery(booking.values("half_day")[:1]),
        )
        .order_by("id")
    )
    lines = [
        VehicleLine(
            vehicle=v,
            due_on=getattr(getattr(v, "service_due", None), "next_service_due_on", None),
            appointment_id=v.appointment_id,
            appointment_on=v.appointment_on,
            appointment_half_day=v.appointment_half_day or "",
        )
        for v in vehicles
    ]
    return CustomerServiceSummary(
        customer=customer,
        open_orders=[o for o in orders if o.in_workshop],
        history=[o for o in orders if not o.in_workshop],
        vehicles=lines,
        spend_total=orders[0].spend_total if orders else None,
        spend_orders=(orders[0].spend_orders or 0) if orders else 0,
        today=timezone.localdate(),
    )
