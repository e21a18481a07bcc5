"""Churn risk: each reason adds its points, is stored with its value, and is shown translated. Today 2025-06-15."""

from datetime import date, timedelta

import pytest

from dealercrm.loyalty.standing_rules import reason_label
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import (
    TODAY,
    complaint,
    due_on,
    profile,
    reasons,
    recompute,
    serviced,
    survey,
)

pytestmark = pytest.mark.django_db

YOUNG = date(2023, 6, 1)  # two years old: in warranty


def test_it_gives_a_well_kept_owner_no_risk(owner):
    customer, [car] = owner(purchased_on=YOUNG)
    serviced(car, date(2023, 12, 1), date(2024, 11, 20))
    due_on(car, date(2025, 11, 20))
    recompute()
    assert (profile(customer).churn_score, profile(customer).churn_reasons) == (0, [])


@pytest.mark.parametrize(("days", "points"), [(10, 10), (45, 20), (120, 30)])
def test_it_weighs_how_long_a_service_is_overdue(owner, days, points):
    customer, [car] = owner(purchased_on=YOUNG)
    due_on(car, TODAY - timedelta(days=days))
    recompute()
    reason = reasons(customer)["overdue"]
    assert reason == {"code": "overdue", "points": points, "value": str(TODAY - timedelta(days=days))}


def test_it_takes_the_most_overdue_of_the_owners_vehicles(owner):
    customer, [a, b] = owner(purchased_on=YOUNG, vehicles=2)
    due_on(a, TODAY - timedelta(days=5))
    due_on(b, TODAY - timedelta(days=100))
    recompute()
    assert reasons(customer)["overdue"]["points"] == 30


def test_it_sees_declining_visits(owner):
    slowing, [a] = owner(purchased_on=YOUNG)
    serviced(a, date(2023, 8, 1), date(2024, 1, 5), date(2024, 5, 1), date(2025, 1, 10))
    stopped, [b] = owner(purchased_on=YOUNG)
    serviced(b, date(2023, 12, 1), date(2024, 5, 1))
    steady, [c] = owner(purchased_on=YOUNG)
    serviced(c, date(2024, 5, 1), date(2025, 1, 10))
    recompute()
    assert reasons(slowing)["visits_down"] == {"code": "visits_down", "points": 15, "value": [1, 3]}
    assert reasons(stopped)["visits_down"]["points"] == 20
    assert "visits_down" not in reasons(steady)


def test_it_counts_open_and_recent_complaints_but_not_old_closed_ones(owner):
    open_one, _ = owner(purchased_on=YOUNG)
    complaint(open_one, date(2024, 1, 1))
    recent, _ = owner(purchased_on=YOUNG)
    complaint(recent, date(2025, 3, 1), archived=True)
    old, _ = owner(purchased_on=YOUNG)
    complaint(old, date(2024, 6, 1), archived=True)
    recompute()
    assert reasons(open_one)["complaint_open"] == {"code": "complaint_open", "points": 20, "value": 1}
    assert "complaint_recent" not in reasons(open_one)
    assert reasons(recent)["complaint_recent"] == {"code": "complaint_recent", "points": 10, "value": 1}
    assert reasons(old) == {}


def test_it_counts_a_low_satisfaction_score_of_the_last_year(owner):
    unhappy, _ = owner(purchased_on=YOUNG)
    survey(unhappy, 40, date(2025, 2, 1))
    survey(unhappy, 90, date(2025, 3, 1))
    happy, _ = owner(purchased_on=YOUNG)
    survey(happy, 95, date(2025, 2, 1))
    long_ago, _ = owner(purchased_on=YOUNG)
    survey(long_ago, 30, date(2024, 4, 1))
    recompute()
    assert reasons(unhappy)["low_survey"] == {"code": "low_survey", "points": 15, "value": 40}
    assert reasons(happy) == {} and reasons(long_ago) == {}


def test_it_weighs_ownership_age_by_the_youngest_vehicle(owner, make_vehicle):
    out_of_warranty, _ = owner(purchased_on=date(2022, 1, 10))
    old, _ = owner(purchased_on=date(2019, 3, 1))
    both, [car] = owner(purchased_on=date(2019, 3, 1))
    make_vehicle(car.dealer, owner=both, vin="LFV3A23C9J3012345", plate="粤B99999", purchased_on=YOUNG)
    recompute()
    assert reasons(out_of_warranty)["vehicle_age"] == {"code": "vehicle_age", "points": 10, "value": 3}
    assert reasons(old)["vehicle_age"] == {"code": "vehicle_age", "points": 15, "value": 6}
    assert "vehicle_age" not in reasons(both)


def test_it_adds_the_reasons_up_to_at_most_100_and_marks_the_owner_at_risk(owner):
    customer, [car] = owner(purchased_on=date(2019, 3, 1))
    due_on(car, TODAY - timedelta(days=200))
    serviced(car, date(2023, 12, 1), date(2024, 2, 1))
    complaint(customer, date(2025, 5, 1))
    survey(customer, 20, date(2025, 5, 10))
    recompute()
    p = profile(customer)
    assert sum(r["points"] for r in p.churn_reasons) == 30 + 20 + 20 + 15 + 15 == p.churn_score == 100
    assert p.at_risk_since == TODAY


def test_it_keeps_at_risk_since_and_clears_it_when_the_risk_falls(owner):
    customer, [car] = owner(purchased_on=date(2019, 3, 1))
    due_on(car, TODAY - timedelta(days=200))
    complaint(customer, date(2025, 5, 1))
    survey(customer, 20, date(2025, 5, 10))
    recompute()
    assert profile(customer).churn_score == 80
    recompute(on=TODAY + timedelta(days=1))
    assert profile(customer).at_risk_since == TODAY
    due_on(car, TODAY + timedelta(days=300))
    recompute(on=TODAY + timedelta(days=2))
    assert (profile(customer).churn_score, profile(customer).at_risk_since) == (50, None)


def test_it_shows_each_reason_as_a_sentence():
    assert reason_label({"code": "overdue", "points": 10, "value": "2025-06-05"}) == (
        "Service overdue since 2025-06-05"
    )
    assert reason_label({"code": "visits_down", "points": 15, "value": [1, 3]}) == (
        "Fewer visits: 1 in the last 12 months, 3 in the 12 before"
    )
