"""Loyalty, care and campaigns benchmark (issue 7): the nightly jobs and the live segment count at scale.

    .venv/bin/python bench/care.py                                  # PostgreSQL, database dealercrm_bench
    .venv/bin/python bench/care.py --database-url postgres://postgres@127.0.0.1:5432/dealercrm_bench_care
    .venv/bin/python bench/care.py --customers 20000 --database-url sqlite   # SQLite, var/bench.sqlite3

It migrates, seeds (or reuses, or tops up) N customers at two dealers with `dealercrm.seed.seed` (service
history, spend, consents, lunar birthdays, insurance policies), brings the fleet's due dates up to date
(service.due_dates, untimed in the budget), empties what the jobs below write (bench databases only; --keep
leaves it), then times each job's first run and its re-run on the same date (jobs are idempotent: the re-run
must find nothing to do):

1. the nightly loyalty and care generation: "loyalty.standing" (category -> churn -> tier), "loyalty.points"
   (earn from handed-over orders, expire), "care.calendar" on a normal day and on a festival (Mid-Autumn,
   the next one unless --festival; run `lead_days` before it as the rule says), "insurance.renewals";
2. a campaign over a large segment of D01 (owners with SMS consent): "campaigns.launch" queues it,
   "messaging.dispatch" sends it (the sending hours of the bench dealers are opened to the whole day);
3. `campaigns.selectors.segment_count` over all customers (group HQ's view of both dealers) for a few rule
   sets, --runs times each: p50 / p99, next to the same count in hand-written SQL (the floor) and the ratio.

A job or function that does not exist yet is skipped with a line saying so. Every number is followed by the
load average (1 / 5 / 15 min): the machine may be shared. Budget (issue 7, DESIGN §6): loyalty + care + tier
generation <= 60 s at 1M customers on PostgreSQL; a segment count <= 1 s. It prints numbers; it is not a test.
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile_ms, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dealercrm_bench"
# What the timed jobs write (emptied before the first runs, so "first run" means a cold start).
OUTPUT_TABLES = ["loyalty_tierchange", "loyalty_pointsentry", "loyalty_loyaltyprofile",
                 "insurance_renewalopportunity", "messaging_outboundmessage", "followups_answer",
                 "followups_surveyalert", "followups_surveyresponse", "followups_callaudit", "followups_calllog",
                 "followups_taskpurpose", "followups_followuptask"]  # fmt: skip
NIGHTLY = ("loyalty.standing", "loyalty.points", "care.calendar")
SEGMENT_NAME = "bench: owners with SMS consent"
results: dict[str, float] = {}


def load() -> str:
    return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL),
                        help="PostgreSQL URL, or 'sqlite' for var/bench.sqlite3")  # fmt: skip
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers in all, at two dealers")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per segment rule set")
    parser.add_argument("--day", type=date.fromisoformat, help="business date (default: today)")
    parser.add_argument(
        "--festival", type=date.fromisoformat, help="festival date (default: next Mid-Autumn)"
    )
    parser.add_argument("--dispatch-limit", type=int, default=20_000,
                        help="send at most this many (0: the whole job, first run and re-run)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep what earlier runs of the jobs wrote")
    parser.add_argument("--only", choices=["jobs", "campaign", "segments"], action="append",
                        help="run only these parts (repeatable)")  # fmt: skip
    args = parser.parse_args()
    if args.database_url == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = args.database_url
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from dealercrm.seed import seed

    started = time.perf_counter()
    report = seed(dealers=2, customers=args.customers, seed=1, logins=True)
    print(f"{report} [{time.perf_counter() - started:.0f}s, {load()}]", flush=True)
    day = args.day or timezone.localdate()
    header(connection, day)
    parts = set(args.only or ["jobs", "campaign", "segments"])
    if not args.keep:
        empty_outputs(connection)
    timed_job("service.due_dates", day, "prerequisite: service.due_dates")
    if "jobs" in parts:
        nightly(day, args.festival)
    if "campaign" in parts:
        campaign(day, args.dispatch_limit)
    if "segments" in parts:
        segments(day, args.runs)
    summary()
    return 0


def header(connection, day: date) -> None:
    from dealercrm.customers.models import Consent, Customer
    from dealercrm.insurance.models import InsurancePolicy
    from dealercrm.service.models import RepairOrder
    from dealercrm.vehicles.models import Vehicle

    with connection.cursor() as cursor:  # estimates: exact counts of 5M-row tables take seconds each
        counts = {}
        for model in (Customer, Vehicle, RepairOrder, InsurancePolicy, Consent):
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table]
                )
                counts[model._meta.verbose_name_plural] = cursor.fetchone()[0]
            else:
                counts[model._meta.verbose_name_plural] = model.objects.count()
    print(f"# care bench {datetime.now().astimezone().isoformat(timespec='seconds')} on {connection.vendor} "
          f"({connection.settings_dict['NAME']}), business date {day}; "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f"; {load()}", flush=True)  # fmt: skip


def empty_outputs(connection) -> None:
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"refusing to empty job outputs in {name!r}: not a bench database (use --keep)")
    existing = set(connection.introspection.table_names())
    tables = [t for t in OUTPUT_TABLES if t in existing]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    print(f"emptied {len(tables)} job output tables in {time.perf_counter() - started:.1f}s", flush=True)


def timed_job(name: str, day: date, label: str) -> float | None:
    from dealercrm.core.jobs import registered_jobs, run_daily_jobs

    if name not in registered_jobs():
        print(f"{label:<46} SKIPPED: job {name!r} is not registered (yet)", flush=True)
        return None
    started = time.perf_counter()
    try:
        [(_name, result)] = run_daily_jobs(day, only=[name])
    except Exception as exc:  # a job still being written must not stop the other numbers
        print(f"{label:<46} FAILED after {time.perf_counter() - started:.1f}s: {type(exc).__name__}: {exc}")
        return None
    seconds = time.perf_counter() - started
    print(f"{label:<46} {seconds:8.2f} s  [{load()}]  {result}", flush=True)
    results[label] = seconds
    return seconds


def twice(name: str, day: date, label: str = "") -> None:
    label = label or name
    timed_job(name, day, f"{label} (first run)")
    timed_job(name, day, f"{label} (re-run)")


def next_mid_autumn(day: date) -> date:
    from lunardate import LunarDate

    for year in (day.year, day.year + 1):
        festival = LunarDate(year, 8, 15).to_solar_date()
        if festival >= day:
            return festival
    raise AssertionError("unreachable")


def nightly(day: date, festival: date | None) -> None:
    print(
        "## nightly jobs: first run (cold: from the whole history), re-run (same date), next day", flush=True
    )
    for name in NIGHTLY:
        twice(name, day)
    twice("insurance.renewals", day)
    for name in NIGHTLY:
        timed_job(name, day + timedelta(days=1), f"{name} (next day)")
    festival = festival or next_mid_autumn(day)
    lead = 0
    try:
        from dealercrm.care.models import CareRule

        lead = max(CareRule.objects.filter(occasion="festival_mid_autumn", is_active=True)
                   .values_list("lead_days", flat=True), default=0)  # fmt: skip
    except ImportError:
        pass
    twice("care.calendar", festival - timedelta(days=lead), f"care.calendar festival {festival} (-{lead}d)")


def campaign(day: date, dispatch_limit: int) -> None:
    print("## campaign over a large segment (D01 owners with SMS consent)", flush=True)
    try:
        from dealercrm.campaigns.models import Campaign, Segment
        from dealercrm.campaigns.services import campaign_create, segment_create
        from dealercrm.messaging.models import MessageTemplate, MessagingPolicy
        from dealercrm.messaging.services import messaging_policy_for, templates_ensure_defaults
    except ImportError as exc:
        print(f"campaign SKIPPED: {exc}", flush=True)
        return
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dealercrm.org.access import actor_for
    from dealercrm.org.models import Dealer

    d01 = Dealer.objects.get(code="D01")
    actor = actor_for(get_user_model().objects.get(username="D01-manager"))
    templates_ensure_defaults(d01)
    for dealer in Dealer.objects.filter(code__in=["D01", "D02"]):  # the bench runs at any hour
        messaging_policy_for(dealer)
        MessagingPolicy.objects.filter(dealer=dealer).update(send_from=dtime(0, 0), send_until=dtime(23, 59))
    sms = MessageTemplate.objects.filter(dealer=d01, channel="sms", purpose="marketing", is_active=True)
    template = sms.filter(code="campaign").first() or sms.order_by("id").first()
    if template is None:
        print("campaign SKIPPED: D01 has no active SMS marketing template", flush=True)
        return
    rules = {"customer_class": ["owner"], "consent": "sms"}
    segment = Segment.objects.filter(dealer=d01, name=SEGMENT_NAME).first() or segment_create(
        actor=actor, dealer=d01, name=SEGMENT_NAME, rules=rules
    )
    Campaign.objects.filter(dealer=d01, name__startswith="bench:", status="scheduled").update(
        status="cancelled"
    )
    at = timezone.make_aware(datetime.combine(day, dtime(10, 0)))  # due at once when the day is today:
    at = min(at, timezone.now() - timedelta(minutes=1))  # the dispatch of today's run sends at "now"
    made = campaign_create(actor=actor, dealer=d01, fields={"name": f"bench: {timezone.now():%Y-%m-%d %H:%M:%S}",
                           "segment": segment, "template": template, "scheduled_at": at})  # fmt: skip
    print(f"campaign {made.pk} scheduled {at:%Y-%m-%d %H:%M} with template {template.code}", flush=True)
    twice("campaigns.launch", day)
    if not dispatch_limit:
        twice("messaging.dispatch", day)
    else:
        dispatch_sample(dispatch_limit)
    made.refresh_from_db()
    print(f"campaign {made.pk}: status {made.status}, recipients {made.recipients}", flush=True)


def dispatch_sample(limit: int) -> None:
    """messages_dispatch as the job calls it, but at most `limit` messages: a throughput, and the projection
    for everything queued (the whole campaign takes minutes at 1M customers; see the README)."""
    from django.utils import timezone

    from dealercrm.messaging.models import OutboundMessage
    from dealercrm.messaging.services import messages_dispatch

    queued = OutboundMessage.objects.filter(status="queued", send_after__lte=timezone.now()).count()
    started = time.perf_counter()
    result = messages_dispatch(now=timezone.now(), limit=limit)
    seconds = time.perf_counter() - started
    handled = sum(result.get(k, 0) for k in ("sent", "failed", "retrying", "suppressed", "expired"))
    rate = handled / max(seconds, 1e-9)
    label = f"messaging.dispatch, first {limit:,} of {queued:,} due"
    print(f"{label:<46} {seconds:8.2f} s  [{load()}]  {result}; {rate:,.0f} messages/s, "
          f"all {queued:,} would take ~{queued / max(rate, 1e-9):,.0f} s", flush=True)  # fmt: skip
    results[label] = seconds


def segments(day: date, runs: int) -> None:
    print(f"## segment_count over every customer of both dealers (group HQ), {runs} runs each", flush=True)
    try:
        from dealercrm.campaigns.selectors import segment_count
    except ImportError as exc:
        print(f"segments SKIPPED: {exc}", flush=True)
        return
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dealercrm.org.access import actor_for
    from dealercrm.org.models import Dealer
    from dealercrm.vehicles.models import VehicleModel

    actor = actor_for(get_user_model().objects.get(username="hq"))
    dealer_ids = sorted(Dealer.objects.filter(code__in=["D01", "D02"]).values_list("id", flat=True))
    models = list(VehicleModel.objects.filter(series__in=["帕萨特", "凯美瑞"]).values_list("id", flat=True))
    tiers = top_tiers(dealer_ids)
    print(
        f"{'rules':<70} {'count':>9} {'p50_ms':>8} {'p99_ms':>8} {'sql_p50':>8} {'sql_p99':>8} {'ratio':>6}"
    )
    for rules, sql, params in rule_sets(day, models, tiers):
        if rules is None:
            print(f"{sql:<70} SKIPPED", flush=True)
            continue
        orm, raw, counts = [], [], set()
        for _ in range(runs):
            started = time.perf_counter()
            counts.add(segment_count(actor, dealer_ids=dealer_ids, rules=rules))
            orm.append(time.perf_counter() - started)
            if connection.vendor != "postgresql":  # the hand-written SQL uses arrays: PostgreSQL only
                raw.append(float("nan"))
                continue
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql.format(dealers=",".join(map(str, dealer_ids))), params)
                counts.add(cursor.fetchone()[0])
            raw.append(time.perf_counter() - started)
        p50, p99 = percentile_ms(orm, 0.5), percentile_ms(orm, 0.99)
        s50, s99 = percentile_ms(raw, 0.5), percentile_ms(raw, 0.99)
        count = counts.pop() if len(counts) == 1 else f"MISMATCH {sorted(counts)}"
        label = str(rules)[:70]
        print(f"{label:<70} {count:>9} {p50:8.1f} {p99:8.1f} {s50:8.1f} {s99:8.1f} {p50 / s50:6.2f}  [{load()}]",
              flush=True)  # fmt: skip
        results[f"segment_count p99 {label}"] = p99 / 1000


def top_tiers(dealer_ids: list[int]) -> list[str]:
    try:
        from dealercrm.loyalty.models import MembershipTier
    except ImportError:
        return []
    rows = (
        MembershipTier.objects.filter(dealer_id__in=dealer_ids)
        .order_by("-rank")
        .values_list("code", flat=True)
    )
    return list(dict.fromkeys(rows))[:2]


def rule_sets(day: date, models: list[int], tiers: list[str]):
    """(rules, the same count in hand-written SQL, its parameters); the SQL's {dealers} is the id list."""
    year_ago, three_years = day - timedelta(days=365), day - timedelta(days=3 * 365)
    consent = "EXISTS (SELECT 1 FROM customers_consent k WHERE k.customer_id = c.id AND k.channel = %s AND k.granted)"
    base = "SELECT COUNT(*) FROM customers_customer c WHERE c.dealer_id IN ({dealers})"
    yield {"consent": "sms"}, f"{base} AND {consent}", ["sms"]
    yield (
        {"loyalty": ["regular", "occasional"], "consent": "wechat"},
        f"{base} AND EXISTS (SELECT 1 FROM loyalty_loyaltyprofile p WHERE p.customer_id = c.id"
        f" AND p.category IN ('regular', 'occasional')) AND {consent}",
        ["wechat"],
    )
    yield (
        {"churn_min": 60, "last_visit_before": year_ago.isoformat()},
        f"{base} AND EXISTS (SELECT 1 FROM loyalty_loyaltyprofile p WHERE p.customer_id = c.id"
        f" AND p.churn_score >= 60) AND EXISTS (SELECT 1 FROM service_customerspend s"
        f" WHERE s.customer_id = c.id AND s.last_order_on <= %s)",
        [year_ago],
    )
    if tiers:
        yield (
            {"tiers": tiers, "consent": "sms"},
            f"{base} AND EXISTS (SELECT 1 FROM loyalty_loyaltyprofile p JOIN loyalty_membershiptier t"
            f" ON t.id = p.tier_id WHERE p.customer_id = c.id AND t.code = ANY(%s)) AND {consent}",
            [tiers, "sms"],
        )
    else:
        yield None, "tiers: no membership tiers yet", []
    yield (
        {"models": models, "purchased_from": three_years.isoformat(), "cities": ["深圳"]},
        f"{base} AND EXISTS (SELECT 1 FROM vehicles_vehicle v WHERE v.current_owner_id = c.id"
        f" AND v.model_id = ANY(%s) AND v.purchased_on >= %s) AND EXISTS (SELECT 1 FROM customers_address a"
        f" WHERE a.customer_id = c.id AND a.city = ANY(%s))",
        [models, three_years, ["深圳"]],
    )
    yield (
        {"customer_class": ["owner"], "tags": ["VIP", "老客户推荐"]},
        f"{base} AND c.customer_class = 'owner' AND EXISTS (SELECT 1 FROM customers_customer_tags x"
        f" JOIN customers_tag g ON g.id = x.tag_id WHERE x.customer_id = c.id AND g.name = ANY(%s))",
        [["VIP", "老客户推荐"]],
    )


def summary() -> None:
    first = [results.get(f"{name} (first run)") for name in NIGHTLY]
    print("## summary", flush=True)
    if all(v is not None for v in first):
        total = sum(first)
        print(f"nightly loyalty + care + tiers ({' + '.join(NIGHTLY)}), first runs: {total:.1f} s "
              f"(budget 60 s: {'OK' if total <= 60 else 'OVER'})  [{load()}]")  # fmt: skip
    else:
        missing = [n for n, v in zip(NIGHTLY, first, strict=True) if v is None]
        print(f"nightly total not available: {', '.join(missing)} missing or failed")
    nights = [results.get(f"{name} (next day)") for name in NIGHTLY]
    if all(v is not None for v in nights):
        total = sum(nights)
        print(f"nightly loyalty + care + tiers, the next day (a steady night): {total:.1f} s "
              f"(budget 60 s: {'OK' if total <= 60 else 'OVER'})")  # fmt: skip
    worst = max((v for k, v in results.items() if k.startswith("segment_count")), default=None)
    if worst is not None:
        print(
            f"worst segment_count p99: {worst * 1000:.0f} ms (budget 1 s: {'OK' if worst <= 1 else 'OVER'})"
        )


if __name__ == "__main__":
    sys.exit(main())
