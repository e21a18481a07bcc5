"""The new-car delivery: the checklist, then the handover that registers the car to its new owner.

Delivering (once, whatever happens twice) creates the vehicle with its VIN, plate and purchase date through
vehicles.services.vehicle_create, which opens the ownership and turns the prospect into an owner, and records
the delivery event the follow-up engine turns into the 3-day and 7-day calls.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.services import timeline_append
from dealercrm.followups.choices import EventKind
from dealercrm.followups.services import record_event
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales import timeline as tl
from dealercrm.sales.choices import OrderStatus, Stage
from dealercrm.sales.models import CHECKLIST, Delivery, Order
from dealercrm.sales.services.orders import locked_order
from dealercrm.vehicles.services import vehicle_create

CHECKLIST_FIELDS = tuple(name for name, _label in CHECKLIST)


def delivery_source(delivery: Delivery) -> str:
    """The follow-up engine's idempotency key for this delivery's calls."""
    return f"sales.delivery:{delivery.pk}"


@transaction.atomic
def delivery_checklist_update(*, actor: Actor, order: Order, items: dict[str, bool]) -> Delivery:
    """Tick (or untick) checklist items before the handover."""
    actor.require(Perm.WORK_LEADS)
    order, lead = locked_order(actor, order)
    if order.status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        raise ValidationError(_("The checklist of a delivered or cancelled order is closed."))
    delivery = order.delivery
    changed = [
        name for name in CHECKLIST_FIELDS if name in items and bool(items[name]) != getattr(delivery, name)
    ]
    if not changed:
        return delivery
    for name in changed:
        setattr(delivery, name, bool(items[name]))
    delivery.save()
    labels = dict(CHECKLIST)
    summary = ", ".join(f"{'✓' if getattr(delivery, n) else '✗'} {labels[n]}" for n in changed)
    timeline_append(
        customer=lead.customer, kind=tl.DELIVERY_CHECKLIST, actor=actor, summary=summary, ref=delivery
    )
    return delivery


def missing_items(delivery: Delivery) -> list[str]:
    return [str(label) for name, label in CHECKLIST if not getattr(delivery, name)]


@transaction.atomic
def delivery_complete(
    *,
    actor: Actor,
    order: Order,
    plate: str = "",
    delivered_on: date | None = None,
    vin: str = "",
    override_reason: str = "",
) -> Delivery:
    """Hand the car over. Needs the vehicle allocated and the checklist complete, or a sales manager's override
    with a reason (logged). Submitting again changes nothing and returns the same delivery."""
    if not (actor.can(Perm.WORK_LEADS) or actor.can(Perm.MANAGE_SALES)):
        raise PermissionDenied
    order, lead = locked_order(actor, order)
    delivery = Delivery.objects.select_related("vehicle").get(order=order)
    if order.status == OrderStatus.DELIVERED:
        return delivery
    if order.status != OrderStatus.ALLOCATED:
        raise ValidationError(_("Allocate a vehicle to the order before delivering it."))
    delivered_on = delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": [_("This date cannot be in the future.")]})
    if delivered_on < order.signed_on:
        raise ValidationError(
            {"delivered_on": [_("The car cannot be delivered before the order was signed.")]}
        )
    override_reason = (override_reason or "").strip()
    missing = missing_items(delivery)
    if missing and not override_reason:
        raise ValidationError(
            {"checklist": [_("Complete the checklist first: %(items)s.") % {"items": ", ".join(missing)}]}
        )
    if missing:
        actor.require(Perm.MANAGE_SALES)
        delivery.override_by_id = actor.user_id
        delivery.override_reason = override_reason
        delivery.overridden_at = timezone.now()
        summary = _("Missing: %(items)s · reason: %(reason)s") % {
            "items": ", ".join(missing),
            "reason": override_reason,
        }
        timeline_append(
            customer=lead.customer, kind=tl.DELIVERY_OVERRIDE, actor=actor, summary=summary, ref=delivery
        )
    vehicle = vehicle_create(
        actor=actor,
        dealer=order.dealer,
        fields={
            "vin": vin or order.allocated_vin,
            "plate": plate,
            "model": order.model,
            "colour": order.colour,
            "purchased_on": delivered_on,
        },
        owner=order.customer,
        owned_since=delivered_on,
    )
    now = timezone.now()
    delivery.vehicle = vehicle
    delivery.delivered_on = delivered_on
    delivery.delivered_by_id = actor.user_id
    delivery.save()
    order.status = OrderStatus.DELIVERED
    order.delivered_at = now
    order.save(update_fields=["status", "delivered_at", "updated_at"])
    lead.stage = Stage.DELIVERED
    lead.delivered_at = lead.delivered_at or now
    lead.save(update_fields=["stage", "delivered_at", "updated_at"])
    timeline_append(
        customer=order.customer,
        kind=tl.DELIVERED,
        actor=actor,
        summary=f"{vehicle} · {order.model}",
        ref=delivery,
    )
    record_event(
        kind=EventKind.DELIVERY,
        customer=order.customer,
        vehicle=vehicle,
        occurred_on=delivered_on,
        source=delivery_source(delivery),
        actor=actor,
    )
    return delivery
