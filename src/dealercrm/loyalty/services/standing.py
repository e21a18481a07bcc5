"""The nightly standing: category, churn risk and tier of every owner, set-based (SQL: loyalty.standing_sql).

The customer ids are walked in ranges (one batch of statements per range, never one query per customer), then
the owners who crossed their dealer's win-back threshold today get a win-back call.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef

from dealercrm.customers.models import Customer
from dealercrm.loyalty import standing_sql as q
from dealercrm.loyalty.models import MembershipTier, TierChange
from dealercrm.loyalty.services.tiers import tiers_ensure_defaults
from dealercrm.loyalty.services.winback import winback_record_crossers
from dealercrm.org.models import Dealer

SQLITE_BATCH = 20_000
POSTGRES_BATCH = 100_000


def _execute(sql: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _ensure_tiers() -> int:
    """Dealers without any tier get the defaults (one query when every dealer has tiers)."""
    bare = Dealer.objects.filter(~Exists(MembershipTier.objects.filter(dealer=OuterRef("pk"))))
    return sum(len(tiers_ensure_defaults(dealer)) for dealer in bare)


@transaction.atomic
def standing_recompute(*, on: date, batch: int | None = None, winback: bool = True) -> dict[str, int]:
    """Category → churn → tier for every customer who owns a vehicle, as of `on`; idempotent for a date."""
    batch = batch or (POSTGRES_BATCH if connection.vendor == "postgresql" else SQLITE_BATCH)
    counts = {"tiers_created": _ensure_tiers(), "batches": 0, "profiles_created": 0, "changed": 0}
    counts.update({"tier_changes": 0, "winback_calls": 0})
    bounds = Customer.objects.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return counts
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a batch job: sort in memory, no JIT for plans run once a batch
            cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
    base = q.Dates(on).params()
    base["marker"] = TierChange.objects.aggregate(m=Max("id"))["m"] or 0
    statements = (q.insert_profiles_sql(), q.standing_update_sql(), q.tier_changes_sql(), q.tier_apply_sql())
    for lo in range(bounds["lo"], bounds["hi"] + 1, batch):
        params = {**base, "lo": lo, "hi": lo + batch}
        created, changed, tier_changes, _applied = (_execute(sql, params) for sql in statements)
        counts["batches"] += 1
        counts["profiles_created"] += created
        counts["changed"] += changed
        counts["tier_changes"] += tier_changes
    if winback:
        counts["winback_calls"] = winback_record_crossers(on=on)
    return counts
