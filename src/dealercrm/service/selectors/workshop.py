"""Reads of the workshop: appointments and the day's slots, repair orders, the board, re-repair rates."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from dealercrm.org.access import Actor
from dealercrm.service.choices import OPEN_STATUSES, REPAIR_TYPES, TAKES_A_BAY, Approval, HalfDay, OrderStatus
from dealercrm.service.models import Appointment, RepairLine, RepairOrder, Workshop

BOARD_COLUMNS = OPEN_STATUSES


def appointments_for(actor: Actor) -> QuerySet[Appointment]:
    return actor.scope(Appointment.objects.all())


def appointment_get(actor: Actor, pk: int) -> Appointment:
    rows = appointments_for(actor).select_related(
        "dealer", "customer", "vehicle__model", "advisor", "repair_order"
    )
    return get_object_or_404(rows, pk=pk)


def appointment_list(actor: Actor, *, on: date | None = None, status: str = "") -> QuerySet[Appointment]:
    rows = appointments_for(actor).select_related("dealer", "customer", "vehicle__model", "advisor")
    if on is not None:
        rows = rows.filter(on=on)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("on", "half_day", "id")


@dataclass
class Slot:
    half_day: str
    label: str
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


def day_slots(dealer_id: int, on: date) -> list[Slot]:
    """Capacity and bookings of each half-day at a dealer (two queries)."""
    workshop = Workshop.objects.filter(dealer_id=dealer_id).first() or Workshop(dealer_id=dealer_id)
    taken = dict(
        Appointment.objects.filter(dealer_id=dealer_id, on=on, status__in=TAKES_A_BAY)
        .values_list("half_day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [Slot(h.value, str(h.label), workshop.capacity(h.value), taken.get(h.value, 0)) for h in HalfDay]


def orders_for(actor: Actor) -> QuerySet[RepairOrder]:
    return actor.scope(RepairOrder.objects.all())


def _with_pending(rows: QuerySet[RepairOrder]) -> QuerySet[RepairOrder]:
    pending = RepairLine.objects.filter(order=OuterRef("pk"), approval=Approval.PENDING)
    return rows.annotate(has_pending=Exists(pending))


def order_get(actor: Actor, pk: int) -> RepairOrder:
    """An order with its lines, vehicle, customer and advisor (a fixed number of queries)."""
    rows = _with_pending(orders_for(actor)).select_related(
        "dealer", "vehicle__model", "customer", "advisor", "appointment", "quality_checked_by", "rerepair_of"
    )
    return get_object_or_404(
        rows.prefetch_related(Prefetch("lines", RepairLine.objects.order_by("id"))), pk=pk
    )


def order_list(actor: Actor, *, status: str = "", vehicle_id: int | None = None) -> QuerySet[RepairOrder]:
    rows = _with_pending(orders_for(actor)).select_related("dealer", "vehicle__model", "customer", "advisor")
    if status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if vehicle_id:
        rows = rows.filter(vehicle_id=vehicle_id)
    return rows.order_by("-opened_on", "-id")


@dataclass
class BoardColumn:
    status: str
    label: str
    orders: list[RepairOrder]


def board(actor: Actor, *, dealer_id: int | None = None) -> list[BoardColumn]:
    """Every open order, in one column per step: one query whatever the number of orders."""
    rows = _with_pending(orders_for(actor)).filter(status__in=OPEN_STATUSES)
    if dealer_id:
        rows = rows.filter(dealer_id=dealer_id)
    rows = rows.select_related("dealer", "vehicle__model", "customer", "advisor").order_by(
        "status_changed_at", "id"
    )
    columns = {status: BoardColumn(status, str(OrderStatus(status).label), []) for status in BOARD_COLUMNS}
    for order in rows:
        columns[order.status].orders.append(order)
    return list(columns.values())


@dataclass
class FixRate:
    """Over repair orders handed over in a period: how many came back for the same concern (first-time fix
    is the rest), and how many were themselves a comeback (re-repair)."""

    key: object  # a dealer code or an advisor
    repairs: int
    came_back: int
    rerepairs: int

    @property
    def first_time_fix_rate(self) -> float | None:
        return (self.repairs - self.came_back) / self.repairs if self.repairs else None

    @property
    def rerepair_rate(self) -> float | None:
        return self.rerepairs / self.repairs if self.repairs else None


def fix_rates(actor: Actor, *, start: date, end: date) -> tuple[list[FixRate], list[FixRate]]:
    """(per dealer, per advisor), each one aggregate query."""
    comeback = RepairOrder.objects.filter(rerepair_of=OuterRef("pk"))
    rows = (
        orders_for(actor)
        .filter(status=OrderStatus.HANDED_OVER, service_type__in=REPAIR_TYPES)
        .filter(handed_over_on__gte=start, handed_over_on__lte=end)
        .annotate(came_back=Exists(comeback))
    )
    measures = {
        "repairs": Count("id"),
        "came_back_n": Count("id", filter=Q(came_back=True)),
        "rerepairs": Count("id", filter=Q(rerepair_of__isnull=False)),
    }
    per_dealer = [
        FixRate(r["dealer__code"], r["repairs"], r["came_back_n"], r["rerepairs"])
        for r in rows.values("dealer__code").annotate(**measures).order_by("dealer__code")
    ]
    by_advisor = list(rows.values("advisor_id").annotate(**measures).order_by("advisor_id"))
    users = get_user_model().objects.in_bulk([r["advisor_id"] for r in by_advisor if r["advisor_id"]])
    per_advisor = [
        FixRate(users.get(r["advisor_id"]), r["repairs"], r["came_back_n"], r["rerepairs"])
        for r in by_advisor
    ]
    return per_dealer, per_advisor
