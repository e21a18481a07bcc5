"""Membership tiers per dealer (rank, discount, thresholds) and the dealer's win-back policy."""

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier, StandingPolicy, TierChange
from dealercrm.loyalty.standing_rules import DEFAULT_TIERS, WINBACK_THRESHOLD
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm

MAX_RANK = 99
MAX_SPEND = Decimal("999999999999")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,19}$")
TIER_FIELDS = ("code", "name", "rank", "discount_percent", "min_spend", "min_category", "is_active")


def tiers_ensure_defaults(dealer: Dealer) -> list[MembershipTier]:
    """The default tiers (member 5 %, silver 10 % from ¥5,000, gold 15 % from ¥20,000) for a dealer that has
    none yet; names in the site's language. Returns the tiers created (none when the dealer has tiers)."""
    if MembershipTier.objects.filter(dealer=dealer).exists():
        return []
    with translation.override(settings.LANGUAGE_CODE):
        tiers = [
            MembershipTier(
                dealer=dealer,
                code=code,
                name=str(name),
                rank=rank,
                discount_percent=Decimal(percent),
                min_spend=Decimal(spend),
                min_category=category,
            )
            for code, name, rank, percent, spend, category in DEFAULT_TIERS
        ]
    return MembershipTier.objects.bulk_create(tiers, ignore_conflicts=True)


def _decimal(value, field: str, low: Decimal, high: Decimal, message: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = [_("Enter a number.")]
        return None
    if not number.is_finite() or not low <= number <= high:
        errors[field] = [message]
        return None
    return number.quantize(Decimal("0.01"))


def _clean(dealer_id: int, tier: MembershipTier | None, fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    data = {name: fields[name] for name in TIER_FIELDS if name in fields}
    code = str(data.get("code", "")).strip().lower()
    if not CODE_RE.match(code):
        errors["code"] = [_("Use 1-20 lowercase letters, digits, - or _, e.g. silver.")]
    name = str(data.get("name", "")).strip()
    if not name:
        errors["name"] = [_("Give the tier a name.")]
    elif len(name) > 40:
        errors["name"] = [_("At most 40 characters.")]
    try:
        rank = int(data.get("rank"))
        if not 1 <= rank <= MAX_RANK:
            raise ValueError
    except (TypeError, ValueError):
        rank = None
        errors["rank"] = [_("Enter a rank from 1 to %(max)s (higher is better).") % {"max": MAX_RANK}]
    discount = _decimal(
        data.get("discount_percent"), "discount_percent", Decimal(0), Decimal(100),
        _("Enter a discount from 0 to 100 %."), errors,
    )  # fmt: skip
    spend = _decimal(
        data.get("min_spend", 0),
        "min_spend",
        Decimal(0),
        MAX_SPEND,
        _("Enter zero or a positive amount."),
        errors,
    )
    category = data.get("min_category") or ""
    if category and category not in LoyaltyCategory.values:
        errors["min_category"] = [_("Choose a loyalty category or leave it empty.")]
    others = MembershipTier.objects.filter(dealer_id=dealer_id).exclude(pk=tier.pk if tier else None)
    if "code" not in errors and others.filter(code=code).exists():
        errors["code"] = [_("Another tier of this dealer already has this code.")]
    if rank is not None and others.filter(rank=rank).exists():
        errors["rank"] = [_("Another tier of this dealer already has rank %(rank)s.") % {"rank": rank}]
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "name": name,
        "rank": rank,
        "discount_percent": discount,
        "min_spend": spend,
        "min_category": category,
        "is_active": bool(data.get("is_active", True)),
    }


@transaction.atomic
def tier_save(
    *, actor: Actor, dealer: Dealer, fields: dict, tier: MembershipTier | None = None
) -> MembershipTier:
    """Create or change a tier. Owners move to their new tier at the next nightly recompute."""
    actor.check_dealer(dealer.pk)
    actor.require(Perm.MANAGE_LOYALTY)
    if tier is not None and tier.dealer_id != dealer.pk:
        raise ValidationError(_("A tier cannot move to another dealer."))
    data = _clean(dealer.pk, tier, fields)
    tier = tier or MembershipTier(dealer=dealer)
    for name, value in data.items():
        setattr(tier, name, value)
    try:
        with transaction.atomic():
            tier.save()
    except IntegrityError as exc:  # a concurrent save took the code or rank
        raise ValidationError(_("Another tier of this dealer has this code or rank.")) from exc
    return tier


@transaction.atomic
def tier_delete(*, actor: Actor, tier: MembershipTier) -> None:
    """Delete a tier nobody ever held; a tier with history can only be deactivated."""
    actor.check_dealer(tier.dealer_id)
    actor.require(Perm.MANAGE_LOYALTY)
    held = TierChange.objects.filter(dealer_id=tier.dealer_id).filter(to_tier=tier).exists()
    if held or LoyaltyProfile.objects.filter(tier=tier).exists():
        raise ValidationError(
            _("Owners have held this tier: it stays in their history. Deactivate it instead.")
        )
    tier.delete()


def policy_for(dealer_id: int) -> StandingPolicy:
    """The dealer's win-back policy (the defaults, unsaved, when it never changed them)."""
    return StandingPolicy.objects.filter(dealer_id=dealer_id).first() or StandingPolicy(
        dealer_id=dealer_id, winback_threshold=WINBACK_THRESHOLD, winback_calls=True
    )


@transaction.atomic
def standing_policy_set(
    *, actor: Actor, dealer: Dealer, winback_threshold, winback_calls: bool
) -> StandingPolicy:
    actor.check_dealer(dealer.pk)
    actor.require(Perm.MANAGE_LOYALTY)
    try:
        threshold = int(winback_threshold)
        if not 1 <= threshold <= 100:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError({"winback_threshold": [_("Enter a churn risk from 1 to 100.")]}) from None
    policy, _created = StandingPolicy.objects.update_or_create(
        dealer=dealer, defaults={"winback_threshold": threshold, "winback_calls": bool(winback_calls)}
    )
    return policy
