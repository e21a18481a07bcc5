"""Fixtures of the points-ledger tests (imported by each tests/loyalty/test_points*.py module, so they do not
clash with the standing tests' fixtures): English messages, an owner with a car, handed-over and open repair
orders, the daily job."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from dealercrm.loyalty.jobs_points import points_daily
from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry
from dealercrm.org.access import actor_for
from dealercrm.service.models import RepairOrder
from tests.conftest import VALID_VINS


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def owner(dealer, make_customer):
    return make_customer(dealer, name="赵积分", mobile="13912345678")


@pytest.fixture
def car(dealer, owner, make_vehicle):
    return make_vehicle(dealer, owner=owner, vin=VALID_VINS[1], plate="粤B66666")


@pytest.fixture
def handed_over(dealer, owner, car):
    """handed_over(total, on, customer=owner, vehicle=car) -> a repair order already handed over and paid."""

    def make(total, on: date, customer=None, vehicle=None, dealer_=None):
        return RepairOrder.objects.create(
            dealer=dealer_ or dealer,
            vehicle=vehicle or car,
            customer=customer or owner,
            service_type="maintenance",
            km=20000,
            opened_on=on,
            status="handed_over",
            handed_over_on=on,
            total=Decimal(total),
            customer_total=Decimal(total),
        )

    return make


@pytest.fixture
def open_order(advisor, car):
    """open_order(amount) -> the owner's checked-in order with one approved customer-paid line of `amount`."""
    from dealercrm.service.services import order_decide, order_line_add, order_open

    actor = actor_for(advisor)

    def make(amount="1000", vehicle=None):
        order = order_open(actor=actor, vehicle=vehicle or car, km=21000, service_type="maintenance")
        order_line_add(
            actor=actor, order=order, kind="part", description="机油滤芯", quantity="1", unit_price=amount
        )
        order_decide(actor=actor, order=order, approve=True)
        order.refresh_from_db()
        return order

    return make


@pytest.fixture
def run_job():
    def run(on: date) -> dict:
        return points_daily(on)

    return run


@pytest.fixture
def balance():
    def read(customer) -> int:
        profile = LoyaltyProfile.objects.filter(pk=customer.pk).first()
        return profile.points_balance if profile else 0

    return read


@pytest.fixture
def ledger_adds_up():
    """ledger_adds_up(customer): balance == sum of the lots' remaining == sum of every entry's points."""

    def check(customer) -> None:
        rows = PointsEntry.objects.filter(customer=customer)
        total = sum(rows.values_list("points", flat=True))
        left = sum(rows.values_list("remaining", flat=True))
        profile = LoyaltyProfile.objects.get(pk=customer.pk)
        assert profile.points_balance == total == left, (profile.points_balance, total, left)

    return check


@pytest.fixture
def funded(dealer, owner, handed_over, run_job):
    """funded(points, on=date(2025, 1, 10)) -> the owner earns `points` (a handed-over order of that many yuan
    at the default policy of 1 point per yuan), through the daily job."""

    def fund(points: int, on: date = date(2025, 1, 10), customer=None):
        order = handed_over(points, on, customer=customer)
        run_job(on)
        return PointsEntry.objects.get(source_key=f"service.repairorder:{order.pk}:earn")

    return fund
