"""Follow-up engine benchmark: events into tasks at scale, the daily jobs, and "next call" with a full queue.

    .venv/bin/python bench/followups.py --customers 200000 --open-tasks 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealercrm_bench \\
        .venv/bin/python bench/followups.py --customers 1000000 --open-tasks 100000

Without DATABASE_URL it uses SQLite at DEALERCRM_SQLITE_PATH (default var/bench.sqlite3). It seeds (or reuses)
N customers at two dealers, empties the follow-up tables (bench database only), then measures:

1. record_events: a delivery for every vehicle bought in the last two years (3DC, 7DC and eight quarterly care
   calls each, consolidated), then a "custom" event for up to --open-tasks customers of D01 so that many
   open tasks are due today: events/s and purposes/s, tasks made, reasons per call.
2. the daily jobs (followups.queue, care.calendar with birthday calls switched on) with 5,000 tasks left
   claimed and 5,000 with a missed retry day, run twice (the second run must find nothing to do): seconds each.
3. next call as D01-agent: the service in process (next_call, then call_record with a mix of outcomes) and the
   API over HTTP (POST /api/followup-tasks/next/ on `dealercrm serve`, 1 worker, 1 thread), each request
   after one GET /api/ping/ (the framework floor, as in lookup.py): p50 / p99 ms.
Budget (DESIGN §6, issue 3): daily jobs <= 60 s at 1M customers on PostgreSQL; next call p99 <= 50 ms with
100k open tasks. It prints numbers; it is not a test.
"""

import argparse
import http.client
import json
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Client, Server, percentile_ms, setup_django

TABLES = ["followups_answer", "followups_surveyalert", "followups_surveyresponse", "followups_callaudit",
          "followups_calllog", "followups_taskpurpose", "followups_followuptask"]  # fmt: skip
OUTCOMES = ["completed"] * 6 + ["not_reached"] * 3 + ["refused"]


class PostClient(Client):
    def post(self, path: str, body: dict | None = None) -> tuple[float, int, bytes]:
        data = json.dumps(body or {})
        headers = {**self.headers, "Content-Type": "application/json"}
        started = time.perf_counter()
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.conn.request("POST", path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        if response.will_close:
            self.close()
        return elapsed, response.status, payload


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=200_000, help="customers in all, at two dealers")
    parser.add_argument("--open-tasks", type=int, default=100_000, help="open tasks due today at D01")
    parser.add_argument("--calls", type=int, default=500, help="timed next calls (in process and over HTTP)")
    args = parser.parse_args()

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from dealercrm.followups.models import ContactPolicy, FollowUpTask, TaskPurpose
    from dealercrm.org.models import Dealer
    from dealercrm.seed import seed

    print(seed(dealers=2, customers=args.customers, seed=1, logins=True), flush=True)
    d01 = Dealer.objects.get(code="D01")
    user = get_user_model().objects.get(username="D01-agent")
    token = Token.objects.get_or_create(user=user)[0].key
    ContactPolicy.objects.update_or_create(
        dealer=d01, defaults={"quiet_until": "00:00", "quiet_from": "23:59:59"}
    )  # the bench runs at any hour
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DELETE FROM {table}")
    # The heavier case: birthday calls switched on (they start inactive) so care.calendar has work to do.
    from dealercrm.followups.models import FollowUpRule
    from dealercrm.followups.services import rules_ensure_defaults

    for dealer in Dealer.objects.all():
        rules_ensure_defaults(dealer=dealer)
    FollowUpRule.objects.filter(event_kind="care_birthday").update(is_active=True)
    vendor = connection.vendor
    print(f"# follow-ups bench {datetime.now().astimezone().isoformat(timespec='seconds')} on {vendor}, "
          f"{args.customers:,} customers", flush=True)  # fmt: skip
    today = timezone.localdate()

    load_events(today, d01.pk, args.open_tasks)
    with connection.cursor() as cursor:  # as autovacuum would after such a load
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
    tasks = FollowUpTask.objects.count()
    purposes = TaskPurpose.objects.exclude(task=None).count()
    open_d01 = FollowUpTask.objects.filter(dealer=d01, status="open", due_on__lte=today).count()
    print(f"tasks {tasks:,} for {purposes:,} open-or-done reasons ({purposes / max(tasks, 1):.2f} reasons per call); "
          f"open and due at D01: {open_d01:,}", flush=True)  # fmt: skip

    daily_jobs(today, user)
    next_call_in_process(user, args.calls)
    connection.close()
    next_call_over_http(token, args.calls)
    return 0


