"""Follow-up tests read English messages; dates far in the future use the plain Monday-Friday calendar."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from dealercrm.followups.models import ContactPolicy
from tests.conftest import VALID_VINS

# A Monday in a year without an official schedule: working days are plain Monday-Friday.
MONDAY = date(2027, 3, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


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
def customer(dealer, make_customer):
    return make_customer(dealer, name="李雷", mobile="13900001111")


@pytest.fixture
def car(dealer, customer, make_vehicle):
    return make_vehicle(dealer, owner=customer, vin=VALID_VINS[1], plate="粤B10001")


@pytest.fixture
def always_open(dealer):
    """Calls allowed around the clock at D01 (tests run at any hour)."""
    return ContactPolicy.objects.create(dealer=dealer, quiet_until=time(0, 0), quiet_from=time(23, 59, 59))


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def now(today):
    """Ten in the morning today: inside the default calling hours."""
    return at(today, 10)


@pytest.fixture
def due_task(today):
    """due_task(customer, source=…, kind=…) -> the open task of a purpose due today."""
    from dealercrm.followups.choices import EventKind
    from dealercrm.followups.services import record_event

    counter = iter(range(1, 10_000))

    def make(customer, source=None, kind=EventKind.CUSTOM, vehicle=None):
        [purpose] = record_event(
            kind=kind,
            customer=customer,
            vehicle=vehicle,
            occurred_on=today,
            source=source or f"t:{next(counter)}",
        )
        return purpose.task

    return make
