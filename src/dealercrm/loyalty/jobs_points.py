"""Daily job "loyalty.points": earn points for repair orders handed over, then expire lots past their date.

Set-based on both databases, never a loop over customers. Idempotent: every entry has a unique source_key
(an order earns once, a lot expires once), so re-running a date writes nothing.

Earn: one INSERT … SELECT of earn lots (points = floor(customer_total * points_per_yuan)), and the balances
raised by an INSERT … ON CONFLICT DO UPDATE that also creates the missing profiles. On PostgreSQL both are one
statement (a data-modifying CTE); on SQLite the balance statement finds the run's lots again by
`id > MAX(id) before` and the run's timestamp. Which orders are looked at: after a successful run in the last
CATCH_UP_DAYS only those handed over since that run (minus a margin for hand-overs recorded late), through
the (dealer, handed_over_on) index — O(new orders), not O(history); otherwise (first run, a long gap) every
order, in id batches. An order whose points would already have expired on the job's date earns nothing.

Expire: what is left of each lot whose expires_on is before the job's date becomes an expire entry, the
balances go down by it and the lots drop to 0, over the open-lots index (three statements). On PostgreSQL the
profiles concerned are locked first, in customer order, as a redemption locks its profile before its lots:
a redemption at the same moment waits for the job instead of spending points that are expiring.
"""

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from dealercrm.core.jobs import daily_job
from dealercrm.core.models import JobRun
from dealercrm.loyalty.choices import PointsKind
from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry, PointsPolicy
from dealercrm.loyalty.points_choices import REF_ENTRY, REF_ORDER
from dealercrm.loyalty.services.points_ledger import MAX_POINTS
from dealercrm.loyalty.services.points_policy import points_policies_ensure_defaults
from dealercrm.service.choices import OrderStatus
from dealercrm.service.models import RepairOrder

JOB = "loyalty.points"
SQLITE_BATCH = 20_000
POSTGRES_BATCH = 200_000
CATCH_UP_DAYS = 31  # a run within this many days lets the next one look only at recent hand-overs
LATE_DAYS = 7  # hand-overs recorded up to a week after the day they happened still earn
EVER = date(1900, 1, 1)

ENTRY = PointsEntry._meta.db_table
PROFILE = LoyaltyProfile._meta.db_table
ORDER = RepairOrder._meta.db_table
POLICY = PointsPolicy._meta.db_table
ENTRY_COLUMNS = (
    "dealer_id, customer_id, kind, points, remaining, occurred_on, expires_on, source_key, ref_type, ref_id, "
    "note, actor_id, created_at"
)

_FRAGMENTS = {
    "sqlite": {
        # + a millionth: REAL arithmetic may land just under a whole number (0.29 * 100 = 28.999…).
        "floor": f"CAST(MIN(({{}}) + 0.000001, {MAX_POINTS}) AS INTEGER)",
        "add_months": (
            "MIN(date({0}, '+' || ({1}) || ' months'), "
            "date({0}, 'start of month', '+' || (({1}) + 1) || ' months', '-1 day'))"
        ),
    },
    "postgresql": {
        "floor": f"CAST(LEAST(FLOOR({{}}), {MAX_POINTS}) AS integer)",
        "add_months": "CAST({0} + make_interval(months => ({1})) AS date)",
    },
}


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _lots_select(*, by_id: bool) -> str:
    """The earn lots not written yet, as rows of ENTRY_COLUMNS."""
    f = _FRAGMENTS["postgresql" if _pg() else "sqlite"]
    id_range = "AND ro.id >= %(lo)s AND ro.id < %(hi)s" if by_id else ""
    return f"""
SELECT x.dealer_id, x.customer_id, '{PointsKind.EARN}', x.points, x.points, x.handed_over_on, x.expires_on,
       '{REF_ORDER}:' || x.id || ':earn', '{REF_ORDER}', x.id, '', NULL, %(stamp)s
FROM (
    SELECT ro.id, ro.dealer_id, ro.customer_id, ro.handed_over_on,
           {f["floor"].format("ro.customer_total * pol.points_per_yuan")} AS points,
           {f["add_months"].format("ro.handed_over_on", "pol.expiry_months")} AS expires_on
    FROM {POLICY} pol JOIN {ORDER} ro ON ro.dealer_id = pol.dealer_id
    WHERE ro.handed_over_on >= %(since)s AND ro.handed_over_on <= %(on)s {id_range}
      AND ro.status = '{OrderStatus.HANDED_OVER}' AND ro.customer_total > 0
) x
WHERE x.points > 0 AND x.expires_on >= %(on)s
  AND NOT EXISTS (SELECT 1 FROM {ENTRY} p WHERE p.source_key = '{REF_ORDER}:' || x.id || ':earn')
"""


def _profile_upsert(source: str) -> tuple[str, dict]:
    """Add the points of `source` (rows customer_id, dealer_id, points) to the balances; customers without a
    profile get one (the model's defaults for every other column, so a column added later needs no change)."""
    explicit = {"customer": "d.customer_id", "dealer": "d.dealer_id", "points_balance": "d.points"}
    columns, values, params = [], [], {}
    for field in LoyaltyProfile._meta.concrete_fields:
        columns.append(field.column)
        if field.name in explicit:
            values.append(explicit[field.name])
        else:
            params[f"default_{field.column}"] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%(default_{field.column})s")
    sql = f"""
INSERT INTO {PROFILE} ({", ".join(columns)})
SELECT {", ".join(values)}
FROM (
    SELECT s.customer_id, MAX(s.dealer_id) AS dealer_id, SUM(s.points) AS points FROM {source} GROUP BY s.customer_id
) d
WHERE true
ON CONFLICT (customer_id) DO UPDATE SET points_balance = {PROFILE}.points_balance + excluded.points_balance
"""
    return sql, params


