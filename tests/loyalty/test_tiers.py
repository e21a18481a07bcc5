"""Membership tiers: defaults, thresholds at the boundary, history, and the rules of editing them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from dealercrm.loyalty.models import MembershipTier, TierChange
from dealercrm.loyalty.services.tiers import tier_delete, tier_save, tiers_ensure_defaults
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, profile, recompute, serviced, spend

pytestmark = pytest.mark.django_db

BOUGHT = date(2022, 1, 10)
REGULAR = (date(2022, 7, 1), date(2023, 7, 15), date(2024, 7, 5))


def _tier(customer) -> str | None:
    p = profile(customer)
    return p.tier.code if p.tier else None


def test_it_creates_the_default_tiers_once_per_dealer(dealer):
    created = tiers_ensure_defaults(dealer)
    assert [(t.code, t.discount_percent, t.min_spend) for t in created] == [
        ("member", Decimal("5.00"), Decimal("0")),
        ("silver", Decimal("10.00"), Decimal("5000")),
        ("gold", Decimal("15.00"), Decimal("20000")),
    ]
    assert tiers_ensure_defaults(dealer) == []
    assert MembershipTier.objects.filter(dealer=dealer).count() == 3


@pytest.mark.parametrize(
    ("total", "services", "tier"),
    [
        ("0", REGULAR[:2], "member"),
        ("4999.99", REGULAR[1:], "member"),  # occasional, just under silver
        ("5000.00", REGULAR[1:], "silver"),  # exactly at the threshold qualifies
        ("20000.00", REGULAR[1:], "silver"),  # gold's spend, but gold needs a regular owner
        ("20000.00", REGULAR, "gold"),
        ("19999.99", REGULAR, "silver"),
    ],
)
def test_it_picks_the_best_tier_whose_thresholds_are_met(owner, total, services, tier):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, *services)
    spend(customer, total)
    recompute()
    assert _tier(customer) == tier


def test_it_keeps_a_lost_owner_in_the_base_tier_whatever_the_spend(owner):
    customer, _cars = owner(purchased_on=BOUGHT)
    spend(customer, "50000")
    recompute()
    assert (profile(customer).category, _tier(customer)) == ("lost", "member")


def test_it_records_every_tier_change_once(owner):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, *REGULAR)
    recompute()
    spend(customer, "5000")
    recompute(on=TODAY + timedelta(days=1))
    recompute(on=TODAY + timedelta(days=1))
    spend(customer, "25000")
    recompute(on=TODAY + timedelta(days=2))
    history = list(TierChange.objects.filter(customer=customer).order_by("id"))
    assert [(c.from_tier and c.from_tier.code, c.to_tier.code, c.changed_on) for c in history] == [
        (None, "member", TODAY),
        ("member", "silver", TODAY + timedelta(days=1)),
        ("silver", "gold", TODAY + timedelta(days=2)),
    ]
    assert profile(customer).tier_since == TODAY + timedelta(days=2)


def test_it_moves_owners_down_when_a_tier_is_deactivated(owner, dealer):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, *REGULAR)
    spend(customer, "6000")
    recompute()
    MembershipTier.objects.filter(dealer=dealer, code="silver").update(is_active=False)
    recompute(on=TODAY + timedelta(days=1))
    assert _tier(customer) == "member"


def test_it_validates_a_tier_with_a_message_per_field(manager, actor_of, dealer):
    tiers_ensure_defaults(dealer)
    with pytest.raises(ValidationError) as caught:
        tier_save(
            actor=actor_of(manager),
            dealer=dealer,
            fields={"code": "Silver!", "name": "", "rank": 2, "discount_percent": "101", "min_spend": "-1"},
        )
    errors = caught.value.message_dict
    assert set(errors) == {"code", "name", "rank", "discount_percent", "min_spend"}
    assert "from 0 to 100" in errors["discount_percent"][0]
    with pytest.raises(ValidationError) as caught:
        tier_save(
            actor=actor_of(manager),
            dealer=dealer,
            fields={"code": "gold", "name": "Platinum", "rank": 9, "discount_percent": "20"},
        )
    assert set(caught.value.message_dict) == {"code"}
    assert MembershipTier.objects.filter(dealer=dealer).count() == 3


def test_it_saves_a_new_tier_and_changes_one(manager, actor_of, dealer):
    me = actor_of(manager)
    platinum = tier_save(
        actor=me,
        dealer=dealer,
        fields={
            "code": "platinum",
            "name": "白金卡",
            "rank": 4,
            "discount_percent": "20",
            "min_spend": "50,000",
        },
    )
    assert (platinum.min_spend, platinum.min_category) == (Decimal("50000.00"), "")
    changed = tier_save(
        actor=me, tier=platinum, dealer=dealer, fields={**_fields(platinum), "discount_percent": "18.5"}
    )
    assert changed.discount_percent == Decimal("18.50")


def _fields(tier) -> dict:
    return {
        f: getattr(tier, f) for f in ("code", "name", "rank", "discount_percent", "min_spend", "min_category")
    }


def test_it_lets_only_the_dealers_managers_change_tiers(
    agent, hq, other_agent, actor_of, dealer, make_user, other_dealer
):
    [member, *_] = tiers_ensure_defaults(dealer)
    with pytest.raises(PermissionDenied):
        tier_save(actor=actor_of(agent), tier=member, dealer=dealer, fields=_fields(member))
    with pytest.raises(PermissionDenied):
        tier_save(actor=actor_of(hq), tier=member, dealer=dealer, fields=_fields(member))
    other_manager = make_user("d02-manager", ["coc_manager"], other_dealer)
    with pytest.raises(Http404):
        tier_save(actor=actor_of(other_manager), tier=member, dealer=dealer, fields=_fields(member))


def test_it_deletes_only_a_tier_nobody_held(owner, manager, actor_of, dealer):
    _customer, _cars = owner(purchased_on=BOUGHT)
    recompute()
    member = MembershipTier.objects.get(dealer=dealer, code="member")
    gold = MembershipTier.objects.get(dealer=dealer, code="gold")
    with pytest.raises(ValidationError):
        tier_delete(actor=actor_of(manager), tier=member)
    tier_delete(actor=actor_of(manager), tier=gold)
    assert not MembershipTier.objects.filter(pk=gold.pk).exists()
