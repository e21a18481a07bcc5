"""The fleet's km/day and next service date, set-based: one INSERT … ON CONFLICT DO UPDATE per batch of
vehicle ids into service_vehicledue, writing only the rows whose values changed.

The same statement serves one vehicle (when a repair order lands) and the daily job (every vehicle, in id
batches). It is the rule of service.prediction in SQL: LAG / LEAD over each vehicle's readings give the
intervals and the latest reading, ROW_NUMBER / COUNT pick the median rate, the km lost at meter replacements
are added back. Tests hold it to the Python rule on random data, on SQLite and PostgreSQL.
"""

from django.db import connection, transaction

from dealercrm.service.choices import SERVICE_TYPES, OrderStatus
from dealercrm.service.prediction import FLEET_KM_PER_DAY, MAX_KM_PER_DAY, MAX_PREDICT_DAYS

SQLITE_BATCH = 20_000
POSTGRES_BATCH = 100_000

_FRAGMENTS = {
    "sqlite": {
        "real": "CAST({} AS REAL)",
        "days": "CAST(julianday({}) - julianday({}) AS INTEGER)",
        "add_months": (
            "MIN(date({0}, '+' || ({1}) || ' months'), "
            "date({0}, 'start of month', '+' || (({1}) + 1) || ' months', '-1 day'))"
        ),
        "add_days": "date({}, '+' || ({}) || ' days')",
        "ceil": "(CAST({0} AS INTEGER) + ({0} > CAST({0} AS INTEGER)))",
        "round1": "ROUND({}, 1)",
        "distinct": "{} IS NOT {}",
    },
    "postgresql": {
        "real": "CAST({} AS double precision)",
        "days": "({} - {})",
        "add_months": "CAST({0} + make_interval(months => ({1})) AS date)",
        "add_days": "({} + CAST({} AS integer))",
        "ceil": "CEIL({})",
        "round1": "ROUND(CAST({} AS numeric), 1)",
        "distinct": "{} IS DISTINCT FROM {}",
    },
}


