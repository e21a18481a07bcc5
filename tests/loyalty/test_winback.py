"""Win-back calls: booked by a manager from the at-risk list or by the nightly recompute, once a month at most."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from dealercrm.followups.models import TaskPurpose
from dealercrm.loyalty.models import StandingPolicy
from dealercrm.loyalty.services.winback import winback_calls_create
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, complaint, due_on, profile, recompute, survey

pytestmark = pytest.mark.django_db


def _at_risk(owner, at=None):
    customer, [car] = owner(purchased_on=date(2019, 3, 1), at=at)  # 15: old car
    due_on(car, TODAY - timedelta(days=200))  # 30
    complaint(customer, date(2025, 5, 1))  # 20
    return customer


def _calls(customer) -> list[str]:
    return list(
        TaskPurpose.objects.filter(customer=customer, event_kind="win_back").values_list("source", flat=True)
    )


def test_it_books_a_call_once_a_month_and_says_how_many_had_one(owner, manager, actor_of):
    first, second = _at_risk(owner), _at_risk(owner)
    recompute(winback=False)
    me = actor_of(manager)
    assert winback_calls_create(actor=me, customer_ids=[first.pk], on=TODAY) == (1, 0)
    assert winback_calls_create(actor=me, customer_ids=[first.pk, second.pk], on=TODAY) == (1, 1)
    assert _calls(first) == [f"loyalty.winback:{first.pk}:2025-06"]
    assert winback_calls_create(actor=me, customer_ids=[first.pk], on=date(2025, 7, 1)) == (1, 0)


def test_it_ignores_another_dealers_owners_and_refuses_agents(owner, manager, agent, actor_of, other_dealer):
    theirs = _at_risk(owner, at=other_dealer)
    recompute(winback=False)
    assert winback_calls_create(actor=actor_of(manager), customer_ids=[theirs.pk], on=TODAY) == (0, 0)
    with pytest.raises(PermissionDenied):
        winback_calls_create(actor=actor_of(agent), customer_ids=[theirs.pk], on=TODAY)
    assert _calls(theirs) == []


def _slip(customer) -> None:
    """The owner's service falls overdue and they complain: 30 + 20 + 15 (old car) = 65."""
    due_on(customer.vehicles.get(), TODAY - timedelta(days=200))
    complaint(customer, date(2025, 5, 1))


def _calm(owner):
    customer, [car] = owner(purchased_on=date(2019, 3, 1))  # 15: old car
    due_on(car, TODAY + timedelta(days=100))
    return customer


def test_it_books_a_call_nightly_when_an_owner_crosses_the_threshold(owner):
    customer, calm = _calm(owner), _calm(owner)
    recompute(on=TODAY - timedelta(days=1))
    _slip(customer)
    counts = recompute()
    assert counts["winback_calls"] == 1
    assert _calls(customer) == [f"loyalty.winback:{customer.pk}:2025-06"]
    assert _calls(calm) == []
    assert recompute()["winback_calls"] == 0  # same day again: nothing new
    assert recompute(on=TODAY + timedelta(days=20))["winback_calls"] == 0  # still at risk: no second call
    assert len(_calls(customer)) == 1


def test_it_books_no_call_at_an_owners_first_computation(owner):
    customer = _at_risk(owner)
    assert recompute()["winback_calls"] == 0
    assert profile(customer).at_risk_since == TODAY and _calls(customer) == []


def test_it_calls_again_when_an_owner_crosses_once_more(owner):
    customer = _calm(owner)
    recompute(on=TODAY - timedelta(days=1))
    _slip(customer)
    recompute()
    due_on(customer.vehicles.get(), TODAY + timedelta(days=200))  # serviced: 35 left
    recompute(on=date(2025, 7, 1))
    assert profile(customer).at_risk_since is None
    survey(customer, 10, date(2025, 7, 5))  # +15 = 50: below 60
    StandingPolicy.objects.create(dealer=customer.dealer, winback_threshold=50)
    recompute(on=date(2025, 7, 10))
    assert profile(customer).at_risk_since == date(2025, 7, 10)
    assert sorted(_calls(customer)) == [
        f"loyalty.winback:{customer.pk}:2025-06",
        f"loyalty.winback:{customer.pk}:2025-07",
    ]


def test_it_books_nothing_nightly_for_a_dealer_that_turned_it_off(owner, dealer):
    StandingPolicy.objects.create(dealer=dealer, winback_calls=False)
    customer = _calm(owner)
    recompute(on=TODAY - timedelta(days=1))
    _slip(customer)
    assert recompute()["winback_calls"] == 0
    assert profile(customer).at_risk_since == TODAY and _calls(customer) == []
