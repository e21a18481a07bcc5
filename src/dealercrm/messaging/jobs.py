"""Daily job "messaging.dispatch": send what is due (Celery beat also runs it every minute, see tasks.py)."""

from datetime import date, datetime, time

from django.utils import timezone

from dealercrm.core.jobs import daily_job
from dealercrm.messaging.services import messages_dispatch

JOB_LIMIT = 1_000_000


def dispatch_moment(on: date) -> datetime:
    """Now for today's run; noon of the business date (inside the default sending hours) for another date."""
    if on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(on, time(12, 0)))


@daily_job("messaging.dispatch")
def dispatch(on: date) -> dict:
    return messages_dispatch(now=dispatch_moment(on), limit=JOB_LIMIT)
