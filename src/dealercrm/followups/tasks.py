"""Celery entry points: they only call the job functions (beat runs core's run_daily_jobs for all of them)."""

from celery import shared_task
from django.utils import timezone

from dealercrm.core.jobs import run_daily_jobs


@shared_task(name="dealercrm.followups.tasks.run_job")
def run_job(name: str, on: str | None = None) -> dict:
    """Run one follow-up job for a business date (default today) and return its counts."""
    from datetime import date

    day = date.fromisoformat(on) if on else timezone.localdate()
    [(_name, result)] = run_daily_jobs(day, only=[name])
    return result
