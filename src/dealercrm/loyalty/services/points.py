"""Spending points and correcting the ledger: redeem (on a repair order, accessories, other), manual
adjustments by a manager, and reversing a redemption (cancelled order or a mistake).

Earning and expiring are the daily job's (loyalty.jobs_points), set-based over every dealer.
"""

import uuid
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dealercrm.customers.models import Customer
from dealercrm.customers.services import timeline_append
from dealercrm.loyalty import points_timeline as tl
from dealercrm.loyalty.choices import PointsKind
from dealercrm.loyalty.models import PointsEntry
from dealercrm.loyalty.points_choices import REF_ENTRY, REF_FOR_REASON, REF_MANUAL, REF_ORDER, RedeemReason
from dealercrm.loyalty.services.points_ledger import (
    CENT,
    balance_add,
    clean_points,
    consume_fifo,
    entry_create,
    profile_locked,
    require_balance,
    today,
    value_of,
)
from dealercrm.loyalty.services.points_policy import points_policy_ensure
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.service.choices import OPEN_STATUSES, OrderStatus
from dealercrm.service.models import RepairOrder
from dealercrm.service.services import order_terms_set

ZERO = Decimal("0")


def cancel_key(entry_id: int) -> str:
    return f"{REF_ENTRY}:{entry_id}:cancel"


def order_points_cap(order: RepairOrder, policy) -> Decimal:
    """The most points may pay on this order in all: the policy's share of what the customer pays for the
    approved work (before points)."""
    base = order.customer_total + order.points_value
    return (base * Decimal(policy.max_redeem_percent) / 100).quantize(CENT, rounding=ROUND_DOWN)


def _check_order(order: RepairOrder | None, customer: Customer, errors: dict) -> RepairOrder | None:
    if order is None:
        errors["order"] = [_("Choose the repair order the points pay for.")]
        return None
    order = RepairOrder.objects.select_for_update().get(pk=order.pk)
    if order.customer_id != customer.pk:
        errors["order"] = [_("This repair order belongs to another customer.")]
    elif order.status not in OPEN_STATUSES:
        errors["order"] = [_("This repair order is closed: points can only pay for an open order.")]
    return order


@transaction.atomic
def points_redeem(
    *,
    actor: Actor,
    customer: Customer,
    points,
    reason: str,
    order: RepairOrder | None = None,
    note: str = "",
    on: date | None = None,
) -> PointsEntry:
    """Spend points (REDEEM_POINTS): never more than the balance, the lots expiring first used first. On a
    repair order the points' value comes off what the customer pays (service.order_terms_set), at most the
    policy's share of the order."""
    actor.check_dealer(customer.dealer_id)
    actor.require(Perm.REDEEM_POINTS)
    errors: dict[str, list[str]] = {}
    try:
        points = clean_points(points)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = (note or "").strip()
    if reason not in RedeemReason.values:
        errors["reason"] = [_("Choose what the points pay for.")]
    elif reason == RedeemReason.REPAIR_ORDER:
        order = _check_order(order, customer, errors)
    else:
        if order is not None:
            errors["reason"] = [_("Points on a repair order are redeemed with the reason “repair order”.")]
        if not note:
            errors["note"] = [_("Describe what the points pay for (for example the accessories).")]
    if len(note) > 200:
        errors["note"] = [_("Keep the description under 200 characters.")]
    if errors:
        raise ValidationError(errors)
    profile = profile_locked(customer)
    require_balance(profile, points)
    policy = points_policy_ensure(customer.dealer)
    value = ZERO
    if reason == RedeemReason.REPAIR_ORDER:
        value = value_of(points, policy)
        cap = order_points_cap(order, policy)
        if order.points_value + value > cap:
            room = max(cap - order.points_value, ZERO)
            raise ValidationError(
                {
                    "points": [
                        _(
                            "Points may pay at most %(percent)s%% of this order: ¥%(room)s more "
                            "(%(points)s points)."
                        )
                        % {
                            "percent": policy.max_redeem_percent,
                            "room": f"{room:,.2f}",
                            "points": f"{int(room / policy.yuan_per_point) if policy.yuan_per_point else 0:,}",
                        }
                    ]
                }
            )
    consume_fifo(customer.pk, points)
    entry = entry_create(
        customer=customer,
        kind=PointsKind.REDEEM,
        points=-points,
        on=today(on),
        source_key=f"loyalty.redeem:{uuid.uuid4().hex}",
        ref_type=REF_FOR_REASON[RedeemReason(reason)],
        ref_id=order.pk if order else None,
        note=note,
        actor=actor,
    )
    balance_add(customer.pk, -points)
    if order is not None:
        order_terms_set(
            actor=actor,
            order=order,
            discount_percent=order.member_discount_percent,
            points=order.points_redeemed + points,
            points_value=order.points_value + value,
        )
        summary = _("%(points)s points redeemed on %(order)s (¥%(value)s).") % {
            "points": f"{points:,}",
            "order": order.number,
            "value": f"{value:,.2f}",
        }
    else:
        summary = _("%(points)s points redeemed: %(reason)s, %(note)s.") % {
            "points": f"{points:,}",
            "reason": RedeemReason(reason).label,
            "note": note,
        }
    timeline_append(customer=customer, kind=tl.POINTS_REDEEMED, summary=summary, actor=actor, ref=entry)
    return entry