def _sql() -> str:
    f = _FRAGMENTS["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    days = f["days"].format("r1.read_on", "r1.prev_on")
    service_types = ", ".join(f"'{t}'" for t in SERVICE_TYPES)
    km_days = "(CAST(c.target_km - c.anchor_km AS {real}) / c.rate)".format(
        real="double precision" if connection.vendor == "postgresql" else "REAL"
    )
    default_rate = f["real"].format(
        f"COALESCE(mp.typical_km_per_day, dp.typical_km_per_day, {FLEET_KM_PER_DAY})"
    )
    ahead = f"CASE WHEN {km_days} >= {MAX_PREDICT_DAYS} THEN {MAX_PREDICT_DAYS} ELSE {f['ceil'].format(km_days)} END"
    return f"""
INSERT INTO service_vehicledue (vehicle_id, dealer_id, km_per_day, next_service_due_on)
WITH r1 AS (
    SELECT o.id, o.vehicle_id, o.km, o.read_on, o.meter_replaced,
           LAG(o.km) OVER w AS prev_km, LAG(o.read_on) OVER w AS prev_on, LEAD(o.id) OVER w AS next_id
    FROM vehicles_odometerreading o
    WHERE o.vehicle_id >= %(lo)s AND o.vehicle_id < %(hi)s
    WINDOW w AS (PARTITION BY o.vehicle_id ORDER BY o.read_on, o.id)
), shifts AS MATERIALIZED (  -- read once per order below; inlined it is re-scanned for every order
    SELECT vehicle_id, read_on, id, prev_km - km AS shift FROM r1 WHERE meter_replaced AND prev_km IS NOT NULL
), agg AS (
    SELECT vehicle_id, MIN(read_on) AS first_on,
           MAX(CASE WHEN next_id IS NULL THEN read_on END) AS last_on,
           MAX(CASE WHEN next_id IS NULL THEN km END)
               + SUM(CASE WHEN meter_replaced AND prev_km IS NOT NULL THEN prev_km - km ELSE 0 END) AS last_km
    FROM r1 GROUP BY vehicle_id
), iv AS (
    SELECT r1.vehicle_id, {f["real"].format("r1.km - r1.prev_km")} / {days} AS rate
    FROM r1
    WHERE r1.prev_km IS NOT NULL AND NOT r1.meter_replaced AND r1.read_on > r1.prev_on
      AND r1.km >= r1.prev_km AND r1.km - r1.prev_km <= {MAX_KM_PER_DAY} * {days}
), ranked AS (
    SELECT vehicle_id, rate, ROW_NUMBER() OVER (PARTITION BY vehicle_id ORDER BY rate) AS rn,
           COUNT(*) OVER (PARTITION BY vehicle_id) AS n
    FROM iv
), med AS (
    SELECT vehicle_id, (MIN(rate) + MAX(rate)) / 2 AS rate
    FROM ranked WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2 GROUP BY vehicle_id
), svc AS (
    SELECT ro.vehicle_id,
           COALESCE(o.km + COALESCE((
               SELECT SUM(x.shift) FROM shifts x
               WHERE x.vehicle_id = ro.vehicle_id
                 AND (x.read_on < o.read_on OR (x.read_on = o.read_on AND x.id <= o.id))
           ), 0), ro.km) AS km,
           COALESCE(o.read_on, ro.opened_on) AS served_on,
           ROW_NUMBER() OVER (
               PARTITION BY ro.vehicle_id ORDER BY COALESCE(o.read_on, ro.opened_on) DESC, ro.id DESC
           ) AS k
    FROM service_repairorder ro LEFT JOIN vehicles_odometerreading o ON o.id = ro.reading_id
    WHERE ro.vehicle_id >= %(lo)s AND ro.vehicle_id < %(hi)s
      AND ro.status = '{OrderStatus.HANDED_OVER}' AND ro.service_type IN ({service_types})
), base AS (
    SELECT v.id, v.dealer_id,
           COALESCE(med.rate, {default_rate}) AS rate,
           COALESCE(mp.id, dp.id) AS plan_id,
           CASE WHEN svc.vehicle_id IS NULL THEN COALESCE(mp.first_service_km, dp.first_service_km)
                ELSE svc.km + COALESCE(mp.every_km, dp.every_km) END AS target_km,
           CASE WHEN svc.vehicle_id IS NULL THEN COALESCE(v.purchased_on, v.first_visit_on, agg.first_on)
                ELSE svc.served_on END AS rule_from,
           CASE WHEN svc.vehicle_id IS NULL THEN COALESCE(mp.first_service_months, dp.first_service_months)
                ELSE COALESCE(mp.every_months, dp.every_months) END AS rule_months,
           COALESCE(agg.last_km, 0) AS anchor_km,
           COALESCE(agg.last_on, v.purchased_on, v.first_visit_on) AS anchor_on
    FROM vehicles_vehicle v
    LEFT JOIN med ON med.vehicle_id = v.id
    LEFT JOIN svc ON svc.vehicle_id = v.id AND svc.k = 1
    LEFT JOIN agg ON agg.vehicle_id = v.id
    LEFT JOIN service_serviceplan mp ON mp.model_id = v.model_id
    LEFT JOIN service_serviceplan dp ON dp.model_id IS NULL
    WHERE v.id >= %(lo)s AND v.id < %(hi)s
), c AS (
    SELECT base.*,
           CASE WHEN plan_id IS NULL OR rule_from IS NULL THEN NULL
                ELSE {f["add_months"].format("rule_from", "rule_months")} END AS date_rule
    FROM base
), due AS (
    SELECT c.id, c.dealer_id, {f["round1"].format("c.rate")} AS km_per_day,
           CASE WHEN c.date_rule IS NULL THEN NULL
                WHEN c.anchor_on IS NULL THEN c.date_rule
                WHEN c.anchor_km >= c.target_km THEN
                    CASE WHEN c.anchor_on < c.date_rule THEN c.anchor_on ELSE c.date_rule END
                WHEN c.rate <= 0 THEN c.date_rule
                ELSE CASE WHEN {f["add_days"].format("c.anchor_on", ahead)} < c.date_rule
                          THEN {f["add_days"].format("c.anchor_on", ahead)} ELSE c.date_rule END
           END AS due_on
    FROM c
)
SELECT due.id, due.dealer_id, due.km_per_day, due.due_on
FROM due LEFT JOIN (
    SELECT * FROM service_vehicledue WHERE vehicle_id >= %(lo)s AND vehicle_id < %(hi)s
) cur ON cur.vehicle_id = due.id
WHERE cur.vehicle_id IS NULL
   OR {f["distinct"].format("cur.km_per_day", "due.km_per_day")}
   OR {f["distinct"].format("cur.next_service_due_on", "due.due_on")}
ON CONFLICT (vehicle_id) DO UPDATE
SET km_per_day = excluded.km_per_day, next_service_due_on = excluded.next_service_due_on
WHERE {f["distinct"].format("service_vehicledue.km_per_day", "excluded.km_per_day")}
   OR {f["distinct"].format("service_vehicledue.next_service_due_on", "excluded.next_service_due_on")}
"""


def recompute_range(lo: int, hi: int) -> int:
    """Recompute vehicles with lo <= id < hi; returns how many rows were written (new or changed)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"lo": lo, "hi": hi})
        return cursor.rowcount


def vehicle_due_refresh(*, vehicle_id: int) -> bool:
    """One vehicle, by the fleet's statement (a reading or a repair order just landed). True when it changed."""
    return recompute_range(vehicle_id, vehicle_id + 1) > 0


def recompute_all(batch: int | None = None) -> dict[str, int]:
    """Every vehicle, in id batches: one statement each, never a Python loop over vehicles."""
    from dealercrm.vehicles.models import Vehicle

    batch = batch or (POSTGRES_BATCH if connection.vendor == "postgresql" else SQLITE_BATCH)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {Vehicle._meta.db_table}")
        lo, hi = cursor.fetchone()
    if lo is None:
        return {"batches": 0, "changed": 0}
    changed = batches = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A batch job: sorts in memory rather than on disk, and no JIT compile for a plan run once per batch.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        for start in range(lo, hi + 1, batch):
            changed += recompute_range(start, start + batch)
            batches += 1
    return {"batches": batches, "changed": changed}
