"""What every points write shares: the profile row lock, lots consumed first-in-first-out, new lots, values.

Invariant: a customer's LoyaltyProfile.points_balance equals the sum of `remaining` over their lots (earn
rows and positive adjustments) and the sum of `points` over all their entries. Every write that changes a
balance holds the profile row lock (select_for_update) from before it reads the balance to its commit, so
two redemptions at once are applied one after the other, never both against the same balance.
"""

import calendar
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.models import Customer
from dealercrm.loyalty.choices import PointsKind
from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry, PointsPolicy

CENT = Decimal("0.01")
MAX_POINTS = 10_000_000  # more than anyone earns in a lifetime; keeps typos out of the ledger


def add_months(on: date, months: int) -> date:
    """`on` plus whole months, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as the job's
    SQL does on both databases."""
    index = on.month - 1 + months
    year, month = on.year + index // 12, index % 12 + 1
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def today(on: date | None = None) -> date:
    return on or timezone.localdate()


def value_of(points: int, policy: PointsPolicy) -> Decimal:
    """What `points` are worth in yuan, rounded down to the fen (the dealer never gives more than their worth)."""
    return (Decimal(points) * policy.yuan_per_point).quantize(CENT, rounding=ROUND_DOWN)


def clean_points(value, field: str = "points", *, allow_negative: bool = False) -> int:
    """A whole number of points within bounds, or a ValidationError on `field`."""
    try:
        points = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Enter a whole number of points.")]}) from None
    low = -MAX_POINTS if allow_negative else 1
    if not low <= points <= MAX_POINTS or points == 0:
        if allow_negative:
            message = _("Enter a number of points other than 0, from -%(max)s to %(max)s.")
        else:
            message = _("Enter a number of points from 1 to %(max)s.")
        raise ValidationError({field: [message % {"max": f"{MAX_POINTS:,}"}]})
    return points


def profile_locked(customer: Customer, *, create: bool = False) -> LoyaltyProfile | None:
    """The customer's loyalty profile under a row lock (None when they have none and `create` is False)."""
    if create:
        LoyaltyProfile.objects.get_or_create(
            customer_id=customer.pk, defaults={"dealer_id": customer.dealer_id}
        )
    return LoyaltyProfile.objects.select_for_update().filter(pk=customer.pk).first()


def require_balance(profile: LoyaltyProfile | None, points: int, field: str = "points") -> None:
    balance = profile.points_balance if profile else 0
    if points > balance:
        raise ValidationError(
            {
                field: [
                    _("Only %(balance)s points are available: %(points)s cannot be spent.")
                    % {"balance": f"{balance:,}", "points": f"{points:,}"}
                ]
            }
        )


def consume_fifo(customer_id: int, points: int) -> None:
    """Take `points` off the customer's lots, the one expiring first first (then the oldest). Caller holds the
    profile lock and has checked the balance."""
    lots = (
        PointsEntry.objects.select_for_update()
        .filter(customer_id=customer_id, remaining__gt=0)
        .order_by(F("expires_on").asc(nulls_last=True), "id")
        .only("id", "remaining")
    )
    left, changed = points, []
    for lot in lots:
        take = min(lot.remaining, left)
        lot.remaining -= take
        left -= take
        changed.append(lot)
        if left == 0:
            break
    if left:  # the balance said there were enough: the ledger is out of step, refuse rather than go negative
        raise ValidationError(
            {"points": [_("The points ledger does not add up for this customer; ask a manager to check it.")]}
        )
    PointsEntry.objects.bulk_update(changed, ["remaining"])


def balance_add(customer_id: int, points: int) -> None:
    """Add (or take off, when negative) points; the database refuses a negative balance."""
    LoyaltyProfile.objects.filter(pk=customer_id).update(points_balance=F("points_balance") + points)


def entry_create(
    *,
    customer: Customer,
    kind: str,
    points: int,
    on: date,
    source_key: str,
    policy: PointsPolicy | None = None,
    ref_type: str = "",
    ref_id: int | None = None,
    note: str = "",
    actor=None,
) -> PointsEntry:
    """One ledger row; a positive one is a lot expiring after the policy's months."""
    is_lot = points > 0
    return PointsEntry.objects.create(
        dealer_id=customer.dealer_id,
        customer=customer,
        kind=kind,
        points=points,
        remaining=points if is_lot else 0,
        occurred_on=on,
        expires_on=add_months(on, policy.expiry_months) if is_lot and policy else None,
        source_key=source_key,
        ref_type=ref_type,
        ref_id=ref_id,
        note=(note or "")[:200],
        actor_id=actor.user_id if actor else None,
    )


__all__ = [
    "CENT",
    "MAX_POINTS",
    "PointsKind",
    "add_months",
    "balance_add",
    "clean_points",
    "consume_fifo",
    "entry_create",
    "profile_locked",
    "require_balance",
    "today",
    "value_of",
]
