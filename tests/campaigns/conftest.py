"""Campaigns fixtures: customers with standing, vehicles, visits, cities and consents; a dealer's templates.

Pages are asked for English and services run with English active, so tests read English messages.
"""

from datetime import date, datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from dealercrm.campaigns.selectors import segment_customers
from dealercrm.customers.models import Address, Consent
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
from dealercrm.messaging.models import MessageTemplate
from dealercrm.service.models import CustomerSpend


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


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment in the project's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def selected(dealer, rules: dict) -> set[int]:
    return set(segment_customers(None, dealer_ids=[dealer.pk], rules=rules).values_list("pk", flat=True))


@pytest.fixture
def pair(dealer, make_customer):
    """Two customers of the dealer: the test puts the first inside a rule and the second outside it."""
    return (
        make_customer(dealer, name="李四", mobile="13800000001"),
        make_customer(dealer, name="王五", mobile="13800000002"),
    )


@pytest.fixture
def standing():
    def make(customer, **fields) -> LoyaltyProfile:
        profile, _ = LoyaltyProfile.objects.update_or_create(
            customer=customer, defaults={"dealer_id": customer.dealer_id, **fields}
        )
        return profile

    return make


@pytest.fixture
def tier():
    def make(dealer, code: str, rank: int, discount: int = 5) -> MembershipTier:
        return MembershipTier.objects.create(
            dealer=dealer, code=code, name=code.title(), rank=rank, discount_percent=discount
        )

    return make


def visit(customer, last_order_on: date) -> CustomerSpend:
    return CustomerSpend.objects.create(
        customer=customer, dealer_id=customer.dealer_id, orders=1, last_order_on=last_order_on
    )


def lives_in(customer, city: str) -> Address:
    return Address.objects.create(customer=customer, city=city, line="1号")


def consent(customer, channel: str = "sms", granted: bool = True) -> Consent:
    row, _ = Consent.objects.update_or_create(
        customer=customer,
        channel=channel,
        defaults={"granted": granted, "recorded_at": timezone.now(), "source": "test"},
    )
    return row


@pytest.fixture
def sms_template(dealer):
    return MessageTemplate.objects.create(
        dealer=dealer,
        code="spring",
        name="Spring check",
        channel="sms",
        purpose="marketing",
        body_zh="【{dealer}】{name}您好，春季免费检测进行中。回复TD退订",  # noqa: RUF001
        body_en="[{dealer}] {name}, free spring check-up. Reply TD to opt out",
    )


@pytest.fixture
def other_template(other_dealer):
    return MessageTemplate.objects.create(
        dealer=other_dealer, code="spring", name="Spring", channel="sms", purpose="marketing", body_zh="春季"
    )


@pytest.fixture
def car(vehicle_model):
    """car(customer, n) -> a vehicle of that customer (plain rows: results tests need many cars)."""
    from dealercrm.vehicles.models import Vehicle

    def make(customer, n: int, **fields) -> Vehicle:
        vin = f"LTEST{n:012d}"
        return Vehicle.objects.create(
            dealer_id=customer.dealer_id,
            vin=vin,
            vin_tail6=vin[-6:],
            model=vehicle_model,
            current_owner=customer,
            **fields,
        )

    return make
