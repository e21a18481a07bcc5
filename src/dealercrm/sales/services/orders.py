"""Writes for orders: place (the lead becomes O), discount approval, paid → vehicle allocated, cancel.

A discount above the dealer's threshold (a percentage of the price) needs the GM's approval (APPROVE_DISCOUNT)
before the order can be paid; a GM placing such an order approves it by placing it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.validators import normalize_vin
from dealercrm.customers.services import timeline_append
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales import timeline as tl
from dealercrm.sales.choices import (
    ORDER_NEXT,
    DiscountApproval,
    LeadStatus,
    OrderStatus,
    PaymentMethod,
    Stage,
)
from dealercrm.sales.models import Delivery, Lead, Order
from dealercrm.sales.services.common import locked_lead, reopen, settings_for
from dealercrm.vehicles.models import Vehicle, VehicleModel

ORDER_FIELDS = (
    "model",
    "trim",
    "colour",
    "price",
    "discount",
    "deposit",
    "payment",
    "insurance_company",
    "insurance_premium",
)
MAX_PRICE = Decimal("99999999.99")


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _clean_order_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in ORDER_FIELDS}
    for name in ("trim", "colour", "insurance_company"):
        cleaned[name] = (cleaned.get(name) or "").strip()
    for name in ("price", "discount", "deposit", "insurance_premium"):
        cleaned[name] = _money(cleaned.get(name))
    cleaned["discount"] = cleaned["discount"] or Decimal(0)
    cleaned["deposit"] = cleaned["deposit"] or Decimal(0)
    errors: dict[str, list[str]] = {}
    if not isinstance(cleaned.get("model"), VehicleModel):
        errors["model"] = [_("Choose a vehicle model.")]
    if not cleaned["colour"]:
        errors["colour"] = [_("Enter the colour ordered.")]
    price = cleaned["price"]
    if price is None or not 0 < price <= MAX_PRICE:
        errors["price"] = [_("Enter the vehicle's price.")]
    elif not 0 <= cleaned["discount"] <= price:
        errors["discount"] = [_("The discount must be between 0 and the price.")]
    elif not 0 <= cleaned["deposit"] <= price - cleaned["discount"]:
        errors["deposit"] = [_("The deposit must be between 0 and the price after discount.")]
    if cleaned.get("payment") not in PaymentMethod.values:
        errors["payment"] = [_("Choose cash, loan or lease.")]
    premium = cleaned["insurance_premium"]
    if premium is not None and not 0 <= premium <= MAX_PRICE:
        errors["insurance_premium"] = [_("Enter the proposed premium.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def discount_needs_approval(dealer_id: int, price: Decimal, discount: Decimal) -> bool:
    threshold = settings_for(dealer_id).discount_threshold_percent
    return discount * 100 > price * threshold


def _approval_for(actor: Actor, order: Order) -> None:
    if not discount_needs_approval(order.dealer_id, order.price, order.discount):
        order.discount_approval = DiscountApproval.NOT_NEEDED
    elif actor.can(Perm.APPROVE_DISCOUNT):
        order.discount_approval = DiscountApproval.APPROVED
        order.discount_decided_by_id = actor.user_id
        order.discount_decided_at = timezone.now()
    else:
        order.discount_approval = DiscountApproval.PENDING


@transaction.atomic
def order_place(*, actor: Actor, lead: Lead, fields: dict) -> Order:
    """Sign an order for the lead's prospect: the lead leaves the pipeline as ordered (O)."""
    actor.require(Perm.WORK_LEADS)
    lead = locked_lead(actor, lead)
    if lead.status != LeadStatus.OPEN:
        raise ValidationError(_("Only an open lead can place an order."))
    cleaned = _clean_order_fields(fields)
    order = Order(
        dealer_id=lead.dealer_id,
        lead=lead,
        customer_id=lead.customer_id,
        signed_on=timezone.localdate(),
        created_by_id=actor.user_id,
        **cleaned,
    )
    _approval_for(actor, order)
    order.save()
    Delivery.objects.create(dealer_id=order.dealer_id, order=order)
    now = timezone.now()
    lead.status = LeadStatus.ORDERED
    lead.stage = Stage.ORDERED
    lead.ordered_at = lead.ordered_at or now
    lead.next_follow_up_on = None
    lead.save(update_fields=["status", "stage", "ordered_at", "next_follow_up_on", "updated_at"])
    summary = f"{order.model} · {order.colour} · ¥{order.net_price:,.2f} · {order.get_payment_display()}"
    if order.discount_approval == DiscountApproval.PENDING:
        summary += " · " + _("discount awaiting approval")
    timeline_append(customer=lead.customer, kind=tl.ORDER_SIGNED, actor=actor, summary=summary, ref=order)
    return order


