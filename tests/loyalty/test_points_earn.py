"""Earning: the daily job turns handed-over repair orders into lots, once, set-based."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry, PointsPolicy
from dealercrm.service.models import RepairOrder
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db

ON = date(2025, 3, 1)


def test_it_earns_points_per_yuan_rounded_down_once(owner, handed_over, run_job, balance, ledger_adds_up):
    order = handed_over("1234.56", date(2025, 2, 20))
    result = run_job(ON)
    lot = PointsEntry.objects.get(customer=owner)
    assert (lot.kind, lot.points, lot.remaining) == ("earn", 1234, 1234)
    assert lot.source_key == f"service.repairorder:{order.pk}:earn"
    assert (lot.occurred_on, lot.expires_on) == (date(2025, 2, 20), date(2027, 2, 20))
    assert (lot.ref_type, lot.ref_id) == ("service.repairorder", order.pk)
    assert result["earned"] == 1 and balance(owner) == 1234
    assert run_job(ON)["earned"] == 0  # idempotent
    assert run_job(date(2025, 3, 2))["earned"] == 0
    assert PointsEntry.objects.count() == 1 and balance(owner) == 1234
    ledger_adds_up(owner)


def test_it_creates_the_profile_and_adds_to_an_existing_one(
    dealer, owner, make_customer, handed_over, run_job, balance
):
    second = make_customer(dealer, name="钱二", mobile="13900000002")
    LoyaltyProfile.objects.create(customer=second, dealer=dealer, points_balance=0, churn_score=40)
    handed_over("100", date(2025, 2, 1))
    handed_over("200", date(2025, 2, 2))
    handed_over("50", date(2025, 2, 3), customer=second)
    run_job(ON)
    assert balance(owner) == 300 and balance(second) == 50
    profile = LoyaltyProfile.objects.get(pk=owner.pk)
    assert profile.dealer_id == dealer.pk and profile.category == "new" and profile.churn_reasons == []
    assert LoyaltyProfile.objects.get(pk=second.pk).churn_score == 40  # the standing columns are left alone


def test_it_follows_each_dealers_policy(
    dealer, other_dealer, make_customer, make_vehicle, handed_over, run_job, balance
):
    from tests.conftest import VALID_VINS

    PointsPolicy.objects.create(dealer=dealer, points_per_yuan=Decimal("1.5"), expiry_months=6)
    theirs = make_customer(other_dealer, name="外店客户", mobile="13700000001")
    their_car = make_vehicle(other_dealer, owner=theirs, vin=VALID_VINS[2], plate="粤A11111")
    mine = handed_over("0.99", date(2025, 2, 20))  # 1.485 points: 1
    handed_over("99.99", date(2025, 2, 21))  # 149.985 points: 149
    handed_over("100", date(2025, 2, 20), customer=theirs, vehicle=their_car, dealer_=other_dealer)
    run_job(ON)
    lots = PointsEntry.objects.filter(customer=mine.customer).order_by("id")
    assert list(lots.values_list("points", "expires_on")) == [
        (1, date(2025, 8, 20)),
        (149, date(2025, 8, 21)),
    ]
    assert balance(mine.customer) == 150
    assert balance(theirs) == 100  # the other dealer gets the default policy, created by the job
    assert PointsPolicy.objects.filter(dealer=other_dealer).exists()


def test_it_clamps_expiry_to_the_end_of_a_short_month(dealer, owner, handed_over, run_job):
    PointsPolicy.objects.create(dealer=dealer, expiry_months=1)
    handed_over("10", date(2025, 1, 31))
    run_job(date(2025, 2, 1))
    assert PointsEntry.objects.get(customer=owner).expires_on == date(2025, 2, 28)


def test_it_ignores_open_cancelled_unpaid_and_future_orders(owner, handed_over, run_job, balance):
    handed_over("0", date(2025, 2, 1))  # warranty work: nothing paid
    later = handed_over("500", date(2025, 3, 5))  # after the job's date
    cancelled = handed_over("300", date(2025, 2, 1))
    RepairOrder.objects.filter(pk=cancelled.pk).update(status="cancelled", handed_over_on=None)
    still_open = handed_over("400", date(2025, 2, 1))
    RepairOrder.objects.filter(pk=still_open.pk).update(status="ready", handed_over_on=None)
    run_job(ON)
    assert balance(owner) == 0 and not PointsEntry.objects.exists()
    run_job(date(2025, 3, 5))
    assert list(PointsEntry.objects.values_list("ref_id", flat=True)) == [later.pk]


def test_it_earns_through_the_real_hand_over(owner, open_order, advisor, run_job, balance):
    from dealercrm.org.access import actor_for
    from dealercrm.service.services import order_move

    actor = actor_for(advisor)
    order = open_order("880")
    for to in ("in_progress", "quality_check", "ready", "handed_over"):
        order = order_move(actor=actor, order=order, to=to)
    order.refresh_from_db()
    run_job(order.handed_over_on)
    assert balance(owner) == 880


def test_its_queries_do_not_grow_with_the_number_of_orders(
    dealer, make_customer, car, handed_over, run_job, django_assert_max_num_queries
):
    def queries_for(n: int, on: date) -> int:
        for i in range(n):
            customer = make_customer(dealer, name=f"客户{on.day}-{i}", mobile=f"139{on.day:02d}{i:06d}")
            handed_over("100", on, customer=customer)
        with CaptureQueriesContext(connection) as captured:
            result = run_job(on)
        assert result["earned"] == n
        return len(captured)

    few = queries_for(3, date(2025, 2, 1))
    many = queries_for(30, date(2025, 2, 2))
    assert many <= few, (few, many)  # the first run also created the default policy
    with django_assert_max_num_queries(12):
        run_job(date(2025, 2, 3))


def test_after_a_recent_run_it_looks_only_at_recent_hand_overs(owner, handed_over, balance):
    from dealercrm.core.jobs import run_daily_jobs

    def nightly(on: date) -> dict:
        [(_name, result)] = run_daily_jobs(on, only=["loyalty.points"])
        return result

    handed_over("100", date(2025, 2, 27))
    assert nightly(date(2025, 2, 28))["earned"] == 1  # the first run sweeps every order
    handed_over("20", date(2025, 2, 26))  # recorded late, within the week: still earns
    handed_over("5", date(2025, 1, 2))  # recorded two months late: waits for the next full sweep
    assert nightly(date(2025, 3, 1))["earned"] == 1
    assert balance(owner) == 120
    assert nightly(date(2025, 4, 15))["earned"] == 1  # more than a month without a run: a full sweep
    assert balance(owner) == 125
