"""Reads of the points ledger, scoped to the acting staff member: a customer's balance and lots, the ledger,
a dealer's policy and what an open repair order may still take in points."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from dealercrm.customers.models import Customer
from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry, PointsPolicy
from dealercrm.loyalty.services.points import order_points_cap
from dealercrm.loyalty.services.points_ledger import today
from dealercrm.loyalty.services.points_policy import points_policy_ensure
from dealercrm.org.access import Actor
from dealercrm.service.choices import OPEN_STATUSES
from dealercrm.service.models import RepairOrder

EXPIRING_DAYS = 90


def points_for(actor: Actor) -> QuerySet[PointsEntry]:
    """Ledger rows the actor may see (their dealer's; every dealer's for group HQ). No perm check."""
    return actor.scope(PointsEntry.objects.all())


def policies_for(actor: Actor) -> QuerySet[PointsPolicy]:
    return actor.scope(PointsPolicy.objects.all())


def customer_points(actor: Actor, customer_id: int, *, on: date | None = None) -> dict | None:
    """Balance and the points expiring in the next 90 days (one query); None when the customer is not in the
    actor's scope. For the 360 page and messages ({points})."""
    on = today(on)
    expiring = (
        PointsEntry.objects.filter(
            customer_id=OuterRef("pk"),
            remaining__gt=0,
            expires_on__lte=on + timedelta(days=EXPIRING_DAYS),
        )
        .order_by()
        .values("customer_id")
        .annotate(total=Sum("remaining"))
        .values("total")
    )
    row = (
        actor.scope(Customer.objects.filter(pk=customer_id))
        .annotate(
            balance=Coalesce(F("loyalty__points_balance"), Value(0)),
            expiring=Coalesce(Subquery(expiring, output_field=IntegerField()), Value(0)),
        )
        .values("balance", "expiring")
        .first()
    )
    if row is None:
        return None
    return {
        "balance": row["balance"],
        "expiring_90_days": row["expiring"],
        "expiring_by": on + timedelta(days=90),
    }


def customer_lots(actor: Actor, customer_id: int) -> list[PointsEntry]:
    """What is left of the customer's lots, in the order they are spent and expire."""
    return list(
        points_for(actor)
        .filter(customer_id=customer_id, remaining__gt=0)
        .order_by(F("expires_on").asc(nulls_last=True), "id")
    )


def customer_ledger(actor: Actor, customer_id: int) -> QuerySet[PointsEntry]:
    """Every entry, newest first (index loyalty_points_customer_idx), with who recorded it."""
    return (
        points_for(actor)
        .filter(customer_id=customer_id)
        .select_related("actor")
        .order_by("-occurred_on", "-id")
    )


def reversed_ids(entries: list[PointsEntry]) -> set[int]:
    """Of these redemptions, the ones already given back."""
    from dealercrm.loyalty.services.points import cancel_key

    keys = {cancel_key(e.pk): e.pk for e in entries if e.kind == "redeem"}
    if not keys:
        return set()
    return {
        keys[k] for k in PointsEntry.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
    }


def entry_get(actor: Actor, pk: int) -> PointsEntry:
    return get_object_or_404(points_for(actor), pk=pk)


def order_checkout(actor: Actor, order: RepairOrder) -> dict:
    """The checkout box of a repair order: the member's tier and discount, the balance, the policy, and how
    many points this order may still take."""
    policy = points_policy_ensure(order.dealer)
    profile = LoyaltyProfile.objects.select_related("tier").filter(pk=order.customer_id).first()
    balance = profile.points_balance if profile else 0
    cap = order_points_cap(order, policy)
    room = max(cap - order.points_value, Decimal(0))
    room_points = int(room / policy.yuan_per_point) if policy.yuan_per_point else 0
    return {
        "policy": policy,
        "profile": profile,
        "tier": profile.tier if profile and profile.tier_id and profile.tier.is_active else None,
        "balance": balance,
        "cap": cap,
        "room": room,
        "max_points": max(min(balance, room_points), 0),
        "is_open": order.status in OPEN_STATUSES,
    }
