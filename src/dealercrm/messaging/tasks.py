"""Celery entry points: they only call services. Beat runs `dispatch` every minute (see the report)."""

from celery import shared_task

from dealercrm.messaging.services import messages_dispatch


@shared_task(name="dealercrm.messaging.tasks.dispatch")
def dispatch(limit: int = 5000) -> dict:
    """Send the messages that are due now (at most `limit`)."""
    return messages_dispatch(limit=limit)
