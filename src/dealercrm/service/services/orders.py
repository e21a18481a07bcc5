"""Repair orders: open (from an appointment or a walk-in), lines and the customer's approvals, the workshop's
road from check-in to hand-over, and what the hand-over sets off (spend, the 3-day call, the next due date)."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.services import timeline_append
from dealercrm.followups.services import record_event
from dealercrm.org.access import Actor
from dealercrm.service import timeline as tl
from dealercrm.service.choices import (
    OPEN_STATUSES,
    REPAIR_TYPES,
    SERVICE_TYPES,
    TRANSITIONS,
    AppointmentStatus,
    Approval,
    Concern,
    LineKind,
    OrderStatus,
    Payer,
    ServiceType,
)
from dealercrm.service.due import vehicle_due_refresh
from dealercrm.service.models import ZERO, Appointment, CustomerSpend, RepairLine, RepairOrder
from dealercrm.service.pricing import line_price
from dealercrm.service.services.appointments import advisors_of
from dealercrm.vehicles.choices import OdometerSource
from dealercrm.vehicles.models import Vehicle
from dealercrm.vehicles.services import odometer_record

REREPAIR_DAYS = 30
CENT = Decimal("0.01")
MAX_QUANTITY = Decimal("9999")
MAX_UNIT_PRICE = Decimal("9999999")
EDITABLE = (OrderStatus.CHECKED_IN, OrderStatus.IN_PROGRESS, OrderStatus.WAITING_PARTS)
# Concerns too vague to recognise a comeback by themselves (the advisor can still say it is one).
VAGUE_CONCERNS = (Concern.ROUTINE, Concern.OTHER)


def comeback_of(vehicle_id: int, concern: str, opened_on, *, said_so: bool) -> RepairOrder | None:
    """The repair this visit comes back for: handed over within REREPAIR_DAYS, for the same concern."""
    recent = RepairOrder.objects.filter(
        vehicle_id=vehicle_id,
        status=OrderStatus.HANDED_OVER,
        service_type__in=REPAIR_TYPES,
        handed_over_on__gte=opened_on - timedelta(days=REREPAIR_DAYS),
    ).order_by("-handed_over_on", "-id")
    if not said_so:
        if concern in VAGUE_CONCERNS:
            return None
        recent = recent.filter(concern=concern)
    return recent.first()


@transaction.atomic
def order_open(
    *,
    actor: Actor,
    vehicle: Vehicle,
    km: int,
    service_type: str,
    concern: str = Concern.ROUTINE,
    description: str = "",
    advisor=None,
    appointment: Appointment | None = None,
    meter_replaced: bool = False,
    comeback: bool = False,
) -> RepairOrder:
    """Check a vehicle in: the odometer is read (it feeds the due-date prediction) and the order opens."""
    actor.check_dealer(vehicle.dealer_id)
    vehicle = (
        Vehicle.objects.select_for_update(of=("self",)).select_related("current_owner").get(pk=vehicle.pk)
    )
    errors: dict[str, list[str]] = {}
    if service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service type.")]
    if concern not in Concern.values:
        errors["concern"] = [_("Choose what the customer came in for.")]
    if vehicle.current_owner_id is None:
        errors["vehicle"] = [_("Record who owns this vehicle before opening a repair order.")]
    if advisor is not None and not advisors_of(vehicle.dealer_id).filter(pk=advisor.pk).exists():
        errors["advisor"] = [_("Choose a service advisor of this dealer.")]
    if appointment is not None:
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.vehicle_id != vehicle.pk or appointment.status != AppointmentStatus.BOOKED:
            errors["appointment"] = [_("This appointment is not a booking of this vehicle.")]
    if RepairOrder.objects.filter(vehicle=vehicle, status__in=OPEN_STATUSES).exists():
        errors["vehicle"] = [_("This vehicle already has an open repair order.")]
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    reading = odometer_record(
        actor=actor,
        vehicle=vehicle,
        km=km,
        read_on=today,
        source=OdometerSource.REPAIR_ORDER,
        meter_replaced=meter_replaced,
    )
    is_repair = service_type in REPAIR_TYPES or comeback
    order = RepairOrder.objects.create(
        dealer_id=vehicle.dealer_id,
        vehicle=vehicle,
        customer_id=vehicle.current_owner_id,
        appointment=appointment,
        advisor=advisor,
        service_type=service_type,
        concern=concern,
        description=(description or "").strip(),
        reading=reading,
        km=km,
        opened_on=today,
        rerepair_of=comeback_of(vehicle.pk, concern, today, said_so=comeback) if is_repair else None,
    )
    if appointment is not None:
        appointment.status = AppointmentStatus.ARRIVED
        appointment.save(update_fields=["status", "updated_at"])
    summary = f"{order.number} · {vehicle} · {order.get_service_type_display()} · {km:,} km"
    timeline_append(
        customer=vehicle.current_owner, kind=tl.ORDER_OPENED, actor=actor, summary=summary, ref=order
    )
    vehicle_due_refresh(vehicle_id=vehicle.pk)
    return order


def _locked(actor: Actor, order: RepairOrder) -> RepairOrder:
    actor.check_dealer(order.dealer_id)
    return RepairOrder.objects.select_for_update().get(pk=order.pk)


def _money(value, field: str, limit: Decimal, errors: dict) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = [_("Enter a number.")]
        return None
    if not amount.is_finite() or amount < 0 or amount > limit:
        errors[field] = [_("Enter a number from 0 to %(max)s.") % {"max": f"{limit:,}"}]
        return None
    return amount


def _refresh_totals(order: RepairOrder) -> None:
    approved = order.lines.filter(approval=Approval.APPROVED)
    sums = approved.aggregate(total=Sum("amount"), customer=Sum("amount", filter=Q(payer=Payer.CUSTOMER)))
    order.total = sums["total"] or ZERO
    order.customer_total = max((sums["customer"] or ZERO) - order.points_value, ZERO)
    order.save(update_fields=["total", "customer_total", "updated_at"])


@transaction.atomic
def order_line_add(
    *,
    actor: Actor,
    order: RepairOrder,
    kind: str,
    description: str,
    quantity,
    unit_price,
    part_number: str = "",
    payer: str = Payer.CUSTOMER,
) -> RepairLine:
    """Labour (hours x rate) or a part (quantity x price). Lines added after the estimate was approved are
    added work: the customer approves them too before the vehicle goes to quality check."""
    order = _locked(actor, order)
    errors: dict[str, list[str]] = {}
    if order.status not in EDITABLE:
        raise ValidationError(_("Work can no longer be added: the vehicle is past the workshop."))
    if kind not in LineKind.values:
        errors["kind"] = [_("Choose labour or part.")]
    if payer not in Payer.values:
        errors["payer"] = [_("Choose who pays.")]
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("Describe the work or the part.")]
    quantity = _money(quantity, "quantity", MAX_QUANTITY, errors)
    unit_price = _money(unit_price, "unit_price", MAX_UNIT_PRICE, errors)
    if quantity is not None and quantity <= 0:
        errors["quantity"] = [_("Enter more than zero.")]
    if errors:
        raise ValidationError(errors)
    price = line_price(quantity, unit_price, payer, order.member_discount_percent)
    return RepairLine.objects.create(
        order=order,
        kind=kind,
        description=description[:200],
        part_number=(part_number or "").strip()[:40] if kind == LineKind.PART else "",
        quantity=quantity.quantize(CENT, ROUND_HALF_UP),
        unit_price=unit_price.quantize(CENT, ROUND_HALF_UP),
        discount=price.discount,
        amount=price.amount,
        payer=payer,
        is_addition=order.estimate_approved_at is not None,
    )


@transaction.atomic
def order_decide(
    *, actor: Actor, order: RepairOrder, approve: bool, line_ids: list[int] | None = None
) -> list[RepairLine]:
    """Record the customer's answer to the estimate or to added work (all pending lines, or those given)."""
    order = _locked(actor, order)
    if order.status not in EDITABLE:
        raise ValidationError(_("This order no longer takes approvals."))
    pending = order.lines.filter(approval=Approval.PENDING)
    if line_ids is not None:
        pending = pending.filter(pk__in=line_ids)
    lines = list(pending)
    if not lines:
        raise ValidationError(_("No work is waiting for the customer's approval."))
    now = timezone.now()
    RepairLine.objects.filter(pk__in=[line.pk for line in lines]).update(
        approval=Approval.APPROVED if approve else Approval.DECLINED, decided_at=now, updated_at=now
    )
    if approve and order.estimate_approved_at is None:
        order.estimate_approved_at = now
        order.save(update_fields=["estimate_approved_at", "updated_at"])
    _refresh_totals(order)
    verdict = _("approved") if approve else _("declined")
    amount = sum((line.amount for line in lines), ZERO)
    timeline_append(
        customer=order.customer,
        kind=tl.ORDER_APPROVED,
        actor=actor,
        summary=f"{order.number} · {verdict} · {len(lines)} · ¥{amount:,.2f}",
        ref=order,
    )
    return lines


