"""Expiry: what is left of a lot past its date expires, the points earned first are the ones spent first."""

from datetime import date

import pytest

from dealercrm.loyalty.models import PointsEntry
from dealercrm.loyalty.services.points import points_adjust, points_redeem
from dealercrm.org.access import actor_for
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_it_spends_the_oldest_lot_first_and_expires_only_what_is_left_of_it(
    owner, advisor, funded, run_job, balance, ledger_adds_up
):
    a = funded(100, on=date(2023, 3, 10))  # expires 2025-03-10
    b = funded(50, on=date(2024, 1, 5))  # expires 2026-01-05
    points_redeem(actor=actor_for(advisor), customer=owner, points=30, reason="accessories", note="脚垫")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.remaining, b.remaining) == (70, 50)

    assert run_job(date(2025, 3, 10))["expired"] == 0  # the last day a lot is good
    result = run_job(date(2025, 3, 11))
    assert result["expired"] == 1
    expired = PointsEntry.objects.get(kind="expire")
    assert (expired.points, expired.ref_id, expired.occurred_on) == (-70, a.pk, date(2025, 3, 11))
    assert expired.source_key == f"loyalty.pointsentry:{a.pk}:expire"
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.remaining, b.remaining) == (0, 50)
    assert balance(owner) == 50
    ledger_adds_up(owner)

    assert run_job(date(2025, 3, 12))["expired"] == 0  # idempotent
    assert PointsEntry.objects.filter(kind="expire").count() == 1


def test_a_lot_spent_entirely_never_expires(owner, advisor, funded, run_job, balance):
    funded(40, on=date(2023, 3, 10))
    funded(60, on=date(2024, 1, 5))
    points_redeem(actor=actor_for(advisor), customer=owner, points=40, reason="other", note="洗车券")
    run_job(date(2025, 6, 1))
    assert not PointsEntry.objects.filter(kind="expire").exists()
    assert balance(owner) == 60


def test_it_expires_many_customers_in_one_run(dealer, make_customer, funded, run_job, balance):
    customers = [make_customer(dealer, name=f"过期{i}", mobile=f"1380000{i:04d}") for i in range(5)]
    for i, customer in enumerate(customers):
        funded(10 * (i + 1), on=date(2023, 1, 2), customer=customer)
    assert [balance(c) for c in customers] == [10, 20, 30, 40, 50]
    assert run_job(date(2025, 1, 3))["expired"] == 5
    assert [balance(c) for c in customers] == [0] * 5


def test_a_manual_lot_expires_after_the_policy_months_too(owner, manager, run_job, balance):
    points_adjust(actor=actor_for(manager), customer=owner, points=25, note="活动补发", on=date(2024, 1, 31))
    lot = PointsEntry.objects.get(customer=owner)
    assert lot.expires_on == date(2026, 1, 31) and lot.remaining == 25
    run_job(date(2026, 2, 1))
    assert balance(owner) == 0


def test_an_old_order_whose_points_would_already_have_expired_earns_nothing(owner, handed_over, run_job):
    handed_over("300", date(2022, 1, 1))
    run_job(date(2025, 1, 1))
    assert not PointsEntry.objects.exists()
