"""The nightly standing in SQL (rules: loyalty.standing_rules), one customer-id range per statement.

Four statements per range, the same text on SQLite and PostgreSQL but for a few dialect fragments:
  1. INSERT … SELECT the missing LoyaltyProfile rows of customers who own a vehicle;
  2. UPDATE … FROM (WITH … SELECT) the category, services due / done, churn score + reasons and at_risk_since,
     writing only the rows whose values changed (reasons hold dates and counts, not day counts, so they stay put);
  3. INSERT … SELECT a TierChange for every owner whose best tier differs from the stored one;
  4. UPDATE … FROM those TierChange rows (id above the run's marker) the profile's tier and tier_since.
Every statement is bounded by the customer-id range on an index: vehicles.current_owner, service_repairorder
(customer, …), complaints (customer, …), survey responses (customer), customer spend (customer), and the
profile's primary key; service_vehicledue is joined on its primary key.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from dealercrm.complaints.choices import Step
from dealercrm.loyalty import standing_rules as r
from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.service.choices import SERVICE_TYPES, OrderStatus

_FRAGMENTS = {
    "sqlite": {
        "ym": "(CAST(strftime('%%Y', {0}) AS INTEGER) * 12 + CAST(strftime('%%m', {0}) AS INTEGER))",
        "day": "CAST(strftime('%%d', {0}) AS INTEGER)",
        "date_text": "{0}",
        "json": "{0}",
        "distinct": "{0} IS NOT {1}",
        "true": "1",
    },
    "postgresql": {
        # date_part (double precision) is much cheaper than EXTRACT (numeric) over a million rows
        "ym": "CAST(date_part('year', {0}) * 12 + date_part('month', {0}) AS INTEGER)",
        "day": "CAST(date_part('day', {0}) AS INTEGER)",
        "date_text": "to_char({0}, 'YYYY-MM-DD')",
        "json": "CAST({0} AS jsonb)",
        "distinct": "{0} IS DISTINCT FROM {1}",
        "true": "TRUE",
    },
}


def _f() -> dict[str, str]:
    return _FRAGMENTS["postgresql" if connection.vendor == "postgresql" else "sqlite"]


def _months_to(f: dict, value: str, ym: str, day: str) -> str:
    """Whole months from the date `value` up to the date whose year*12+month is %(ym)s and day %(day)s."""
    return f"(%({ym})s - {f['ym'].format(value)} - CASE WHEN %({day})s < {f['day'].format(value)} THEN 1 ELSE 0 END)"


def _category_rank(column: str) -> str:
    whens = " ".join(f"WHEN '{c}' THEN {n}" for c, n in r.CATEGORY_ORDER.items())
    return f"CASE {column} {whens} ELSE 0 END"


@dataclass(frozen=True)
class Dates:
    """The run's dates, as statement parameters."""

    on: date

    def params(self) -> dict:
        cut = self.on - timedelta(days=r.GRACE_DAYS)
        zone = timezone.get_current_timezone()

        def moment(d: date):
            return connection.ops.adapt_datetimefield_value(datetime.combine(d, time.min, tzinfo=zone))

        day = connection.ops.adapt_datefield_value
        return {
            "today": day(self.on),
            "today_ym": self.on.year * 12 + self.on.month,
            "today_d": self.on.day,
            "cut_ym": cut.year * 12 + cut.month,
            "cut_d": cut.day,
            "o30": day(self.on - timedelta(days=30)),
            "o90": day(self.on - timedelta(days=90)),
            "y1": day(self.on - timedelta(days=r.VISIT_WINDOW_DAYS)),
            "y2": day(self.on - timedelta(days=2 * r.VISIT_WINDOW_DAYS)),
            "complaint_since": moment(self.on - timedelta(days=r.COMPLAINT_RECENT_DAYS)),
            "survey_since": moment(self.on - timedelta(days=r.SURVEY_DAYS)),
            "threshold": r.WINBACK_THRESHOLD,
            "old_months": r.OLD_VEHICLE_YEARS * 12,
        }


