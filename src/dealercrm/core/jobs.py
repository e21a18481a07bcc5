"""The registry of daily jobs: one function per job, called by `dealercrm run-jobs`, Celery beat and the demo.

A job takes the business date and returns a small dict of counts. Jobs must be idempotent: running the same
date twice changes nothing the second time. Apps register their jobs in `AppConfig.ready()`.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

JobFunction = Callable[[date], dict[str, Any]]
_REGISTRY: dict[str, JobFunction] = {}


def daily_job(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(func: JobFunction) -> JobFunction:
        _REGISTRY[name] = func
        return func

    return register


def registered_jobs() -> dict[str, JobFunction]:
    return dict(sorted(_REGISTRY.items()))


def run_daily_jobs(on: date, only: list[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Run every registered job (or `only` those) for `on`; each in its own transaction, each logged."""
    from dealercrm.core.models import JobRun

    results = []
    for name, func in registered_jobs().items():
        if only and name not in only:
            continue
        run = JobRun.objects.create(name=name, run_on=on, started_at=timezone.now())
        with transaction.atomic():
            result = func(on)
        JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), ok=True, result=result)
        results.append((name, result))
    return results
