"""Service levels: the deadlines of a complaint, and how much time is left, on the Chinese working calendar.

Deadlines come from core.calendar.add_working_days. Lists and the analysis page need "working days between"
for many rows at once: WorkdayCounter loads the calendar exceptions of the whole span in one query and answers
exactly as core.calendar.working_days_between does (a test holds the two together).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dealercrm.complaints.choices import Severity
from dealercrm.complaints.models import ComplaintPolicy
from dealercrm.core.calendar import add_working_days
from dealercrm.core.models import CalendarDay, CalendarYear
from dealercrm.org.models import Dealer


def policy_for(dealer: Dealer) -> ComplaintPolicy:
    """The dealer group's policy, or the defaults (3 / 5 / 1 working days, 2000 yuan) when none is stored."""
    policy = ComplaintPolicy.objects.filter(group_id=dealer.group_id).first()
    return policy or ComplaintPolicy(group_id=dealer.group_id)


@dataclass(frozen=True)
class Deadlines:
    first_response_due: datetime
    resolution_due: datetime


def deadlines_for(received_at: datetime, severity: str, policy: ComplaintPolicy) -> Deadlines:
    """Resolution: N working days by severity; first response: 1 working day, or hours for urgent ones."""
    local = timezone.localtime(received_at)
    resolution = add_working_days(local, policy.resolution_days(severity))
    if severity == Severity.URGENT:
        first = local + timedelta(hours=policy.urgent_first_response_hours)
    else:
        first = add_working_days(local, policy.first_response_days)
    return Deadlines(first_response_due=min(first, resolution), resolution_due=resolution)


def unknown_years(moments) -> list[int]:
    """Years among these deadlines with no official schedule on record (Monday-Friday assumed): one query."""
    years = {timezone.localtime(m).year for m in moments if m is not None}
    if not years:
        return []
    known = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return sorted(years - known)


class WorkdayCounter:
    """Working days between many pairs of dates inside [start, end], after one query."""

    def __init__(self, start: date, end: date):
        self.start = start
        self.end = max(start, end)
        exceptions = dict(
            CalendarDay.objects.filter(day__gte=self.start, day__lte=self.end).values_list(
                "day", "is_workday"
            )
        )
        # prefix[i]: working days among start+1 .. start+i
        self.prefix = [0]
        for i in range(1, (self.end - self.start).days + 1):
            day = self.start + timedelta(days=i)
            self.prefix.append(self.prefix[-1] + int(exceptions.get(day, day.weekday() < 5)))

    def _index(self, day: date) -> int:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside {self.start}..{self.end}")
        return (day - self.start).days

    def between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b` (0 when b <= a), as core.calendar counts them."""
        if b <= a:
            return 0
        return self.prefix[self._index(b)] - self.prefix[self._index(a)]


@dataclass(frozen=True)
class TimeLeft:
    text: str
    state: str  # ok / warn / bad / done

    @property
    def css(self) -> str:
        return {"done": "", "ok": "ok", "warn": "warn", "bad": "bad"}[self.state]


def _hours(delta: timedelta, *, up: bool) -> int:
    """Whole hours: rounded up when late (1 min late is "1 h"), down when left ("23 h", never "24 h")."""
    hours = delta.total_seconds() / 3600
    return max(1, math.ceil(hours) if up else math.floor(hours))


def time_left(due: datetime, now: datetime, counter: WorkdayCounter, *, finished: bool = False) -> TimeLeft:
    if finished:
        return TimeLeft(_("done"), "done")
    if due <= now:
        late = now - due
        if late < timedelta(days=1):
            return TimeLeft(_("overdue by %(hours)s h") % {"hours": _hours(late, up=True)}, "bad")
        days = counter.between(timezone.localdate(due), timezone.localdate(now)) or 1
        text = ngettext("overdue by %(days)s working day", "overdue by %(days)s working days", days)
        return TimeLeft(text % {"days": days}, "bad")
    left = due - now
    if left < timedelta(days=1):
        return TimeLeft(_("%(hours)s h left") % {"hours": _hours(left, up=False)}, "warn")
    days = counter.between(timezone.localdate(now), timezone.localdate(due))
    if days <= 1:
        return TimeLeft(_("due next working day"), "warn")
    text = ngettext("%(days)s working day left", "%(days)s working days left", days)
    return TimeLeft(text % {"days": days}, "ok")


def counter_for(moments, now: datetime) -> WorkdayCounter:
    """A counter spanning now and every given moment."""
    days = [timezone.localdate(m) for m in moments if m is not None] + [timezone.localdate(now)]
    return WorkdayCounter(min(days), max(days))
