"""After-sales fixtures: English messages, an owned vehicle, readings written straight to the table, a plan."""

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from dealercrm.service.models import ServicePlan
from dealercrm.vehicles.models import OdometerReading


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for():
    """client_for(user) -> a logged-in test client that asks for English pages."""

    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def owner(dealer, make_customer):
    return make_customer(dealer, name="李四", mobile="13912345678")


@pytest.fixture
def vehicle(dealer, owner, make_vehicle):
    return make_vehicle(dealer, owner=owner, purchased_on=date(2024, 1, 15))


@pytest.fixture
def other_vehicle(other_dealer, make_customer, make_vehicle):
    from tests.conftest import VALID_VINS

    customer = make_customer(other_dealer, name="王五", mobile="13712345678")
    return make_vehicle(other_dealer, owner=customer, vin=VALID_VINS[1], plate="粤A88888")


@pytest.fixture
def add_readings():
    """add_readings(vehicle, [(date, km), (date, km, meter_replaced), ...]): rows as a DMS import would write
    them, without the one-at-a-time checks of vehicles.services.odometer_record."""

    def add(vehicle, rows):
        return OdometerReading.objects.bulk_create(
            OdometerReading(
                vehicle=vehicle, read_on=row[0], km=row[1], meter_replaced=len(row) > 2 and row[2]
            )
            for row in rows
        )

    return add


@pytest.fixture
def plan(vehicle_model):
    """The model's own plan: first service 5,000 km / 6 months, then 10,000 km / 12 months."""
    return ServicePlan.objects.create(
        model=vehicle_model,
        first_service_km=5000,
        first_service_months=6,
        every_km=10000,
        every_months=12,
        warranty_years=3,
        warranty_km=100000,
    )


@pytest.fixture
def actor(advisor):
    from dealercrm.org.access import actor_for

    return actor_for(advisor)


@pytest.fixture
def open_order(actor, advisor):
    """open_order(vehicle, km=12000, **fields) -> a checked-in repair order (walk-in) by the advisor."""
    from dealercrm.service.services import order_open

    def make(vehicle, km=12000, service_type="maintenance", **fields):
        return order_open(
            actor=actor, vehicle=vehicle, km=km, service_type=service_type, advisor=advisor, **fields
        )

    return make


@pytest.fixture
def drive(actor):
    """drive(order, *statuses): add an approved line if there is none, then move through the statuses."""
    from dealercrm.service.services import order_decide, order_line_add, order_move

    def run(order, *statuses):
        if not order.lines.exists():
            order_line_add(
                actor=actor,
                order=order,
                kind="labour",
                description="保养工时",
                quantity="1.5",
                unit_price="200",
            )
            order_decide(actor=actor, order=order, approve=True)
        for to in statuses:
            order = order_move(actor=actor, order=order, to=to)
        return order

    return run


@pytest.fixture
def purposes():
    """purposes(kind) -> the follow-up purposes recorded for an event kind (sources)."""
    from dealercrm.followups.models import TaskPurpose

    def find(kind):
        return set(TaskPurpose.objects.filter(event_kind=kind).values_list("source", flat=True))

    return find
