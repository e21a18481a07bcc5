"""Insurance fixtures: English pages, an owner with a car and a policy ending in spring 2027."""

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from dealercrm.insurance.models import InsurancePolicy


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
    return make_customer(dealer, name="车主", mobile="13700002000")


@pytest.fixture
def car(dealer, owner, make_vehicle):
    return make_vehicle(dealer, owner=owner)


@pytest.fixture
def make_policy(dealer):
    def make(customer, vehicle, ends_on=date(2027, 4, 30), **fields) -> InsurancePolicy:
        data = {
            "insurer": "中国平安",
            "policy_number": "PA-1",
            "premium": 3200,
            "kind": "commercial",
            **fields,
        }
        starts = fields.pop("starts_on", ends_on.replace(year=ends_on.year - 1))
        data.pop("starts_on", None)
        return InsurancePolicy.objects.create(
            dealer_id=customer.dealer_id, customer=customer, vehicle=vehicle, starts_on=starts, ends_on=ends_on,
            **data,
        )  # fmt: skip

    return make


@pytest.fixture
def policy(owner, car, make_policy):
    return make_policy(owner, car)
