"""Shared fixtures: two dealers of one group, a named user for every role, and quick record makers.

Outside CI a test that needs a missing service skips with its reason; with CI=true it fails instead.
"""

import os
from datetime import date

import pytest
from django.test import Client

from dealercrm.customers.models import Customer
from dealercrm.customers.services import ContactInput, customer_create
from dealercrm.org.access import actor_for, system_actor
from dealercrm.org.roles import Role
from dealercrm.org.services import dealer_ensure, staff_ensure
from dealercrm.vehicles.models import Vehicle, VehicleModel
from dealercrm.vehicles.services import vehicle_create

PASSWORD = "dealercrm-test-pw"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_service(available: bool, reason: str) -> None:
    """Skip locally when a service is missing; in CI that is a failure, never a skip."""
    if not available:
        if IN_CI:
            pytest.fail(f"CI needs this service: {reason}")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.FastPBKDF2PasswordHasher"]


@pytest.fixture
def dealer(db):
    return dealer_ensure(group_name="测试集团", code="D01", name="星河汽车", city="深圳")


@pytest.fixture
def other_dealer(db):
    return dealer_ensure(group_name="测试集团", code="D02", name="远航汽车", city="广州")


def _user(username, roles, dealer):
    return staff_ensure(username=username, password=PASSWORD, roles=roles, dealer=dealer).user


@pytest.fixture
def make_user(db):
    return _user


@pytest.fixture
def agent(dealer):
    return _user("d01-agent", [Role.COC_AGENT], dealer)


@pytest.fixture
def manager(dealer):
    return _user("d01-manager", [Role.COC_MANAGER, Role.DEALER_GM], dealer)


@pytest.fixture
def sales(dealer):
    return _user("d01-sales", [Role.SALES_CONSULTANT], dealer)


@pytest.fixture
def advisor(dealer):
    return _user("d01-advisor", [Role.SERVICE_ADVISOR], dealer)


@pytest.fixture
def clerk(dealer):
    return _user("d01-clerk", [Role.INFO_CLERK], dealer)


@pytest.fixture
def gm(dealer):
    return _user("d01-gm", [Role.DEALER_GM], dealer)


@pytest.fixture
def hq(db):
    return _user("hq", [Role.GROUP_HQ], None)


@pytest.fixture
def admin_user(db):
    return _user("admin", [Role.ADMIN], None)


@pytest.fixture
def other_agent(other_dealer):
    return _user("d02-agent", [Role.COC_AGENT], other_dealer)


@pytest.fixture
def client_for():
    """client_for(user) -> a logged-in test client."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def actor_of():
    return actor_for


@pytest.fixture
def system():
    return system_actor()


@pytest.fixture
def vehicle_model(db):
    model, _ = VehicleModel.objects.get_or_create(
        brand="Volkswagen", series="帕萨特", trim="330TSI 豪华版", model_year=2024
    )
    return model


# VINs with correct check digits (ISO 3779), usable in any test.
VALID_VINS = ["LSVAU218XN2183294", "LFV3A23C9J3012345", "LSGPC52U05F131313", "LVSHCAMB8EE123456"]


@pytest.fixture
def make_customer(system):
    def make(dealer, name="张三", mobile="13812345678", **fields) -> Customer:
        contacts = [ContactInput("mobile", mobile, True)] if mobile else []
        return customer_create(
            actor=system, dealer=dealer, fields={"name": name, **fields}, contacts=contacts
        )

    return make


@pytest.fixture
def make_vehicle(system, vehicle_model):
    def make(dealer, owner=None, vin=VALID_VINS[0], plate="粤B12345", **fields) -> Vehicle:
        data = {
            "vin": vin,
            "plate": plate,
            "model": vehicle_model,
            "colour": "白",
            "purchased_on": date(2024, 5, 1),
            **fields,
        }
        return vehicle_create(actor=system, dealer=dealer, fields=data, owner=owner)

    return make
