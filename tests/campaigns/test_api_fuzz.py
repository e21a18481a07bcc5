"""Schemathesis over the campaigns API as a COC manager (who may write): whatever it sends, no 5xx, and 2xx
answers match the schema. The project-wide fuzz runs as an agent, who may only read here."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from dealercrm.campaigns import services
from dealercrm.wsgi import application

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application
CAMPAIGN_PATHS = r"^/api/(segments|campaigns|club-events)/"


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def manager_token(dealer, manager, actor_of, pair, sms_template):
    actor = actor_of(manager)
    segment = services.segment_create(actor=actor, dealer=dealer, name="全部", rules={})
    services.campaign_create(
        actor=actor, dealer=dealer, fields={"name": "c", "segment": segment, "template": sms_template}
    )
    return Token.objects.get_or_create(user=manager)[0].key


@schema.include(path_regex=CAMPAIGN_PATHS).parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_campaigns_api_never_fails_with_a_server_error(case, manager_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {manager_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