def _earn_statements(*, by_id: bool) -> tuple[list[str], dict]:
    insert = f"INSERT INTO {ENTRY} ({ENTRY_COLUMNS}) {_lots_select(by_id=by_id)} ON CONFLICT (source_key) DO NOTHING"
    if _pg():
        upsert, defaults = _profile_upsert("lots s")
        return [
            f"""WITH lots AS ({insert} RETURNING customer_id, dealer_id, points),
                     balances AS ({upsert} RETURNING 1)
                SELECT COUNT(*) FROM lots"""
        ], defaults
    mine = f"{ENTRY} s WHERE s.id > %(before)s AND s.kind = '{PointsKind.EARN}' AND s.created_at = %(stamp)s"
    upsert, defaults = _profile_upsert(mine)
    return [insert, upsert], defaults


def _earn_step(cursor, statements: list[str], params: dict) -> int:
    if _pg():
        cursor.execute(statements[0], params)
        return cursor.fetchone()[0]
    params = {**params, "before": PointsEntry.objects.aggregate(last=Max("pk"))["last"] or 0}
    cursor.execute(statements[0], params)
    created = max(cursor.rowcount, 0)
    if created:
        cursor.execute(statements[1], params)
    return created


def earn_since(on: date) -> date:
    """The earliest hand-over date the run looks at: recent ones after a recent successful run, else all."""
    last = JobRun.objects.filter(name=JOB, ok=True, run_on__lte=on).aggregate(last=Max("run_on"))["last"]
    if last is None or last < on - timedelta(days=CATCH_UP_DAYS):
        return EVER
    return last - timedelta(days=LATE_DAYS)


def earn(on: date, *, stamp, since: date = EVER, batch: int | None = None) -> dict[str, int]:
    """Earn lots for the handed-over orders not yet earned; returns lots written and statements run."""
    params = {"on": on, "since": since, "stamp": stamp}
    earned = batches = 0
    with connection.cursor() as cursor:
        if since > EVER:  # recent hand-overs only: the (dealer, handed_over_on) index, one pass
            statements, defaults = _earn_statements(by_id=False)
            return {"earned": _earn_step(cursor, statements, {**defaults, **params}), "batches": 1}
        bounds = RepairOrder.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
        if bounds["hi"] is None:
            return {"earned": 0, "batches": 0}
        statements, defaults = _earn_statements(by_id=True)
        batch = batch or (POSTGRES_BATCH if _pg() else SQLITE_BATCH)
        for start in range(bounds["lo"], bounds["hi"] + 1, batch):
            earned += _earn_step(cursor, statements, {**defaults, **params, "lo": start, "hi": start + batch})
            batches += 1
    return {"earned": earned, "batches": batches}


OPEN_LOTS = "remaining > 0 AND expires_on < %(on)s"

LOCK_SQL = f"""
SELECT COUNT(*) FROM (
    SELECT p.customer_id FROM {PROFILE} p
    WHERE p.customer_id IN (SELECT e.customer_id FROM {ENTRY} e WHERE e.remaining > 0 AND e.expires_on < %(on)s)
    ORDER BY p.customer_id FOR UPDATE OF p
) locked
"""

EXPIRE_SQL = f"""
INSERT INTO {ENTRY} ({ENTRY_COLUMNS})
SELECT e.dealer_id, e.customer_id, '{PointsKind.EXPIRE}', -e.remaining, 0, %(on)s, NULL,
       '{REF_ENTRY}:' || e.id || ':expire', '{REF_ENTRY}', e.id, '', NULL, %(stamp)s
FROM {ENTRY} e
WHERE e.remaining > 0 AND e.expires_on < %(on)s
ON CONFLICT (source_key) DO NOTHING
"""

BALANCES_SQL = {
    "postgresql": f"""
UPDATE {PROFILE} p SET points_balance = p.points_balance - d.points
FROM (SELECT customer_id, SUM(remaining) AS points FROM {ENTRY} WHERE {OPEN_LOTS} GROUP BY customer_id) d
WHERE p.customer_id = d.customer_id
""",
    "sqlite": f"""
UPDATE {PROFILE} SET points_balance = points_balance - (
    SELECT SUM(e.remaining) FROM {ENTRY} e
    WHERE e.customer_id = {PROFILE}.customer_id AND e.remaining > 0 AND e.expires_on < %(on)s
)
WHERE customer_id IN (SELECT e.customer_id FROM {ENTRY} e WHERE e.remaining > 0 AND e.expires_on < %(on)s)
""",
}

LOTS_SQL = f"UPDATE {ENTRY} SET remaining = 0 WHERE {OPEN_LOTS}"


def expire(on: date, *, stamp) -> int:
    """Expire what is left of every lot past its date; returns the lots expired."""
    params = {"on": on, "stamp": stamp}
    with connection.cursor() as cursor:
        if _pg():
            cursor.execute(LOCK_SQL, params)
        cursor.execute(EXPIRE_SQL, params)
        expired = max(cursor.rowcount, 0)
        if expired:
            cursor.execute(BALANCES_SQL["postgresql" if _pg() else "sqlite"], params)
            cursor.execute(LOTS_SQL, params)
    return expired


@daily_job(JOB)
def points_daily(on: date) -> dict[str, int]:
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        if _pg():  # a batch job: sorts and hashes in memory, no JIT compile for plans run once
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        policies = points_policies_ensure_defaults()
        result = earn(on, stamp=stamp, since=earn_since(on))
        expired = expire(on, stamp=stamp)
    return {**result, "expired": expired, "policies_created": policies}