def insert_profiles_sql() -> str:
    return f"""
INSERT INTO loyalty_loyaltyprofile (customer_id, dealer_id, category, services_due, services_done,
    churn_score, churn_reasons, points_balance, created_on)
SELECT c.id, c.dealer_id, '{LoyaltyCategory.NEW}', 0, 0, 0, {_f()["json"].format("'[]'")}, 0, %(today)s
FROM customers_customer c
WHERE c.id >= %(lo)s AND c.id < %(hi)s
  AND EXISTS (SELECT 1 FROM vehicles_vehicle v
              WHERE v.current_owner_id = c.id AND v.current_owner_id >= %(lo)s AND v.current_owner_id < %(hi)s)
  AND NOT EXISTS (SELECT 1 FROM loyalty_loyaltyprofile p
                  WHERE p.customer_id = c.id AND p.customer_id >= %(lo)s AND p.customer_id < %(hi)s)
"""


def _reason(code: str, points: str, value: str) -> str:
    """',{"code": …, "points": …, "value": …}' when points > 0, else ''; the list is joined in SQL."""
    return (
        f'CASE WHEN {points} > 0 THEN \',{{"code": "{code}", "points": \' || {points} '
        f"|| ', \"value\": ' || {value} || '}}' ELSE '' END"
    )