def load_events(today, d01_id: int, open_tasks: int) -> None:
    from dealercrm.customers.models import Customer
    from dealercrm.followups.services import record_events
    from dealercrm.vehicles.models import Vehicle

    bought = Vehicle.objects.filter(
        current_owner__isnull=False, purchased_on__gte=today - timedelta(days=730)
    )
    events = [(owner, pk, day, f"bench.delivery:{pk}") for pk, owner, day in
              bought.values_list("id", "current_owner_id", "purchased_on").iterator(chunk_size=10_000)]  # fmt: skip
    timed("record_events delivery", lambda: record_events(kind="delivery", events=events), len(events))
    rng = random.Random(7)
    ids = list(
        Customer.objects.filter(dealer_id=d01_id).order_by("id").values_list("id", flat=True)[:open_tasks]
    )
    events = [(pk, None, today - timedelta(days=rng.randint(0, 2)), f"bench.custom:{pk}") for pk in ids]
    timed("record_events custom", lambda: record_events(kind="custom", events=events), len(events))


def timed(label: str, run, events: int) -> None:
    started = time.perf_counter()
    made = run()
    seconds = time.perf_counter() - started
    print(f"{label}: {events:,} events -> {made:,} purposes in {seconds:.1f}s "
          f"({events / max(seconds, 1e-9):,.0f} events/s)", flush=True)  # fmt: skip


def daily_jobs(today, agent) -> None:
    from django.utils import timezone

    from dealercrm.core.jobs import run_daily_jobs
    from dealercrm.followups.models import FollowUpTask

    stale = timezone.now() - timedelta(hours=3)
    claimed = FollowUpTask.objects.filter(status="open").order_by("id").values_list("id", flat=True)[:5000]
    FollowUpTask.objects.filter(id__in=list(claimed)).update(claimed_at=stale, claimed_by=agent)
    missed = FollowUpTask.objects.filter(status="open").order_by("-id").values_list("id", flat=True)[:5000]
    FollowUpTask.objects.filter(id__in=list(missed)).update(next_attempt_on=today - timedelta(days=1))
    for attempt in ("first", "second"):
        for name in ("followups.queue", "care.calendar"):
            started = time.perf_counter()
            [(_name, result)] = run_daily_jobs(today, only=[name])
            print(
                f"daily job {name} ({attempt} run): {time.perf_counter() - started:.2f}s {result}", flush=True
            )


def next_call_in_process(user, calls: int) -> None:
    from dealercrm.followups.services import call_record, next_call
    from dealercrm.org.access import actor_for

    actor = actor_for(user)
    taking, recording, empty = [], [], 0
    for i in range(calls):
        started = time.perf_counter()
        offered = next_call(actor=actor)
        taking.append(time.perf_counter() - started)
        if offered.task is None:
            empty += 1
            continue
        started = time.perf_counter()
        call_record(actor=actor, task=offered.task, outcome=OUTCOMES[i % len(OUTCOMES)])
        recording.append(time.perf_counter() - started)
    print(f"next_call in process: p50 {percentile_ms(taking, 0.5):.2f} ms, p99 {percentile_ms(taking, 0.99):.2f} ms"
          f" ({calls} calls, {empty} empty); call_record p50 {percentile_ms(recording, 0.5):.2f} ms, "
          f"p99 {percentile_ms(recording, 0.99):.2f} ms", flush=True)  # fmt: skip


def next_call_over_http(token: str, calls: int) -> None:
    floor, taking, recording = [], [], []
    with Server(ROOT / "var" / "bench-server.log") as server:
        client = PostClient(server.port, token)
        for i in range(calls):
            elapsed, status, _body = client.get("/api/ping/")  # the floor: an authenticated no-op
            floor.append(elapsed)
            elapsed, status, body = client.post("/api/followup-tasks/next/")
            if status != 200:
                raise SystemExit(f"POST /api/followup-tasks/next/ answered {status}: {body[:300]!r}")
            taking.append(elapsed)
            task = json.loads(body)["task"]
            if task is None:
                continue
            elapsed, status, body = client.post(
                f"/api/followup-tasks/{task['id']}/outcome/", {"outcome": OUTCOMES[i % len(OUTCOMES)]}
            )
            if status != 201:
                raise SystemExit(f"outcome answered {status}: {body[:300]!r}")
            recording.append(elapsed)
        client.close()
    print(
        f"floor GET /api/ping/: p50 {percentile_ms(floor, 0.5):.2f} ms, p99 {percentile_ms(floor, 0.99):.2f} ms"
    )
    print(f"POST /api/followup-tasks/next/: p50 {percentile_ms(taking, 0.5):.2f} ms, "
          f"p99 {percentile_ms(taking, 0.99):.2f} ms; outcome p50 {percentile_ms(recording, 0.5):.2f} ms, "
          f"p99 {percentile_ms(recording, 0.99):.2f} ms", flush=True)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
