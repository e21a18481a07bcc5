"""Reads of an owner's standing (category, churn risk, tier), always scoped to the acting staff member."""

from django.db.models import F, QuerySet

from dealercrm.core.models import JobRun
from dealercrm.customers.models import Customer
from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier, StandingPolicy, TierChange
from dealercrm.loyalty.standing_rules import TIER_CHANGE_REASONS, WINBACK_THRESHOLD, reasons_display
from dealercrm.org.access import Actor

JOB_NAME = "loyalty.standing"


def profiles_for(actor: Actor) -> QuerySet[LoyaltyProfile]:
    return actor.scope(LoyaltyProfile.objects.all())


def tiers_for(actor: Actor) -> QuerySet[MembershipTier]:
    return (
        actor.scope(MembershipTier.objects.all()).select_related("dealer").order_by("dealer__code", "-rank")
    )


def customers_in_scope(actor: Actor) -> QuerySet[Customer]:
    """For object routes keyed by customer id: another dealer's customer is a 404."""
    return actor.scope(Customer.objects.all())


def at_risk_list(
    actor: Actor, *, category: str = "", tier_id: int | None = None, min_score: int | None = None
) -> QuerySet[LoyaltyProfile]:
    """Owners by churn risk, highest first (index: dealer, -churn_score)."""
    rows = profiles_for(actor).select_related("customer", "tier", "dealer")
    if category:
        rows = rows.filter(category=category)
    if tier_id:
        rows = rows.filter(tier_id=tier_id)
    if min_score:
        rows = rows.filter(churn_score__gte=min_score)
    return rows.order_by("-churn_score", "customer_id")


def with_reasons(profiles) -> list[LoyaltyProfile]:
    """Each profile gets .reasons: its stored churn reasons with translated labels (no query)."""
    profiles = list(profiles)
    for profile in profiles:
        profile.reasons = reasons_display(profile.churn_reasons)
    return profiles


def thresholds(dealer_ids) -> dict[int, int]:
    """Win-back threshold per dealer (one query; the default for dealers that never set one)."""
    found = dict(
        StandingPolicy.objects.filter(dealer_id__in=set(dealer_ids)).values_list(
            "dealer_id", "winback_threshold"
        )
    )
    return {d: found.get(d, WINBACK_THRESHOLD) for d in set(dealer_ids)}


def last_run():
    """The last nightly recompute (the pages say "as of")."""
    return JobRun.objects.filter(name=JOB_NAME, ok=True).order_by("-run_on", "-id").first()


def tier_history(actor: Actor, customer_id: int) -> list[TierChange]:
    rows = actor.scope(TierChange.objects.filter(customer_id=customer_id)).select_related(
        "from_tier", "to_tier"
    )
    history = list(rows.order_by("-changed_on", "-id")[:50])
    for change in history:
        change.reason_label = str(TIER_CHANGE_REASONS.get(change.reason, change.reason))
    return history


_STANDING_FIELDS = (
    "customer_id",
    "dealer_id",
    "category",
    "services_due",
    "services_done",
    "churn_score",
    "churn_reasons",
    "tier_id",
    "tier_since",
    "points_balance",
    "computed_on",
    "at_risk_since",
)
_TIER_FIELDS = {
    "tier_code": F("tier__code"),
    "tier_name": F("tier__name"),
    "tier_discount": F("tier__discount_percent"),
}


def customer_standing(actor: Actor, customer_id: int) -> dict | None:
    """The owner's standing for the 360 page, in ONE query: category (+ label, due / done), churn score with
    its reasons (translated), tier (name, discount, since), points balance. None when there is no profile
    yet (not an owner, or before the first nightly recompute) or the customer is not in the actor's scope."""
    row = (
        profiles_for(actor).filter(customer_id=customer_id).values(*_STANDING_FIELDS, **_TIER_FIELDS).first()
    )
    if row is None:
        return None
    row["category_label"] = str(LoyaltyCategory(row["category"]).label)
    row["churn_reasons"] = reasons_display(row["churn_reasons"])
    row["at_risk"] = row["at_risk_since"] is not None
    return row


def winback_candidates(
    actor: Actor, *, limit: int, category: str = "", tier_id: int | None = None, min_score: int | None = None
) -> list[int]:
    """Customer ids of the at-risk owners (at or above their dealer's threshold) matching the list's filters."""
    rows = at_risk_list(actor, category=category, tier_id=tier_id, min_score=min_score)
    return list(rows.filter(at_risk_since__isnull=False).values_list("customer_id", flat=True)[:limit])