def standing_update_sql() -> str:
    f = _f()
    service_types = ", ".join(f"'{t}'" for t in SERVICE_TYPES)
    done = f"'{OrderStatus.HANDED_OVER}'"
    overdue = " ".join(
        f"WHEN c.earliest_due < %(o{days})s THEN {pts}"
        if days
        else f"WHEN c.earliest_due < %(today)s THEN {pts}"
        for days, pts in r.OVERDUE_POINTS
    )
    reasons = " || ".join(
        [
            _reason("overdue", "p_overdue", "'\"' || " + f["date_text"].format("earliest_due") + " || '\"'"),
            _reason("visits_down", "p_visits", "'[' || last12 || ', ' || prior12 || ']'"),
            _reason("complaint_open", "p_open", "open_n"),
            _reason("complaint_recent", "p_recent", "recent_n"),
            _reason("low_survey", "p_survey", "low_score"),
            _reason("vehicle_age", "p_age", "(youngest_m / 12)"),
        ]
    )
    return f"""
UPDATE loyalty_loyaltyprofile
SET category = res.category, services_due = res.due, services_done = res.done, churn_score = res.score,
    churn_reasons = res.reasons, computed_on = %(today)s,
    at_risk_since = CASE WHEN res.score >= th.threshold
                         THEN COALESCE(loyalty_loyaltyprofile.at_risk_since, %(today)s) END
FROM (
WITH ros AS (
    SELECT ro.vehicle_id, ro.customer_id,
           SUM(CASE WHEN ro.service_type IN ({service_types}) THEN 1 ELSE 0 END) AS visits,
           MAX(CASE WHEN ro.service_type IN ({service_types}) THEN ro.handed_over_on END) AS last_on,
           SUM(CASE WHEN ro.handed_over_on >= %(y1)s THEN 1 ELSE 0 END) AS last12,
           SUM(CASE WHEN ro.handed_over_on >= %(y2)s AND ro.handed_over_on < %(y1)s THEN 1 ELSE 0 END) AS prior12
    FROM service_repairorder ro
    WHERE ro.customer_id >= %(lo)s AND ro.customer_id < %(hi)s AND ro.status = {done}
      AND ro.handed_over_on <= %(today)s
    GROUP BY ro.vehicle_id, ro.customer_id
), veh AS (
    SELECT v.current_owner_id AS customer_id,
           COALESCE(v.purchased_on, v.first_visit_on) AS start_on,
           COALESCE(mp.first_service_months, dp.first_service_months) AS first_m,
           COALESCE(mp.every_months, dp.every_months) AS every_m,
           COALESCE(mp.warranty_years, dp.warranty_years) AS warranty_y,
           (SELECT d.next_service_due_on FROM service_vehicledue d WHERE d.vehicle_id = v.id) AS next_due,
           COALESCE(ros.visits, 0) AS visits, ros.last_on,
           COALESCE(ros.last12, 0) AS last12, COALESCE(ros.prior12, 0) AS prior12
    FROM vehicles_vehicle v
    LEFT JOIN service_serviceplan mp ON mp.model_id = v.model_id
    LEFT JOIN service_serviceplan dp ON dp.model_id IS NULL
    LEFT JOIN ros ON ros.vehicle_id = v.id AND ros.customer_id = v.current_owner_id
    WHERE v.current_owner_id >= %(lo)s AND v.current_owner_id < %(hi)s
), vm AS (
    SELECT veh.*,
           CASE WHEN veh.start_on IS NULL OR veh.first_m IS NULL THEN NULL
                ELSE {_months_to(f, "veh.start_on", "cut_ym", "cut_d")} END AS m_due,
           CASE WHEN veh.last_on IS NULL THEN NULL
                ELSE {_months_to(f, "veh.last_on", "cut_ym", "cut_d")} END AS m_since_last
    FROM veh
), vd AS (
    SELECT vm.*,
           CASE WHEN m_due IS NULL OR m_due < first_m THEN 0 ELSE 1 + (m_due - first_m) / every_m END AS due
    FROM vm
), c0 AS (
    SELECT customer_id,
           SUM(due) AS due,
           SUM(CASE WHEN visits < due THEN visits ELSE due END) AS done,
           SUM(CASE WHEN due > 0 AND last_on IS NOT NULL AND m_since_last < every_m THEN 1 ELSE 0 END)
               AS active,
           MIN(next_due) AS earliest_due,
           MAX(start_on) AS youngest_on,
           MAX(warranty_y) AS warranty_y,
           SUM(last12) AS last12, SUM(prior12) AS prior12
    FROM vd GROUP BY customer_id
), cust AS (
    SELECT c0.*,
           CASE WHEN youngest_on IS NULL THEN NULL
                ELSE {_months_to(f, "youngest_on", "today_ym", "today_d")} END AS youngest_m
    FROM c0
), comp AS (
    SELECT cp.customer_id,
           SUM(CASE WHEN cp.step <> '{Step.ARCHIVED}' THEN 1 ELSE 0 END) AS open_n,
           SUM(CASE WHEN cp.received_at >= %(complaint_since)s THEN 1 ELSE 0 END) AS recent_n
    FROM complaints_complaint cp
    WHERE cp.customer_id >= %(lo)s AND cp.customer_id < %(hi)s
      AND (cp.step <> '{Step.ARCHIVED}' OR cp.received_at >= %(complaint_since)s)
    GROUP BY cp.customer_id
), surv AS (
    SELECT sr.customer_id, MIN(sr.score) AS low_score
    FROM followups_surveyresponse sr JOIN followups_questionnaire q ON q.id = sr.questionnaire_id
    WHERE sr.customer_id >= %(lo)s AND sr.customer_id < %(hi)s AND sr.score IS NOT NULL
      AND sr.score <= q.alert_at_or_below AND sr.created_at >= %(survey_since)s
    GROUP BY sr.customer_id
), pts AS (
    SELECT c.customer_id, c.due, c.done, c.earliest_due, c.youngest_m,
           CASE WHEN c.due = 0 THEN '{LoyaltyCategory.NEW}' WHEN c.active = 0 THEN '{LoyaltyCategory.LOST}'
                WHEN c.done >= c.due THEN '{LoyaltyCategory.REGULAR}'
                ELSE '{LoyaltyCategory.OCCASIONAL}' END AS category,
           CASE {overdue} ELSE 0 END AS p_overdue,
           c.last12, c.prior12,
           CASE WHEN c.prior12 <= c.last12 THEN 0
                WHEN c.last12 = 0 THEN {r.VISITS_STOPPED_POINTS}
                ELSE {r.VISITS_DOWN_POINTS} END AS p_visits,
           COALESCE(comp.open_n, 0) AS open_n, COALESCE(comp.recent_n, 0) AS recent_n,
           CASE WHEN COALESCE(comp.open_n, 0) > 0 THEN {r.COMPLAINT_OPEN_POINTS} ELSE 0 END AS p_open,
           CASE WHEN COALESCE(comp.open_n, 0) = 0 AND COALESCE(comp.recent_n, 0) > 0
                THEN {r.COMPLAINT_RECENT_POINTS} ELSE 0 END AS p_recent,
           surv.low_score,
           CASE WHEN surv.low_score IS NULL THEN 0 ELSE {r.LOW_SURVEY_POINTS} END AS p_survey,
           CASE WHEN c.youngest_m >= c.warranty_y * 12 AND c.youngest_m >= %(old_months)s
                THEN {r.OLD_VEHICLE_POINTS}
                WHEN c.youngest_m >= c.warranty_y * 12 THEN {r.OUT_OF_WARRANTY_POINTS} ELSE 0 END AS p_age
    FROM cust c
    LEFT JOIN comp ON comp.customer_id = c.customer_id
    LEFT JOIN surv ON surv.customer_id = c.customer_id
), res AS (
    SELECT pts.customer_id, pts.category, pts.due, pts.done,
           CASE WHEN p_overdue + p_visits + p_open + p_recent + p_survey + p_age > 100 THEN 100
                ELSE p_overdue + p_visits + p_open + p_recent + p_survey + p_age END AS score,
           {f["json"].format("'[' || substr(" + reasons + ", 2) || ']'")} AS reasons
    FROM pts
)
SELECT * FROM res
) res, (
    SELECT d.id AS dealer_id, COALESCE(sp.winback_threshold, %(threshold)s) AS threshold
    FROM org_dealer d LEFT JOIN loyalty_standingpolicy sp ON sp.dealer_id = d.id
) th
WHERE loyalty_loyaltyprofile.customer_id = res.customer_id
  AND loyalty_loyaltyprofile.customer_id >= %(lo)s AND loyalty_loyaltyprofile.customer_id < %(hi)s
  AND th.dealer_id = loyalty_loyaltyprofile.dealer_id
  AND ({f["distinct"].format("loyalty_loyaltyprofile.category", "res.category")}
       OR {f["distinct"].format("loyalty_loyaltyprofile.services_due", "res.due")}
       OR {f["distinct"].format("loyalty_loyaltyprofile.services_done", "res.done")}
       OR {f["distinct"].format("loyalty_loyaltyprofile.churn_score", "res.score")}
       OR {f["distinct"].format("loyalty_loyaltyprofile.churn_reasons", "res.reasons")}
       OR (loyalty_loyaltyprofile.at_risk_since IS NULL AND res.score >= th.threshold)
       OR (loyalty_loyaltyprofile.at_risk_since IS NOT NULL AND res.score < th.threshold))
"""


