"""Sales tests read English messages. Named people: the `sales` consultant of D01 (conftest), a colleague, a
consultant of D02; the GM approves discounts and lost leads; leads, demo cars and orders are made through the
services, as the pages make them."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from dealercrm.org.models import Dealer
from dealercrm.org.roles import Role
from dealercrm.sales import services
from dealercrm.sales.choices import OrderStatus
from dealercrm.sales.models import CHECKLIST, Lead, Order
from tests.conftest import VALID_VINS

LICENCE = "11010519491231002X"  # a valid resident ID number (the driving licence number in China)


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
def colleague(dealer, make_user):
    return make_user("d01-sales2", [Role.SALES_CONSULTANT], dealer)


@pytest.fixture
def other_sales(other_dealer, make_user):
    return make_user("d02-sales", [Role.SALES_CONSULTANT], other_dealer)


@pytest.fixture
def other_gm(other_dealer, make_user):
    return make_user("d02-gm", [Role.DEALER_GM], other_dealer)


@pytest.fixture
def prospect(dealer, make_customer):
    return make_customer(dealer, name="王五", mobile="13900002222")


@pytest.fixture
def make_lead(actor_of, vehicle_model):
    """make_lead(user, customer=None, **fields) -> a lead created by `user` (a new prospect unless given)."""
    counter = iter(range(1000, 9999))

    def make(
        user, customer=None, dealer=None, contacted=True, received_at=None, owner_id=None, **fields
    ) -> Lead:
        actor = actor_of(user)
        dealer = dealer or Dealer.objects.get(pk=actor.dealer_id)
        new = None if customer else {"name": "赵六", "mobile": f"1370000{next(counter)}"}
        return services.lead_create(
            actor=actor,
            dealer=dealer,
            fields={"source": "showroom", "model": vehicle_model, "grade": "B", **fields},
            customer=customer,
            new_customer=new,
            contacted=contacted,
            received_at=received_at,
            owner_id=owner_id,
        )

    return make


@pytest.fixture
def lead(sales, prospect, make_lead):
    return make_lead(sales, customer=prospect)


@pytest.fixture
def demo_car(dealer, gm, vehicle_model, actor_of):
    return services.demo_vehicle_add(actor=actor_of(gm), dealer=dealer, model=vehicle_model, plate="粤B0D001")


@pytest.fixture
def other_demo_car(other_dealer, other_gm, vehicle_model, actor_of):
    return services.demo_vehicle_add(
        actor=actor_of(other_gm), dealer=other_dealer, model=vehicle_model, plate="粤A0D002"
    )


def next_slot(days: int = 1, hour: int = 10) -> datetime:
    """A bookable half hour `days` from today (local time)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def current_slot() -> datetime:
    """The half hour we are in (bookable, and already started)."""
    now = timezone.localtime()
    return now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)


@pytest.fixture
def book(actor_of, demo_car):
    def make(user, lead, starts_at=None, minutes=60, car=None, **extra):
        return services.test_drive_book(
            actor=actor_of(user),
            lead=lead,
            demo_vehicle=car or demo_car,
            starts_at=starts_at or next_slot(),
            minutes=minutes,
            licence_number=extra.pop("licence_number", LICENCE),
            licence_expires_on=extra.pop("licence_expires_on", date.today() + timedelta(days=365)),
            **extra,
        )

    return make


@pytest.fixture
def place_order(actor_of, vehicle_model):
    def make(user, lead, **fields) -> Order:
        data = {
            "model": vehicle_model,
            "colour": "白",
            "price": Decimal("200000"),
            "discount": Decimal("5000"),
            "deposit": Decimal("20000"),
            "payment": "loan",
            **fields,
        }
        return services.order_place(actor=actor_of(user), lead=lead, fields=data)

    return make


@pytest.fixture
def allocated_order(sales, lead, place_order, actor_of):
    """An order for `lead`, paid and with VALID_VINS[1] allocated: ready for the handover."""
    order = place_order(sales, lead)
    actor = actor_of(sales)
    services.order_advance(actor=actor, order=order, to=OrderStatus.PAID)
    services.order_advance(actor=actor, order=order, to=OrderStatus.ALLOCATED, vin=VALID_VINS[1])
    return Order.objects.get(pk=order.pk)


def tick_all() -> dict:
    return {name: True for name, _label in CHECKLIST}
