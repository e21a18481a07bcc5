"""Several dispatchers at once (Celery workers) never send a message twice: batches are claimed with
SELECT ... FOR UPDATE SKIP LOCKED and leased. Runs in the PostgreSQL pass."""

import threading

import pytest
from django.db import connection, connections

from dealercrm.messaging.models import OutboundMessage
from dealercrm.messaging.services import Recipient, messages_dispatch, messages_queue
from dealercrm.messaging.services import dispatch as dispatch_module
from tests.messaging.conftest import RecordingProvider, at

WORKERS = 4
MESSAGES = 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatchers_send_each_message_once(settings, monkeypatch, campaign_sms, make_consenting):
    if connection.vendor != "postgresql":
        pytest.skip("the dispatch race runs in the PostgreSQL pass (SELECT … FOR UPDATE SKIP LOCKED)")
    settings.MESSAGING_PROVIDERS = {"sms": "tests.messaging.conftest.RecordingProvider"}
    monkeypatch.setattr(dispatch_module, "BATCH", 5)
    RecordingProvider.seen = []
    customers = [make_consenting(f"并发{i}", f"1360000{i:04d}") for i in range(MESSAGES)]
    messages_queue(
        template=campaign_sms,
        recipients=[Recipient(c.pk, f"race:{c.pk}") for c in customers],
        send_after=at(10, 9),
    )
    start = threading.Barrier(WORKERS)
    results, errors = [], []

    def work():
        try:
            start.wait()
            results.append(messages_dispatch(now=at(10, 10)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(RecordingProvider.seen) == len(set(RecordingProvider.seen)) == MESSAGES
    assert sum(r["sent"] for r in results) == MESSAGES
    assert OutboundMessage.objects.filter(status="sent").count() == MESSAGES