def tier_changes_sql() -> str:
    f = _f()
    return f"""
INSERT INTO loyalty_tierchange (customer_id, dealer_id, from_tier_id, to_tier_id, changed_on, reason)
SELECT t.customer_id, t.dealer_id, t.old_tier, best.id, %(today)s, 'recompute'
FROM (
    SELECT p.customer_id, p.dealer_id, p.tier_id AS old_tier, MAX(mt.rank) AS best_rank
    FROM loyalty_loyaltyprofile p
    LEFT JOIN service_customerspend s
           ON s.customer_id = p.customer_id AND s.customer_id >= %(lo)s AND s.customer_id < %(hi)s
    LEFT JOIN loyalty_membershiptier mt
           ON mt.dealer_id = p.dealer_id AND mt.is_active = {f["true"]}
          AND mt.min_spend <= COALESCE(s.total, 0)
          AND {_category_rank("mt.min_category")} <= {_category_rank("p.category")}
    WHERE p.customer_id >= %(lo)s AND p.customer_id < %(hi)s
    GROUP BY p.customer_id, p.dealer_id, p.tier_id
) t
LEFT JOIN loyalty_membershiptier best ON best.dealer_id = t.dealer_id AND best.rank = t.best_rank
WHERE {f["distinct"].format("t.old_tier", "best.id")}
"""


def tier_apply_sql() -> str:
    return """
UPDATE loyalty_loyaltyprofile SET tier_id = tc.to_tier_id, tier_since = %(today)s
FROM loyalty_tierchange tc
WHERE tc.id > %(marker)s AND tc.customer_id = loyalty_loyaltyprofile.customer_id
  AND tc.customer_id >= %(lo)s AND tc.customer_id < %(hi)s
"""