def _refuse_move(order: RepairOrder, to: str) -> None:
    if to == OrderStatus.READY and order.status in (OrderStatus.IN_PROGRESS, OrderStatus.WAITING_PARTS):
        raise ValidationError(_("The vehicle must pass the quality check before it is ready."))
    raise ValidationError(
        _("A repair order cannot go from %(from)s to %(to)s.")
        % {
            "from": OrderStatus(order.status).label,
            "to": OrderStatus(to).label if to in OrderStatus.values else to,
        }
    )


@transaction.atomic
def order_move(*, actor: Actor, order: RepairOrder, to: str) -> RepairOrder:
    """One step on the workshop's road (see choices.TRANSITIONS): no step skipped, quality check before ready."""
    order = _locked(actor, order)
    if to not in TRANSITIONS.get(order.status, ()):
        _refuse_move(order, to)
    pending = order.lines.filter(approval=Approval.PENDING).exists()
    now = timezone.now()
    starting = to == OrderStatus.IN_PROGRESS and order.status == OrderStatus.CHECKED_IN
    if starting and (
        order.estimate_approved_at is None or not order.lines.filter(approval=Approval.APPROVED).exists()
    ):
        raise ValidationError(_("The customer has not approved the estimate yet."))
    if to in (OrderStatus.QUALITY_CHECK, OrderStatus.HANDED_OVER) and pending:
        raise ValidationError(_("The customer has not decided on the added work yet."))
    if to == OrderStatus.READY:
        order.quality_checked_by_id, order.quality_checked_at = actor.user_id, now
    order.status, order.status_changed_at = to, now
    if to == OrderStatus.HANDED_OVER:
        _hand_over(actor, order, now)
    else:
        order.save()
        if to == OrderStatus.CANCELLED:
            timeline_append(
                customer=order.customer, kind=tl.ORDER_CANCELLED, actor=actor, summary=order.number, ref=order
            )
    return order


