"""Call-pop lookup benchmark: the real search over HTTP against the raw indexed SQL and the framework floor.

    .venv/bin/python bench/lookup.py --customers 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealercrm_bench \\
        .venv/bin/python bench/lookup.py --customers 1000000

Without DATABASE_URL it uses SQLite at DEALERCRM_SQLITE_PATH (default var/bench.sqlite3, never the demo
database); a missing PostgreSQL database is created. It migrates, seeds or tops up N customers at two dealers
(reusing what is there), samples random existing keys of dealer D01 for every lookup kind, times the raw
indexed SQL for each key, then starts `dealercrm serve` (gunicorn, 1 worker, 1 thread) and times, key by key,
an authenticated no-op (GET /api/ping/, the floor) and the search (GET /api/search/?q=key) as D01-agent.
One line per kind: `kind p50_ms p99_ms raw_sql_p50_ms ratio_to_floor` (search p50 / ping p50).
Budget: search p50 <= 5 ms, p99 <= 20 ms, ratio_to_floor <= 2 (at 100k on SQLite, at 1M on PostgreSQL).
`--explain` prints the plan of each raw query and of every query the real search runs, and flags scans.
It prints numbers; it is not a test.
"""

import argparse
import json
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Client, Server, percentile_ms, setup_django

LIMIT = 20
D = "dealer_id = %s"
# kind -> (sample query over D01's rows, raw indexed lookup). Prefix kinds use LIKE 'key%' as the search does:
# their indexes (customers migration 0002) are NOCASE on SQLite, varchar_pattern_ops on PostgreSQL. The plate
# lookup repeats the partial index's condition, without which SQLite cannot use that index.
KINDS = {
    "mobile": (
        f"SELECT value FROM customers_contactpoint WHERE {D} AND kind = 'mobile'",
        f"SELECT customer_id FROM customers_contactpoint WHERE {D} AND value = %s LIMIT {LIMIT}",
    ),
    "tail4": (
        f"SELECT tail4 FROM customers_contactpoint WHERE {D} AND kind = 'mobile'",
        f"SELECT customer_id FROM customers_contactpoint WHERE {D} AND kind = 'mobile' AND tail4 = %s "
        f"ORDER BY customer_id DESC LIMIT {LIMIT}",
    ),
    "plate": (
        f"SELECT plate FROM vehicles_vehicle WHERE {D} AND plate <> '' AND current_owner_id IS NOT NULL",
        f"SELECT current_owner_id FROM vehicles_vehicle WHERE {D} AND plate = %s AND NOT (plate = '') "
        f"AND current_owner_id IS NOT NULL LIMIT {LIMIT}",
    ),
    "vin": (
        f"SELECT vin FROM vehicles_vehicle WHERE {D} AND current_owner_id IS NOT NULL",
        f"SELECT current_owner_id FROM vehicles_vehicle WHERE {D} AND vin = %s "
        f"AND current_owner_id IS NOT NULL LIMIT {LIMIT}",
    ),
    "vin6": (
        f"SELECT SUBSTR(vin, 12, 6) FROM vehicles_vehicle WHERE {D} AND current_owner_id IS NOT NULL",
        f"SELECT current_owner_id FROM vehicles_vehicle WHERE {D} AND vin_tail6 = %s "
        f"AND current_owner_id IS NOT NULL LIMIT {LIMIT}",
    ),
    "name": (
        f"SELECT SUBSTR(name, 1, 2) FROM customers_customer WHERE {D} AND LENGTH(name) >= 2",
        f"SELECT id FROM customers_customer WHERE {D} AND name LIKE %s ORDER BY name, id LIMIT {LIMIT}",
    ),
    "initials": (
        f"SELECT name_initials FROM customers_customer WHERE {D} AND name_initials <> ''",
        f"SELECT id FROM customers_customer WHERE {D} AND name_initials LIKE %s "
        f"ORDER BY name_initials, id LIMIT {LIMIT}",
    ),
}
PREFIX_KINDS = {"name", "initials"}
# A full scan, or an index used only for dealer_id (a scan of the dealer's rows): either grows with the data.
SCAN = re.compile(r"\bSCAN\b|Seq Scan|\(dealer_id=\?\)|Index Cond: \(dealer_id = [^()]*\)$", re.M)


def raw_params(kind: str, dealer_id: int, key: str) -> list:
    return [dealer_id, key + "%" if kind in PREFIX_KINDS else key]


