"""The rules of an owner's standing, in one place: loyalty category, churn risk and its weights, tier order.

Loyalty category (per owner, over the vehicles they own now; recomputed nightly by loyalty.standing_sql)
--------------------------------------------------------------------------------------------------------
* A vehicle's service plan is its model's plan, else the fleet default. Its schedule starts at the purchase
  date (the first visit date when the purchase date is unknown): the first service falls due after
  `first_service_months`, then one every `every_months`.
* A scheduled service has *fallen due* once its date is GRACE_DAYS behind us (the owner had time to come).
  `services_due` = such services of all the owner's vehicles.
* `services_done` = handed-over service orders (first service, maintenance) of each vehicle by its current
  owner, counted (not matched to windows) and capped at that vehicle's due count, summed.
* A vehicle has *lapsed* when a service has fallen due and it has had no service visit here for
  `every_months` + GRACE_DAYS (or never).
* Category: **new** when nothing has fallen due yet; **lost** when every vehicle with a service due has lapsed;
  **regular** when every due service was done here (done = due); **occasional** otherwise.

Churn risk: an additive score 0-100, each reason stored as {"code", "points", "value"}
--------------------------------------------------------------------------------------
| code             | when                                                             | points       | value          |
|------------------|------------------------------------------------------------------|--------------|----------------|
| overdue          | a vehicle's next service date (service.VehicleDue) has passed by | 10 / 20 / 30 | earliest date  |
|                  | 1-30 / 31-90 / more than 90 days                                 |              |                |
| visits_down      | fewer handed-over repair orders (of the vehicles the owner has)  | 15 (20 if    | [last 12,      |
|                  | in the last 12 months than in the 12 months before               | none lately) | the 12 before] |
| complaint_open   | a complaint not yet archived                                     | 20           | how many       |
| complaint_recent | else: a complaint received in the last 180 days                  | 10           | how many       |
| low_survey       | a survey score at or below its questionnaire's alert threshold   | 15           | lowest score   |
|                  | in the last 365 days                                             |              |                |
| vehicle_age      | the owner's youngest vehicle is out of warranty (the longest of  | 10           | age in years   |
|                  | their plans' warranty years)                                     |              |                |
|                  | ... and older than 5 years                                       | 15           |                |
The points add up (at most 30+20+20+15+15 = 100). Owners at or above the dealer's threshold (StandingPolicy,
default WINBACK_THRESHOLD) are *at risk*: the nightly job books a win-back call when they cross it (source
key per month, so at most one a month).

Membership tier: the active tier of the highest rank whose min_spend (<= service.CustomerSpend.total, so
exactly at the threshold qualifies) and min_category (by CATEGORY_ORDER; empty = any) the owner meets.
"""

from django.utils.translation import gettext_lazy as _

from dealercrm.loyalty.choices import LoyaltyCategory

GRACE_DAYS = 60  # an owner has two months after a due date to come in before it counts
WINBACK_THRESHOLD = 60  # default churn score that puts an owner on the at-risk list

# Churn weights (the table above).
OVERDUE_POINTS = ((90, 30), (30, 20), (0, 10))  # (more than N days overdue, points), first match wins
VISITS_DOWN_POINTS = 15
VISITS_STOPPED_POINTS = 20
COMPLAINT_OPEN_POINTS = 20
COMPLAINT_RECENT_POINTS = 10
COMPLAINT_RECENT_DAYS = 180
LOW_SURVEY_POINTS = 15
SURVEY_DAYS = 365
OUT_OF_WARRANTY_POINTS = 10
OLD_VEHICLE_POINTS = 15
OLD_VEHICLE_YEARS = 5
VISIT_WINDOW_DAYS = 365

# "Loyalty at least": lost < new < occasional < regular (an empty requirement accepts every owner).
CATEGORY_ORDER = {
    LoyaltyCategory.LOST: 0,
    LoyaltyCategory.NEW: 1,
    LoyaltyCategory.OCCASIONAL: 2,
    LoyaltyCategory.REGULAR: 3,
}

REASON_LABELS = {
    "overdue": _("Service overdue since %(value)s"),
    "visits_down": _("Fewer visits: %(last)s in the last 12 months, %(before)s in the 12 before"),
    "complaint_open": _("Open complaint (%(value)s)"),
    "complaint_recent": _("Complaint in the last 180 days (%(value)s)"),
    "low_survey": _("Low satisfaction score: %(value)s"),
    "vehicle_age": _("Vehicle out of warranty: %(value)s years old"),
}

TIER_CHANGE_REASONS = {
    "recompute": _("Nightly recompute (spend and loyalty)"),
}

# Default tiers, created for a dealer the first time its tiers are needed: (code, name, rank, %, spend, loyalty).
DEFAULT_TIERS = (
    ("member", _("Member"), 1, "5.00", "0", ""),
    ("silver", _("Silver"), 2, "10.00", "5000", LoyaltyCategory.OCCASIONAL),
    ("gold", _("Gold"), 3, "15.00", "20000", LoyaltyCategory.REGULAR),
)


def reason_label(reason: dict) -> str:
    """The translated sentence for one stored churn reason."""
    code, value = reason.get("code", ""), reason.get("value")
    label = REASON_LABELS.get(code)
    if label is None:
        return str(code)
    if code == "visits_down":
        last, before = [*list(value), 0, 0][:2] if isinstance(value, list | tuple) else (value, "")
        return str(label) % {"last": last, "before": before}
    return str(label) % {"value": value}


def reasons_display(reasons) -> list[dict]:
    """Stored reasons with their label, most points first."""
    rows = [
        {
            "code": r.get("code", ""),
            "points": r.get("points", 0),
            "value": r.get("value"),
            "label": reason_label(r),
        }
        for r in (reasons or [])
        if isinstance(r, dict)
    ]
    return sorted(rows, key=lambda r: -int(r["points"] or 0))
