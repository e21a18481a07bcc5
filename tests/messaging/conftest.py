"""Messaging fixtures: an outbox directory per test, the default templates, customers who said yes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from dealercrm.customers.services import consent_set, contact_add
from dealercrm.messaging.channels import SendResult
from dealercrm.messaging.models import MessageTemplate
from dealercrm.messaging.services import templates_ensure_defaults

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    """A moment in June 2025, Shanghai time."""
    return datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


class FailingProvider:
    """Refuses every message, like a gateway that is down."""

    name = "failing"
    calls = 0

    def send(self, messages):
        FailingProvider.calls += 1
        return [SendResult(id=m.id, error="gateway down") for m in messages]


@pytest.fixture(autouse=True)
def _outbox(settings, tmp_path):
    settings.DEALERCRM_OUTBOX_DIR = str(tmp_path / "outbox")
    settings.MESSAGING_PROVIDERS = {}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEALERCRM_PUBLIC_URL = "https://crm.example.test"
    mail.outbox = []
    FailingProvider.calls = 0


@pytest.fixture(autouse=True)
def _english():
    """Pages in English, so assertions do not depend on the Chinese catalog."""
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
def templates(dealer):
    templates_ensure_defaults(dealer)
    return {t.code: t for t in MessageTemplate.objects.filter(dealer=dealer)}


@pytest.fixture
def campaign_sms(templates):
    return templates["campaign"]


@pytest.fixture
def make_consenting(system, make_customer, dealer):
    """make_consenting(name, mobile, channels=("sms",), email=None, **fields) -> a customer with granted consent."""

    def make(name="张三", mobile="13812345678", channels=("sms",), email=None, on=None, **fields):
        customer = make_customer(on or dealer, name=name, mobile=mobile, **fields)
        if email:
            contact_add(actor=system, customer=customer, kind="email", value=email)
        for channel in channels:
            consent_set(actor=system, customer=customer, channel=channel, granted=True, source="test")
        return customer

    return make


class RecordingProvider:
    """Accepts every message and remembers which it saw (thread-safe), like a gateway."""

    name = "recording"
    seen: list = []
    lock = __import__("threading").Lock()

    def send(self, messages):
        with RecordingProvider.lock:
            RecordingProvider.seen.extend(m.id for m in messages)
        return [SendResult(id=m.id, provider_message_id=f"rec-{m.id}") for m in messages]