def main() -> int:
    raw_help = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw_help)
    parser.add_argument("--customers", type=int, default=100_000, help="customers in all, at two dealers")
    parser.add_argument("--keys", type=int, default=300, help="random keys per kind")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests before measuring")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from dealercrm.org.models import Dealer
    from dealercrm.seed import seed

    print(seed(dealers=2, customers=args.customers, seed=1, logins=True), flush=True)
    dealer_id = Dealer.objects.get(code="D01").pk
    user = get_user_model().objects.get(username="D01-agent")
    token = Token.objects.get_or_create(user=user)[0].key

    with connection.cursor() as cursor:
        print_header(cursor, connection, args.customers)
        keys = {}
        for kind, (sample_sql, _raw) in KINDS.items():
            cursor.execute(f"{sample_sql} ORDER BY random() LIMIT {args.keys}", [dealer_id])
            keys[kind] = [row[0] for row in cursor.fetchall()]
        raw_p50 = {kind: time_raw(cursor, kind, dealer_id, keys[kind], args.warmup) for kind in KINDS}
        if args.explain:
            explain(cursor, connection.vendor, dealer_id, user, keys)
    connection.close()  # the server has the database to itself while it is measured

    floor, search, misses = [], {}, {}
    with Server(ROOT / "var" / "bench-server.log") as server:
        client = Client(server.port, token)
        for i in range(args.warmup):
            kind = list(KINDS)[i % len(KINDS)]
            client.get("/api/ping/" if i % 2 else f"/api/search/?q={quote(keys[kind][i % len(keys[kind])])}")
        for kind in KINDS:
            search[kind], misses[kind] = [], 0
            for key in keys[kind]:
                elapsed, status, _body = client.get("/api/ping/")
                check(status, "/api/ping/")
                floor.append(elapsed)
                path = f"/api/search/?q={quote(key)}"
                elapsed, status, body = client.get(path)
                check(status, path)
                search[kind].append(elapsed)
                misses[kind] += not json.loads(body)["results"]
        client.close()

    floor_p50 = percentile_ms(floor, 0.5)
    print(
        f"floor (GET /api/ping/): p50 {floor_p50:.2f} ms, p99 {percentile_ms(floor, 0.99):.2f} ms, "
        f"{len(floor)} requests"
    )
    print(f"{'kind':<10}{'p50_ms':>8}{'p99_ms':>8}{'raw_sql_p50_ms':>16}{'ratio_to_floor':>16}")
    for kind, timings in search.items():
        p50, p99 = percentile_ms(timings, 0.5), percentile_ms(timings, 0.99)
        print(f"{kind:<10}{p50:>8.2f}{p99:>8.2f}{raw_p50[kind]:>16.3f}{p50 / floor_p50:>16.2f}")
    for kind, missed in misses.items():
        if missed:
            print(f"warning: {missed} of {len(keys[kind])} {kind} searches found nobody")
    return 0


def print_header(cursor, connection, customers: int) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SHOW server_version")
        version = f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    counts = []
    for table in ("customers_customer", "customers_contactpoint", "vehicles_vehicle", "vehicles_ownership"):
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        counts.append(f"{table.split('_', 1)[1]}={cursor.fetchone()[0]:,}")
    print(f"# lookup bench {datetime.now().astimezone().isoformat(timespec='seconds')}  {version}")
    print(f"# N={customers:,} customers at 2 dealers; rows: {' '.join(counts)}")
    print("# server: dealercrm serve (gunicorn) --workers 1 --threads 1; D01-agent, token auth", flush=True)


def time_raw(cursor, kind: str, dealer_id: int, keys: list[str], warmup: int) -> float:
    sql = KINDS[kind][1]
    for key in keys[:warmup]:
        cursor.execute(sql, raw_params(kind, dealer_id, key))
        cursor.fetchall()
    timings = []
    for key in keys:
        started = time.perf_counter()
        cursor.execute(sql, raw_params(kind, dealer_id, key))
        cursor.fetchall()
        timings.append(time.perf_counter() - started)
    return percentile_ms(timings, 0.5)


def explain(cursor, vendor: str, dealer_id: int, user, keys: dict[str, list[str]]) -> None:
    """The plan of each raw query, then of every query the real search runs for the same key."""
    from django.db import connection

    from dealercrm.desk.selectors import search
    from dealercrm.org.access import actor_for

    prefix = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN "
    actor = actor_for(user)

    def show(title: str, sql: str, params) -> None:
        cursor.execute(prefix + sql, params)
        plan = "\n   ".join(str(row[-1]) for row in cursor.fetchall())
        flag = "  <-- SCAN" if SCAN.search(plan) else ""
        print(f"-- {title}{flag}\n   {sql}\n   params {list(params)}\n   {plan}")

    for kind, (_sample, sql) in KINDS.items():
        key = keys[kind][0]
        print(f"\n== {kind}: key {key!r}")
        show("raw", sql, raw_params(kind, dealer_id, key))
        captured = []

        def capture(execute, sql, params, many, context, captured=captured):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            search(actor, key)
        for n, (sql, params) in enumerate(captured, 1):
            show(f"search query {n}", sql, params)
    print(flush=True)


def check(status: int, path: str) -> None:
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")


if __name__ == "__main__":
    sys.exit(main())
