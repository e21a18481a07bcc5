"""Daily jobs of the follow-up engine, set-based and idempotent (re-running a date changes nothing).

followups.queue  marks tasks past their window overdue, releases claims agents abandoned, moves missed retry
                 days to today — three UPDATE statements.
followups.care   turns birthdays and purchase anniversaries of the next few days into purposes: one filtered
                 query per kind feeding record_events (batched), never a Python loop over every customer.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from dealercrm.core.jobs import daily_job
from dealercrm.customers.models import Customer
from dealercrm.followups.choices import EventKind, TaskStatus
from dealercrm.followups.models import FollowUpRule, FollowUpTask
from dealercrm.followups.services.events import record_events
from dealercrm.followups.services.queue import CLAIM_TTL
from dealercrm.followups.services.rules import rules_ensure_defaults
from dealercrm.org.models import Dealer
from dealercrm.vehicles.models import Vehicle

CARE_LEAD_DAYS = 3


@daily_job("followups.queue")
def queue_upkeep(on: date) -> dict:
    now = timezone.now()
    open_tasks = FollowUpTask.objects.filter(status=TaskStatus.OPEN)
    overdue = open_tasks.filter(window_end__lt=on, overdue=False).update(overdue=True, updated_at=now)
    released = FollowUpTask.objects.filter(claimed_by__isnull=False, claimed_at__lt=now - CLAIM_TTL).update(
        claimed_by=None, claimed_at=None, updated_at=now
    )
    rolled = open_tasks.filter(next_attempt_on__lt=on).update(next_attempt_on=on, updated_at=now)
    return {"overdue": overdue, "released": released, "retries_rolled": rolled}


def _days(on: date) -> list[date]:
    return [on + timedelta(days=i) for i in range(CARE_LEAD_DAYS + 1)]


def _month_day(field: str, days: list[date]) -> Q:
    """Rows whose `field` falls on one of `days` (month and day); 29 February counts on 28 February."""
    match = Q()
    for day in days:
        match |= Q(**{f"{field}__month": day.month, f"{field}__day": day.day})
        if day.month == 2 and day.day == 28 and not _leap(day.year):
            match |= Q(**{f"{field}__month": 2, f"{field}__day": 29})
    return match


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _this_year(original: date, days: list[date]) -> date:
    for day in days:
        if (original.month, original.day) == (day.month, day.day) or (
            (original.month, original.day) == (2, 29) and (day.month, day.day) == (2, 28)
        ):
            return day
    return days[0]


def _dealers_with_rule(kind: str) -> list[int]:
    """Dealers with an active rule for `kind`: nobody else's rows are read (birthday calls start off)."""
    return list(
        FollowUpRule.objects.filter(event_kind=kind, is_active=True)
        .values_list("dealer_id", flat=True)
        .distinct()
    )


@daily_job("followups.care")
def care_events(on: date) -> dict:
    for dealer in Dealer.objects.exclude(pk__in=FollowUpRule.objects.values("dealer_id")):
        rules_ensure_defaults(dealer=dealer)  # a dealer added since: its default rules, as on a first event
    days = _days(on)
    born = bought = 0
    dealers = _dealers_with_rule(EventKind.CARE_BIRTHDAY)
    if dealers:
        rows = Customer.objects.filter(_month_day("birthday", days), dealer_id__in=dealers)
        events = [(pk, None, _this_year(b, days), f"customers.customer:{pk}:birthday:{_this_year(b, days).year}")
                  for pk, b in rows.values_list("id", "birthday").iterator(chunk_size=5000)]  # fmt: skip
        born = record_events(kind=EventKind.CARE_BIRTHDAY, events=events)
    dealers = _dealers_with_rule(EventKind.CARE_ANNIVERSARY)
    if dealers:
        rows = Vehicle.objects.filter(
            _month_day("purchased_on", days), dealer_id__in=dealers, current_owner__isnull=False
        ).exclude(purchased_on__gte=on - timedelta(days=300))
        events = [
            (owner, pk, _this_year(p, days), f"vehicles.vehicle:{pk}:anniversary:{_this_year(p, days).year}")
            for pk, owner, p in rows.values_list("id", "current_owner_id", "purchased_on").iterator(
                chunk_size=5000
            )
        ]
        bought = record_events(kind=EventKind.CARE_ANNIVERSARY, events=events)
    return {"birthday_purposes": born, "anniversary_purposes": bought}
