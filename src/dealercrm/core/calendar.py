"""The Chinese working-day calendar: every SLA and "next working day" in the product goes through here.

Weekdays are working days and weekends are not, except for the days in CalendarDay (public holidays, and the
weekend days the State Council makes workdays). Years absent from CalendarYear fall back to plain Monday-Friday;
`year_is_known` lets pages warn about it.
"""

from datetime import date, datetime, timedelta

from dealercrm.core.models import CalendarDay, CalendarYear


def _exceptions(start: date, end: date) -> dict[date, bool]:
    return dict(CalendarDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_workday"))


def _is_workday(day: date, exceptions: dict[date, bool]) -> bool:
    return exceptions.get(day, day.weekday() < 5)


def is_workday(day: date) -> bool:
    return _is_workday(day, _exceptions(day, day))


def year_is_known(year: int) -> bool:
    return CalendarYear.objects.filter(year=year).exists()


def _span(days: int) -> int:
    """Calendar days that surely contain `days` working days (Spring Festival: 9 days off, plus weekends)."""
    return days * 2 + 20


def add_working_days(moment: datetime | date, days: int) -> datetime | date:
    """`moment` moved forward by `days` working days, keeping the time of day (one query).

    Friday 15:00 + 1 → Monday 15:00; a complaint received on a Saturday + 1 → Monday at that time.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    start = moment.date() if isinstance(moment, datetime) else moment
    horizon = start + timedelta(days=_span(days))
    exceptions = _exceptions(start, horizon)
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if day > horizon:  # only for very long spans: fetch the next stretch
            horizon = day + timedelta(days=_span(left))
            exceptions |= _exceptions(day, horizon)
        if _is_workday(day, exceptions):
            left -= 1
    if isinstance(moment, datetime):
        return moment + timedelta(days=(day - start).days)
    return day


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    return add_working_days(day, 1)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    return sum(
        1 for i in range(1, (end - start).days + 1) if _is_workday(start + timedelta(days=i), exceptions)
    )
