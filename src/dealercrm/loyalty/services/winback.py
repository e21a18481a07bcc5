"""Win-back calls: a follow-up event of kind "win_back" per at-risk owner, at most one a month.

The source key f"loyalty.winback:{customer_id}:{yyyy-mm}" makes the event idempotent per month, whether the
manager books it from the at-risk list or the nightly recompute does when the owner crosses the threshold.
"""

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dealercrm.followups.choices import EventKind
from dealercrm.followups.models import TaskPurpose
from dealercrm.followups.services import record_events
from dealercrm.loyalty.models import LoyaltyProfile, StandingPolicy
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

MAX_PER_REQUEST = 5000


def winback_key(customer_id: int, on: date) -> str:
    return f"loyalty.winback:{customer_id}:{on:%Y-%m}"


def _book(customer_ids: list[int], on: date) -> tuple[int, int]:
    """(customers booked now, customers who already had this month's call)."""
    keys = {winback_key(c, on): c for c in customer_ids}
    had = set(
        TaskPurpose.objects.filter(event_kind=EventKind.WIN_BACK, source__in=list(keys)).values_list(
            "source", flat=True
        )
    )
    events = [(c, None, on, key) for key, c in keys.items() if key not in had]
    if events:
        record_events(kind=EventKind.WIN_BACK, events=events)
    return len(events), len({keys[k] for k in had})


@transaction.atomic
def winback_calls_create(*, actor: Actor, customer_ids, on: date | None = None) -> tuple[int, int]:
    """Book a win-back call for these owners (the actor's dealer only: others are ignored).
    Returns (booked now, already had one this month)."""
    actor.require(Perm.MANAGE_LOYALTY)
    on = on or timezone.localdate()
    wanted = {int(c) for c in customer_ids}
    if not wanted:
        return 0, 0
    ids = list(
        actor.scope(LoyaltyProfile.objects.filter(customer_id__in=wanted)).values_list(
            "customer_id", flat=True
        )
    )
    return _book(sorted(ids)[:MAX_PER_REQUEST], on)


def winback_record_crossers(*, on: date) -> int:
    """Nightly: owners who reached their dealer's threshold today get a win-back call (unless the dealer turned
    the nightly calls off). An owner computed for the first time today is not a crossing: the first run over a
    dealer's whole history must not flood the call queue; the at-risk list shows them to the managers.
    Returns the customers booked now."""
    calls_off = StandingPolicy.objects.filter(dealer_id=OuterRef("dealer_id"), winback_calls=False)
    this_month = TaskPurpose.objects.filter(
        event_kind=EventKind.WIN_BACK,
        customer_id=OuterRef("customer_id"),
        source__startswith="loyalty.winback:",
    ).filter(Q(occurred_on__year=on.year, occurred_on__month=on.month))
    ids = list(
        LoyaltyProfile.objects.filter(at_risk_since=on)
        .exclude(created_on=on)
        .filter(~Exists(calls_off), ~Exists(this_month))
        .values_list("customer_id", flat=True)
    )
    booked = 0
    for start in range(0, len(ids), MAX_PER_REQUEST):
        booked += _book(ids[start : start + MAX_PER_REQUEST], on)[0]
    return booked
