"""A dealer's points policy: how many points a yuan earns, what a point is worth, when points expire and how
much of an order points may pay. Created lazily with the defaults the first time a page or the job needs it."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dealercrm.loyalty.models import PointsPolicy
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm

# Bounds people can type; the model's columns hold them (6 digits, 2 or 3 decimals).
MAX_POINTS_PER_YUAN = Decimal("100")
MAX_YUAN_PER_POINT = Decimal("100")
MAX_EXPIRY_MONTHS = 120


def points_policy_ensure(dealer: Dealer) -> PointsPolicy:
    """The dealer's policy, created with the defaults (1 point per yuan, ¥0.01 a point, 24 months, 50 %)."""
    policy, created = PointsPolicy.objects.get_or_create(dealer=dealer)
    if created:  # the model's defaults are floats until read back as the columns' decimals
        policy.refresh_from_db()
    return policy


def points_policies_ensure_defaults() -> int:
    """Every dealer without a policy gets the default one (the daily job's first step); returns rows created."""
    missing = Dealer.objects.filter(points_policy__isnull=True).values_list("pk", flat=True)
    created = PointsPolicy.objects.bulk_create(
        [PointsPolicy(dealer_id=pk) for pk in missing], ignore_conflicts=True
    )
    return len(created)


def _decimal(value, field: str, low: Decimal, high: Decimal, places: int, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = [_("Enter a number.")]
        return None
    if not number.is_finite() or number < low or number > high:
        errors[field] = [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    if number != number.quantize(Decimal(1).scaleb(-places)):
        errors[field] = [_("Use at most %(n)s decimal places.") % {"n": places}]
        return None
    return number


def _whole(value, field: str, low: int, high: int, errors: dict) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = [_("Enter a whole number.")]
        return None
    if not low <= number <= high:
        errors[field] = [_("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    return number


@transaction.atomic
def points_policy_update(
    *,
    actor: Actor,
    policy: PointsPolicy,
    points_per_yuan,
    yuan_per_point,
    expiry_months,
    max_redeem_percent,
) -> PointsPolicy:
    """Change a dealer's policy (MANAGE_LOYALTY). New rates apply to what is earned and redeemed from now on;
    lots already earned keep their expiry date."""
    actor.check_dealer(policy.dealer_id)
    actor.require(Perm.MANAGE_LOYALTY)
    errors: dict[str, list[str]] = {}
    values = {
        "points_per_yuan": _decimal(
            points_per_yuan, "points_per_yuan", Decimal(0), MAX_POINTS_PER_YUAN, 2, errors
        ),
        "yuan_per_point": _decimal(
            yuan_per_point, "yuan_per_point", Decimal(0), MAX_YUAN_PER_POINT, 3, errors
        ),
        "expiry_months": _whole(expiry_months, "expiry_months", 1, MAX_EXPIRY_MONTHS, errors),
        "max_redeem_percent": _whole(max_redeem_percent, "max_redeem_percent", 0, 100, errors),
    }
    if "yuan_per_point" not in errors and values["yuan_per_point"] == 0:
        errors["yuan_per_point"] = [_("A point must be worth something: enter more than 0.")]
    if errors:
        raise ValidationError(errors)
    policy = PointsPolicy.objects.select_for_update().get(pk=policy.pk)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save(update_fields=[*values, "updated_at"])
    return policy
