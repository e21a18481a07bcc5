"""The dispatch job: registered as daily job "messaging.dispatch" and as a Celery task (beat: every minute)."""

from datetime import date

from django.conf import settings

from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.messaging.jobs import dispatch_moment
from dealercrm.messaging.models import OutboundMessage
from dealercrm.messaging.services import Recipient, messages_queue
from dealercrm.messaging.tasks import dispatch
from tests.messaging.conftest import at


def test_the_daily_job_sends_what_is_due_on_the_business_date(campaign_sms, make_consenting):
    assert "messaging.dispatch" in registered_jobs()
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))

    [(_name, result)] = run_daily_jobs(date(2025, 6, 10), only=["messaging.dispatch"])

    assert result["sent"] == 1
    assert OutboundMessage.objects.get().sent_at == dispatch_moment(date(2025, 6, 10)) == at(10, 12)


def test_the_celery_task_dispatches(campaign_sms, make_consenting, monkeypatch):
    from dealercrm.messaging import tasks

    seen = {}
    monkeypatch.setattr(tasks, "messages_dispatch", lambda **kw: seen.update(kw) or {"sent": 0})
    # The task body, called as a worker would (a real worker on Redis is exercised in tests/followups):
    # .delay() in eager mode would cache a result backend on the shared Celery app for later tests.
    assert dispatch.name == settings.CELERY_BEAT_SCHEDULE["messaging-dispatch"]["task"]
    assert dispatch.run(limit=10) == {"sent": 0}
    assert seen == {"limit": 10}
