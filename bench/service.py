"""After-sales benchmark: the fleet's due-date recompute, the reminder selection, the workshop board.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealercrm_bench .venv/bin/python bench/service.py
    .venv/bin/python bench/service.py --customers 20000          # SQLite, var/bench.sqlite3

It migrates the after-sales app (and what it depends on) into the bench database, seeds N customers when the
database has none (the lookup bench's data is reused as it is), then times:

- the set-based recompute of every vehicle's km/day and next service date (service.due.recompute_all): cold
  (service_vehicledue emptied first, so every row is written), then steady (nothing changed: a daily run);
- one vehicle's refresh (what a repair order's check-in and hand-over cost);
- the reminder selection of one day (vehicles due inside the window, per dealer): O(due), not O(fleet);
- the workshop board with 200 open repair orders at D01: queries and time of the rendered page.

Budget: recompute <= 60 s on PostgreSQL at ~1M vehicles / ~6M readings; the board in a fixed number of
queries. It prints numbers; it is not a test. The open orders it creates stay (re-runs reuse them).
"""

import argparse
import os
import random
import secrets
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, ensure_postgres_database, percentile_ms

BOARD_ORDERS = 200


def setup() -> None:
    """The app's settings on the bench database; only the after-sales app and its dependencies are migrated."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealercrm.settings")
    os.environ.setdefault("DEALERCRM_HOME", str(ROOT))
    os.environ["DEALERCRM_DEBUG"] = "false"
    os.environ.setdefault("DEALERCRM_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DEALERCRM_ALLOWED_HOSTS", "127.0.0.1")
    if os.environ.get("DATABASE_URL"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ.setdefault("DEALERCRM_SQLITE_PATH", str(ROOT / "var" / "bench.sqlite3"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "service", interactive=False, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--customers", type=int, default=20_000, help="seeded only when there are no customers"
    )
    parser.add_argument("--no-cold", action="store_true", help="keep the stored due dates (no cold run)")
    args = parser.parse_args()

    setup()
    from django.db import connection, transaction

    from dealercrm.customers.models import Customer
    from dealercrm.service.due import recompute_all, vehicle_due_refresh
    from dealercrm.vehicles.models import Vehicle

    if not Customer.objects.exists():
        from dealercrm.seed import seed

        print(seed(dealers=2, customers=args.customers, seed=1, logins=True), flush=True)
    print_header(connection)

    if not args.no_cold:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE service_vehicledue"
                if connection.vendor == "postgresql"
                else "DELETE FROM service_vehicledue"
            )
        print(f"(cleared the stored due dates in {time.perf_counter() - started:.1f} s)", flush=True)
    for label in ("steady", "steady") if args.no_cold else ("cold", "steady"):
        started = time.perf_counter()
        with transaction.atomic():
            result = recompute_all()
        elapsed = time.perf_counter() - started
        print(
            f"recompute {label:<6} {elapsed:7.1f} s  {result['changed']:>9,} rows changed  "
            f"{result['batches']} batches",
            flush=True,
        )

    ids = list(Vehicle.objects.order_by("?").values_list("id", flat=True)[:200])
    timings = []
    for pk in ids:
        started = time.perf_counter()
        vehicle_due_refresh(vehicle_id=pk)
        timings.append(time.perf_counter() - started)
    print(
        f"one vehicle     p50 {percentile_ms(timings, 0.5):.2f} ms  p99 {percentile_ms(timings, 0.99):.2f} ms"
    )

    time_reminder_selection()
    time_board()
    return 0


def print_header(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
        else:
            import sqlite3

            version = f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
        counts = []
        for table in (
            "vehicles_vehicle",
            "vehicles_odometerreading",
            "service_repairorder",
            "service_vehicledue",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts.append(f"{table.split('_', 1)[1]}={cursor.fetchone()[0]:,}")
    print(f"# service bench {datetime.now().astimezone().isoformat(timespec='seconds')}  {version}")
    print(f"# rows: {' '.join(counts)}", flush=True)


def time_reminder_selection() -> None:
    """What the reminder job reads for one day: the candidates of every dealer (no events are recorded)."""
    from django.db import connection
    from django.utils import timezone

    from dealercrm.org.models import Dealer
    from dealercrm.service.services.plans import due_candidates

    on = timezone.localdate()
    started = time.perf_counter()
    found = 0
    for dealer_id in Dealer.objects.values_list("id", flat=True):
        found += len(
            list(
                due_candidates(dealer_id, on).values_list("vehicle_id", "vehicle__current_owner_id", "after")
            )
        )
    elapsed = time.perf_counter() - started
    print(f"reminder select {elapsed * 1000:7.1f} ms  {found:,} vehicles due inside the window")
    if connection.vendor == "postgresql":
        dealer_id = Dealer.objects.values_list("id", flat=True).first()
        sql, params = due_candidates(dealer_id, on).values_list("vehicle_id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        scan = next((line.strip() for line in plan if "service_due_idx" in line), "")
        print(f"  plan: {scan or 'WARNING: the (dealer, next_service_due_on) index is not used'}")


def time_board() -> None:
    """200 open orders at D01 (created once through the services), then the board page rendered in-process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dealercrm.org.access import actor_for
    from dealercrm.org.models import Dealer
    from dealercrm.service.choices import OPEN_STATUSES
    from dealercrm.service.models import RepairOrder
    from dealercrm.service.services import order_open
    from dealercrm.vehicles.models import Vehicle

    dealer = Dealer.objects.get(code="D01")
    user = get_user_model().objects.get(username="D01-advisor")
    actor = actor_for(user)
    open_now = RepairOrder.objects.filter(dealer=dealer, status__in=OPEN_STATUSES).count()
    if open_now < BOARD_ORDERS:
        rng = random.Random(5)
        busy = RepairOrder.objects.filter(status__in=OPEN_STATUSES).values("vehicle_id")
        candidates = list(
            Vehicle.objects.filter(dealer=dealer, current_owner__isnull=False)
            .exclude(pk__in=busy)
            .order_by("id")
            .values_list("id", flat=True)[: (BOARD_ORDERS - open_now) * 3]
        )
        rng.shuffle(candidates)
        made = 0
        today = timezone.localdate()
        for vehicle in Vehicle.objects.filter(pk__in=candidates):
            if made == BOARD_ORDERS - open_now:
                break
            last = vehicle.readings.order_by("-read_on", "-id").first()
            if last is not None and last.read_on > today:
                continue
            order_open(
                actor=actor,
                vehicle=vehicle,
                km=(last.km if last else 0) + 10,
                service_type=rng.choice(["maintenance", "minor_repair", "warranty"]),
            )
            made += 1
        print(f"(opened {made} repair orders at D01 for the board)")
    count = RepairOrder.objects.filter(dealer=dealer, status__in=OPEN_STATUSES).count()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get("/service/")  # warm
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/service/")
            timings.append(time.perf_counter() - started)
    assert response.status_code == 200, response.status_code
    cards = response.content.decode().count('class="card board-card"')
    print(
        f"board           {percentile_ms(timings, 0.5):7.1f} ms  {len(queries)} queries  "
        f"{cards} cards ({count} open orders at D01)"
    )


if __name__ == "__main__":
    sys.exit(main())
