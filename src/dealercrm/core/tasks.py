from celery import shared_task
from django.utils import timezone

from dealercrm.core.jobs import run_daily_jobs as run_jobs


@shared_task(name="dealercrm.core.tasks.run_daily_jobs")
def run_daily_jobs(on: str | None = None) -> list:
    from datetime import date

    day = date.fromisoformat(on) if on else timezone.localdate()
    return run_jobs(day)