def _hand_over(actor: Actor, order: RepairOrder, now) -> None:
    today = timezone.localdate()
    order.handed_over_at, order.handed_over_on = now, today
    order.save()
    spend, _created = CustomerSpend.objects.get_or_create(
        customer_id=order.customer_id, defaults={"dealer_id": order.dealer_id}
    )
    CustomerSpend.objects.filter(pk=spend.pk).update(
        total=F("total") + order.customer_total, orders=F("orders") + 1, last_order_on=today, updated_at=now
    )
    timeline_append(
        customer=order.customer,
        kind=tl.ORDER_HANDED_OVER,
        actor=actor,
        summary=f"{order.number} · {order.get_service_type_display()} · ¥{order.customer_total:,.2f}",
        ref=order,
    )
    record_event(
        kind="repair_closed",
        customer=order.customer,
        vehicle=order.vehicle,
        occurred_on=today,
        source=f"service.repairorder:{order.pk}",
        actor=actor,
    )
    if order.service_type in SERVICE_TYPES:
        vehicle_due_refresh(vehicle_id=order.vehicle_id)


@transaction.atomic
def order_terms_set(
    *,
    actor: Actor,
    order: RepairOrder,
    discount_percent: Decimal,
    points: int = 0,
    points_value: Decimal = ZERO,
) -> RepairOrder:
    """The member terms of an order, set by the loyalty app: every customer-paid line is re-priced with the
    discount (one pricing rule, service.pricing), and the points' value comes off what the customer pays.
    Allowed until the vehicle is handed over; the caller checks the tier and the points balance."""
    order = _locked(actor, order)
    if order.status not in OPEN_STATUSES:
        raise ValidationError(_("This order is closed: its prices can no longer change."))
    if not (ZERO <= discount_percent <= 100):
        raise ValidationError({"discount_percent": [_("Enter a discount from 0 to 100 %.")]})
    if points < 0 or points_value < 0:
        raise ValidationError({"points": [_("Enter zero or more points.")]})
    lines = list(order.lines.all())
    for line in lines:
        price = line_price(line.quantity, line.unit_price, line.payer, discount_percent)
        line.discount, line.amount = price.discount, price.amount
    RepairLine.objects.bulk_update(lines, ["discount", "amount"])
    customer_due = sum(
        (x.amount for x in lines if x.payer == Payer.CUSTOMER and x.approval != Approval.DECLINED), ZERO
    )
    if points_value > customer_due:
        raise ValidationError(
            {
                "points": [
                    _("Points cannot pay more than the customer owes (¥%(due)s).")
                    % {"due": f"{customer_due:,.2f}"}
                ]
            }
        )
    order.member_discount_percent, order.points_redeemed, order.points_value = (
        discount_percent,
        points,
        points_value,
    )
    order.save(update_fields=["member_discount_percent", "points_redeemed", "points_value", "updated_at"])
    _refresh_totals(order)
    return order
