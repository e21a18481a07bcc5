"""The nightly job "loyalty.standing": registered, idempotent, set-based (queries do not grow with owners)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.loyalty.models import LoyaltyProfile, TierChange
from dealercrm.service.models import VehicleDue
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, complaint, due_on, recompute, serviced, spend

pytestmark = pytest.mark.django_db


def _population(owner, n: int, tag: str) -> list:
    """n owners who will slip (see _slip) and n loyal ones; returns the first."""
    slipping = []
    for i in range(n):
        risky, [car] = owner(name=f"{tag}险{i}", purchased_on=date(2019, 3, 1))
        due_on(car, TODAY + timedelta(days=100))
        slipping.append(risky)
        loyal, [car] = owner(name=f"{tag}稳{i}", purchased_on=date(2022, 1, 10))
        serviced(car, date(2022, 7, 1), date(2023, 7, 15), date(2024, 7, 5))
        spend(loyal, 6000 + i)
    return slipping


def _slip(customers) -> None:
    """Overdue for 200 days (30), an open complaint (20), an old car (15): 65, at risk."""
    VehicleDue.objects.filter(vehicle__current_owner__in=customers).update(
        next_service_due_on=TODAY - timedelta(days=200)
    )
    for customer in customers:
        complaint(customer, date(2025, 5, 1))


def _queries(on: date) -> int:
    with CaptureQueriesContext(connection) as captured:
        recompute(on=on)
    return len(captured.captured_queries)


def test_it_is_registered_as_a_daily_job(owner):
    assert "loyalty.standing" in registered_jobs()
    _slip(_population(owner, 1, "a"))
    [(name, result)] = run_daily_jobs(TODAY, only=["loyalty.standing"])
    assert (name, result["profiles_created"], result["changed"]) == ("loyalty.standing", 2, 2)


def test_its_query_count_does_not_grow_with_the_number_of_owners(owner):
    day = TODAY - timedelta(days=10)
    warm = _population(owner, 1, "warm")
    recompute(on=day)
    _slip(warm)
    recompute(on=day + timedelta(days=1))  # the dealer gets its tiers and follow-up rules once
    few = _population(owner, 2, "few")
    recompute(on=day + timedelta(days=2))
    _slip(few)
    few_queries = _queries(day + timedelta(days=3))
    many = _population(owner, 20, "many")
    recompute(on=day + timedelta(days=4))
    _slip(many)
    with CaptureQueriesContext(connection) as captured:
        counts = recompute(on=day + timedelta(days=5))
    assert counts["winback_calls"] == 20
    assert LoyaltyProfile.objects.count() == 2 + 4 + 40
    assert LoyaltyProfile.objects.exclude(at_risk_since=None).count() == 1 + 2 + 20
    assert few_queries == len(captured.captured_queries)


def test_it_gives_the_same_standing_whatever_the_batch_size(owner):
    _slip(_population(owner, 4, "b"))
    recompute(batch=3)
    small = list(
        LoyaltyProfile.objects.order_by("pk").values_list("category", "churn_score", "churn_reasons", "tier")
    )
    LoyaltyProfile.objects.all().delete()
    TierChange.objects.all().delete()
    recompute(batch=100_000)
    whole = list(
        LoyaltyProfile.objects.order_by("pk").values_list("category", "churn_score", "churn_reasons", "tier")
    )
    assert small == whole and len(whole) == 8


def test_it_changes_nothing_when_run_twice_for_a_date(owner):
    _slip(_population(owner, 3, "c"))
    first = recompute()
    second = recompute()
    assert first["changed"] == 6 and first["tier_changes"] == 6
    assert (
        second["profiles_created"],
        second["changed"],
        second["tier_changes"],
        second["winback_calls"],
    ) == (
        0,
        0,
        0,
        0,
    )
