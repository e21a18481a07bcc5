"""The registry of daily jobs: one function per job, called by `dealercrm run-jobs`, Celery beat and the demo.

A job takes the business date and returns a small dict of counts. Jobs must be idempotent: running the same
date twice changes nothing the second time. Apps register their jobs in `AppConfig.ready()`. Jobs run in name
order, except that a job runs after the jobs it names in `after` (it reads what they write).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

JobFunction = Callable[[date], dict[str, Any]]
_REGISTRY: dict[str, JobFunction] = {}
_AFTER: dict[str, tuple[str, ...]] = {}


def daily_job(name: str, *, after: tuple[str, ...] = ()) -> Callable[[JobFunction], JobFunction]:
    def register(func: JobFunction) -> JobFunction:
        _REGISTRY[name] = func
        _AFTER[name] = after
        return func

    return register


def registered_jobs() -> dict[str, JobFunction]:
    """Every job in running order: by name, each moved behind the registered jobs it runs after."""
    ordered: list[str] = []

    def place(name: str, path: tuple[str, ...] = ()) -> None:
        if name in ordered:
            return
        if name in path:
            raise ValueError(f"daily jobs run after each other in a circle: {' -> '.join((*path, name))}")
        for before in sorted(_AFTER.get(name, ())):
            if before in _REGISTRY:
                place(before, (*path, name))
        ordered.append(name)

    for name in sorted(_REGISTRY):
        place(name)
    return {name: _REGISTRY[name] for name in ordered}


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