@transaction.atomic
def points_adjust(
    *, actor: Actor, customer: Customer, points, note: str, on: date | None = None
) -> PointsEntry:
    """A manager's correction (MANAGE_LOYALTY) with its reason: positive points are a new lot expiring after the
    policy's months; negative ones are taken off like a redemption (first-in-first-out, never below zero)."""
    actor.check_dealer(customer.dealer_id)
    actor.require(Perm.MANAGE_LOYALTY)
    errors: dict[str, list[str]] = {}
    try:
        points = clean_points(points, allow_negative=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = (note or "").strip()
    if not note:
        errors["note"] = [_("Say why the points are adjusted.")]
    elif len(note) > 200:
        errors["note"] = [_("Keep the reason under 200 characters.")]
    if errors:
        raise ValidationError(errors)
    policy = points_policy_ensure(customer.dealer)
    profile = profile_locked(customer, create=points > 0)
    if points < 0:
        require_balance(profile, -points)
        consume_fifo(customer.pk, -points)
    entry = entry_create(
        customer=customer,
        kind=PointsKind.ADJUST,
        points=points,
        on=today(on),
        source_key=f"loyalty.adjust:{uuid.uuid4().hex}",
        policy=policy,
        ref_type=REF_MANUAL,
        note=note,
        actor=actor,
    )
    balance_add(customer.pk, points)
    summary = _("Points adjusted by %(points)s: %(note)s") % {"points": f"{points:+,}", "note": note}
    timeline_append(customer=customer, kind=tl.POINTS_ADJUSTED, summary=summary, actor=actor, ref=entry)
    return entry


@transaction.atomic
def points_redemption_cancel(
    *, actor: Actor, entry: PointsEntry, note: str = "", on: date | None = None
) -> PointsEntry:
    """Give a redemption's points back as a new lot (a cancelled order, or a redemption made by mistake).
    On an order still open its points come off the order too; an order handed over is paid: refused (a
    manager adjusts by hand). Each redemption can be reversed once (REDEEM_POINTS or MANAGE_LOYALTY)."""
    actor.check_dealer(entry.dealer_id)
    if not (actor.can(Perm.REDEEM_POINTS) or actor.can(Perm.MANAGE_LOYALTY)):
        raise PermissionDenied
    customer = Customer.objects.select_related("dealer").get(pk=entry.customer_id)
    profile_locked(customer, create=True)
    entry = PointsEntry.objects.get(pk=entry.pk)
    if entry.kind != PointsKind.REDEEM:
        raise ValidationError(_("Only a redemption can be reversed."))
    if PointsEntry.objects.filter(source_key=cancel_key(entry.pk)).exists():
        raise ValidationError(_("This redemption was already reversed."))
    points = -entry.points
    policy = points_policy_ensure(customer.dealer)
    order = None
    if entry.ref_type == REF_ORDER and entry.ref_id:
        order = RepairOrder.objects.select_for_update().filter(pk=entry.ref_id).first()
    if order is not None and order.status == OrderStatus.HANDED_OVER:
        raise ValidationError(
            _("%(order)s was handed over and paid with these points: a manager adjusts the points by hand.")
            % {"order": order.number}
        )
    if order is not None and order.status in OPEN_STATUSES:
        left = max(order.points_redeemed - points, 0)
        value = max(order.points_value - value_of(points, policy), ZERO) if left else ZERO
        order_terms_set(
            actor=actor,
            order=order,
            discount_percent=order.member_discount_percent,
            points=left,
            points_value=value,
        )
    back = entry_create(
        customer=customer,
        kind=PointsKind.ADJUST,
        points=points,
        on=today(on),
        source_key=cancel_key(entry.pk),
        policy=policy,
        ref_type=REF_ENTRY,
        ref_id=entry.pk,
        note=(note or "").strip() or _("Redemption reversed"),
        actor=actor,
    )
    balance_add(customer.pk, points)
    summary = _("%(points)s points given back: redemption of %(on)s reversed.") % {
        "points": f"{points:,}",
        "on": entry.occurred_on.isoformat(),
    }
    timeline_append(customer=customer, kind=tl.POINTS_RETURNED, summary=summary, actor=actor, ref=back)
    return back