def locked_order(actor: Actor, order: Order) -> tuple[Order, Lead]:
    lead = locked_lead(actor, order.lead)
    rows = Order.objects.select_related("model", "customer", "dealer")
    if connection.features.has_select_for_update:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=order.pk), lead


@transaction.atomic
def discount_decide(*, actor: Actor, order: Order, approve: bool, comment: str = "") -> Order:
    actor.require(Perm.APPROVE_DISCOUNT)
    order, lead = locked_order(actor, order)
    if order.discount_approval != DiscountApproval.PENDING:
        raise ValidationError(_("This order's discount is not waiting for approval."))
    order.discount_approval = DiscountApproval.APPROVED if approve else DiscountApproval.REJECTED
    order.discount_decided_by_id = actor.user_id
    order.discount_decided_at = timezone.now()
    order.save()
    summary = f"¥{order.discount:,.2f}: {order.get_discount_approval_display()}"
    if (comment or "").strip():
        summary += f" · {comment.strip()}"
    timeline_append(customer=lead.customer, kind=tl.DISCOUNT_DECIDED, actor=actor, summary=summary, ref=order)
    return order


@transaction.atomic
def discount_change(*, actor: Actor, order: Order, discount: Decimal) -> Order:
    """A new discount (after a rejection, or a renegotiation) before payment; approval is asked again."""
    actor.require(Perm.WORK_LEADS)
    order, lead = locked_order(actor, order)
    if order.status != OrderStatus.SIGNED:
        raise ValidationError(_("The discount can change only before the order is paid."))
    discount = Decimal(discount)
    if not 0 <= discount <= order.price or order.deposit > order.price - discount:
        raise ValidationError(
            {"discount": [_("The discount must be between 0 and the price (less the deposit).")]}
        )
    order.discount = discount
    order.discount_decided_by = None
    order.discount_decided_at = None
    _approval_for(actor, order)
    order.save()
    summary = f"¥{order.discount:,.2f}: {order.get_discount_approval_display()}"
    timeline_append(customer=lead.customer, kind=tl.DISCOUNT_DECIDED, actor=actor, summary=summary, ref=order)
    return order


@transaction.atomic
def order_advance(*, actor: Actor, order: Order, to: str, vin: str = "") -> Order:
    """signed → paid (the discount approved or not needed) → vehicle allocated (with the car's VIN)."""
    actor.require(Perm.WORK_LEADS)
    order, lead = locked_order(actor, order)
    if ORDER_NEXT.get(order.status) != to:
        raise ValidationError(
            _("An order that is %(status)s cannot become %(to)s.")
            % {
                "status": order.get_status_display(),
                "to": OrderStatus(to).label if to in OrderStatus.values else to,
            }
        )
    now = timezone.now()
    if to == OrderStatus.PAID:
        if order.discount_approval in (DiscountApproval.PENDING, DiscountApproval.REJECTED):
            raise ValidationError(_("The discount needs the GM's approval before the order is paid."))
        order.paid_at = now
    else:
        try:
            vin = normalize_vin(vin)
        except ValidationError as exc:
            raise ValidationError({"vin": exc.messages}) from exc
        if Vehicle.objects.filter(dealer_id=order.dealer_id, vin=vin).exists():
            raise ValidationError(
                {"vin": [_("A vehicle with this VIN is already registered at this dealer.")]}
            )
        others = Order.objects.filter(dealer_id=order.dealer_id, allocated_vin=vin).exclude(pk=order.pk)
        if others.exclude(status=OrderStatus.CANCELLED).exists():
            raise ValidationError({"vin": [_("This VIN is allocated to another order.")]})
        order.allocated_vin = vin
        order.allocated_at = now
    order.status = to
    order.save()
    summary = order.get_status_display() + (
        f" · {order.allocated_vin}" if to == OrderStatus.ALLOCATED else ""
    )
    timeline_append(customer=lead.customer, kind=tl.ORDER_STATUS, actor=actor, summary=summary, ref=order)
    return order


@transaction.atomic
def order_cancel(*, actor: Actor, order: Order, reason: str) -> Order:
    """Cancel before delivery, with a reason; the lead goes back into the pipeline, due for a call today."""
    actor.require(Perm.WORK_LEADS)
    order, lead = locked_order(actor, order)
    if order.status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        raise ValidationError(_("A delivered or cancelled order cannot be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the order is cancelled.")]})
    order.status = OrderStatus.CANCELLED
    order.cancel_reason = reason
    order.cancelled_at = timezone.now()
    order.save()
    reopen(lead, timezone.localdate())
    lead.ordered_at = None
    lead.save()
    timeline_append(customer=lead.customer, kind=tl.ORDER_CANCELLED, actor=actor, summary=reason, ref=order)
    return order
