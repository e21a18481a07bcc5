"""Schemathesis generates requests from our OpenAPI schema: whatever it sends, the API never answers 5xx,
and its 2xx answers match the schema. Bounded: a handful of examples per operation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from dealercrm.wsgi import application
from tests.conftest import VALID_VINS

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """The WSGI app is called in-process, as Django's test client does: do not let it close the test's
    database connection at the end of each request (it would on PostgreSQL, where CONN_MAX_AGE > 0)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def agent_token(dealer, agent, make_customer, make_vehicle):
    owner = make_customer(dealer, name="吴用", mobile="13612340000")
    make_vehicle(dealer, owner=owner, vin=VALID_VINS[3], plate="粤B55555")
    return Token.objects.get_or_create(user=agent)[0].key


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_never_fails_with_a_server_error(case, agent_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {agent_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
