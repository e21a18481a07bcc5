"""Care fixtures: English pages and messages, the dealer's default rules, and running the daily job."""

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from dealercrm.care.models import CareRule
from dealercrm.care.services import care_rules_ensure_defaults
from dealercrm.core.jobs import run_daily_jobs


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
def rules(dealer):
    """The dealer's default care rules, keyed by (occasion, action)."""
    care_rules_ensure_defaults(dealer=dealer)
    return {(r.occasion, r.action): r for r in CareRule.objects.filter(dealer=dealer)}


@pytest.fixture
def run_care():
    def run(on: date) -> dict:
        return dict(run_daily_jobs(on, only=["care.calendar"]))["care.calendar"]

    return run


@pytest.fixture
def only_rule(dealer, rules):
    """only_rule(occasion, action, lead=0): switch every other rule of the dealer off, this one on."""

    def set_only(occasion: str, action: str, lead: int = 0) -> CareRule:
        CareRule.objects.filter(dealer=dealer).update(is_active=False)
        rule = rules.get((occasion, action))
        if rule is None:
            rule = CareRule.objects.create(dealer=dealer, occasion=occasion, action=action)
        CareRule.objects.filter(pk=rule.pk).update(is_active=True, lead_days=lead)
        rule.refresh_from_db()
        return rule

    return set_only
