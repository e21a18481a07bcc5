"""Schemathesis over the after-sales routes as a service advisor (who may write), with a booking and an open
order on record: whatever it sends, no 5xx, and 2xx answers match the schema."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from dealercrm.wsgi import application

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True)).include(
    path_regex=r"^/api/(service-plans|service-vehicles|appointments|repair-orders)/"
)
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def advisor_token(advisor, vehicle, actor, open_order, other_vehicle):
    from dealercrm.service.services import appointment_book, order_line_add

    appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate() + timedelta(days=1), half_day="am")
    order = open_order(vehicle, km=100)
    order_line_add(actor=actor, order=order, kind="labour", description="x", quantity="1", unit_price="1")
    return Token.objects.get_or_create(user=advisor)[0].key


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_service_api_never_fails_with_a_server_error(case, advisor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {advisor_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
