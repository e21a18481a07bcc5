"""Daily jobs: queue upkeep, set-based and idempotent; one job through a real Celery worker."""

import socket
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.followups.choices import EventKind, TaskStatus
from dealercrm.followups.models import FollowUpTask
from tests.conftest import need_service

pytestmark = pytest.mark.django_db


def test_the_follow_up_jobs_are_registered():
    jobs = set(registered_jobs())
    # Birthdays and anniversaries moved to the care calendar (tests/care), which calls record_events.
    assert "followups.queue" in jobs and "followups.care" not in jobs and "care.calendar" in jobs


def test_upkeep_marks_overdue_releases_stale_claims_and_rolls_missed_retries(
    customer, due_task, agent, today
):
    late, held, missed = (
        due_task(customer),
        due_task(customer, kind=EventKind.LEAD_FOLLOW_UP),
        due_task(customer),
    )
    FollowUpTask.objects.filter(pk=late.pk).update(
        window_end=today - timedelta(days=1), due_on=today - timedelta(days=3)
    )
    FollowUpTask.objects.filter(pk=held.pk).update(
        claimed_by=agent, claimed_at=timezone.now() - timedelta(hours=3)
    )
    FollowUpTask.objects.filter(pk=missed.pk).update(next_attempt_on=today - timedelta(days=2))
    first = dict(run_daily_jobs(today, only=["followups.queue"]))["followups.queue"]
    assert first == {"overdue": 1, "released": 1, "retries_rolled": 1}
    assert FollowUpTask.objects.get(pk=late.pk).overdue
    assert FollowUpTask.objects.get(pk=held.pk).claimed_by_id is None
    assert FollowUpTask.objects.get(pk=missed.pk).next_attempt_on == today
    second = dict(run_daily_jobs(today, only=["followups.queue"]))["followups.queue"]
    assert second == {"overdue": 0, "released": 0, "retries_rolled": 0}


def test_upkeep_is_a_fixed_number_of_statements(customer, due_task, today):
    for _ in range(5):
        due_task(customer)
    with CaptureQueriesContext(connection) as queries:
        run_daily_jobs(today, only=["followups.queue"])
    assert len([q for q in queries if q["sql"].startswith("UPDATE")]) <= 6  # 3 + the JobRun bookkeeping


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_a_job_through_redis(customer, due_task, agent, today):
    need_service(_redis_up(), "Redis on 127.0.0.1:6379 (for the Celery worker test)")
    from celery.contrib.testing.worker import start_worker

    from dealercrm.celery import app
    from dealercrm.followups.tasks import run_job

    held = due_task(customer)
    FollowUpTask.objects.filter(pk=held.pk).update(
        claimed_by=agent, claimed_at=timezone.now() - timedelta(hours=5)
    )
    queue = f"test-followups-{uuid.uuid4().hex[:8]}"  # parallel runs share the Redis: a queue of our own
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(
        broker_url="redis://127.0.0.1:6379/0",
        result_backend="redis://127.0.0.1:6379/0",
        task_always_eager=False,
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
            result = run_job.apply_async(args=["followups.queue", today.isoformat()], queue=queue)
            counts = result.get(timeout=30)
    finally:
        app.conf.update(saved)
    assert counts["released"] == 1
    assert FollowUpTask.objects.get(pk=held.pk).claimed_by_id is None
    assert FollowUpTask.objects.filter(status=TaskStatus.OPEN).count() == 1


def test_the_demo_turns_recent_deliveries_into_follow_ups_once(dealer, make_customer, make_vehicle, today):
    from dealercrm.followups.demo import demo_events

    owner = make_customer(dealer, name="新车主", mobile="13700001238")
    make_vehicle(dealer, owner=owner, purchased_on=today - timedelta(days=2))
    assert demo_events(today=today) == 10  # 3DC, 7DC and eight quarterly care calls
    assert demo_events(today=today) == 0
    assert FollowUpTask.objects.filter(customer=owner, status=TaskStatus.OPEN).exists()
