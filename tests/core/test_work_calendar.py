"""Working days on the Chinese calendar: weekends, public holidays, adjusted workdays, unknown years."""

from datetime import date, datetime

from django.utils import timezone

from dealercrm.core.calendar import (
    add_working_days,
    is_workday,
    next_working_day,
    working_days_between,
    year_is_known,
)
from dealercrm.core.models import CalendarDay, CalendarYear


def test_weekends_are_skipped(db):
    friday = timezone.make_aware(datetime(2026, 11, 20, 15, 0))
    assert add_working_days(friday, 1) == timezone.make_aware(datetime(2026, 11, 23, 15, 0))
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # received on a Saturday


def test_spring_festival_is_skipped_and_its_make_up_saturday_counts(db):
    assert is_workday(date(2026, 2, 14))  # a Saturday made a workday (调休)
    assert not is_workday(date(2026, 2, 16))  # a Monday inside the holiday
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)


def test_national_day_week(db):
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)  # 1-7 October off
    assert next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)  # Saturday 10 October is a workday


def test_a_year_without_data_falls_back_to_monday_to_friday(db):
    assert year_is_known(2026) and not year_is_known(2027)
    assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 8)  # Friday → Monday, no festival known


def test_an_admin_enters_the_next_years_schedule(db):
    CalendarDay.objects.create(day=date(2027, 2, 8), is_workday=False, name="春节")
    CalendarYear.objects.create(year=2027, source="admin")
    assert year_is_known(2027)
    assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 9)


def test_it_counts_working_days_between_two_dates(db):
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == 0


def test_long_spans_agree_with_counting(db):
    for days in (1, 7, 30, 240, 400):
        end = add_working_days(date(2026, 1, 5), days)
        assert working_days_between(date(2026, 1, 5), end) == days
        assert is_workday(end)
