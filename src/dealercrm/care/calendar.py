"""The dates of the care calendar, in plain Python: which birth / purchase dates fall on a given day.

Everything the daily job and the upcoming page ask is turned around: instead of computing each customer's next
occasion (a Python loop over every customer), we compute, for one target day, the ~100-200 dates of birth or
purchase whose occasion falls on that day, and let the database match them with `field__in=[...]`.

Lunar birthdays (Customer.birthday holds the solar date of birth, birthday_calendar = "lunar"):
  the birth date is converted to its lunar month/day; the greeting falls on that lunar month/day of the current
  lunar year, converted back to solar. A birth on day 30 of a lunar month is greeted on the month's last day
  when this year's month has 29 days; a birth in a leap month is greeted in the regular month of that number
  (nobody is greeted on a leap-month day). The key's year is the lunar year of the greeting.
Solar birthdays and purchase anniversaries: same month and day; 29 February falls on 28 February in common years.
Festivals: Spring Festival (lunar 1/1), Dragon Boat (lunar 5/5), Mid-Autumn (lunar 8/15), New Year (1 January),
  National Day (1 October).
Annual inspection (China, private passenger cars up to 9 seats, rule of 2022): the registration date is the
  vehicle's purchase date; inspections fall due 6 and 10 years after registration, then every year up to 15
  years, then every 6 months (15.5, 16, 16.5 ...). The due day is the registration's month and day (a 31st
  falls on the month's last day). Commercial and heavy vehicles follow other rules and are not modelled.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from lunardate import LunarDate

FIRST_LUNAR_YEAR = 1900  # lunardate covers lunar years 1900-2099
FIRST_SOLAR_DAY = date(1900, 1, 31)  # lunar 1900-01-01
LAST_LUNAR_YEAR = 2099
OLDEST_VEHICLE_YEARS = 40  # inspections and anniversaries are looked for up to this age

LUNAR_FESTIVALS = {"festival_spring": (1, 1), "festival_dragon_boat": (5, 5), "festival_mid_autumn": (8, 15)}
SOLAR_FESTIVALS = {"festival_new_year": (1, 1), "festival_national_day": (10, 1)}


def is_leap(year: int) -> bool:
    return calendar.isleap(year)


def add_months(day: date, months: int) -> date:
    """`months` calendar months after `day`; a day the target month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(target: date, months: int) -> list[date]:
    """Every date d with add_months(d, months) == target (several when target is a month's last day)."""
    index = target.year * 12 + target.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    if year < 1:
        return []
    last = calendar.monthrange(year, month)[1]
    days = [target.day] if target.day <= last else []
    if target.day == calendar.monthrange(target.year, target.month)[1]:
        days += range(target.day + 1, last + 1)  # 29-31 of a longer month fall on a shorter month's end
    return [date(year, month, d) for d in days]


# --- lunar calendar -----------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _lunar_months(year: int) -> tuple[tuple[int, bool, date, int], ...]:
    """(month, leap, first solar day, days) for each month of a lunar year, in order (public lunardate API)."""
    leap_month = LunarDate.leap_month_for_year(year)
    order = [(m, False) for m in range(1, 13)]
    if leap_month:
        order.insert(order.index((leap_month, False)) + 1, (leap_month, True))
    starts = [LunarDate(year, m, 1, leap).to_solar_date() for m, leap in order]
    nxt = LunarDate(year + 1, 1, 1).to_solar_date() if year < LAST_LUNAR_YEAR else date(2100, 2, 9)
    ends = [*starts[1:], nxt]
    return tuple((m, leap, s, (e - s).days) for (m, leap), s, e in zip(order, starts, ends, strict=True))


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The solar date of a lunar date, or None when that lunar date does not exist."""
    if not FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
        return None
    for m, is_leap_month, start, days in _lunar_months(year):
        if (m, is_leap_month) == (month, leap):
            return start + timedelta(days=day - 1) if 1 <= day <= days else None
    return None


def month_length(year: int, month: int, leap: bool = False) -> int:
    for m, is_leap_month, _start, days in _lunar_months(year):
        if (m, is_leap_month) == (month, leap):
            return days
    return 0


def solar_to_lunar(day: date) -> tuple[int, int, int, bool]:
    """(lunar year, month, day, leap month?) of a solar date."""
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    return lunar.year, lunar.month, lunar.day, bool(lunar.is_leap_month)


def lunar_birthday_in(year: int, born: date) -> date | None:
    """The solar date on which someone born on `born` (solar) is greeted in lunar year `year`."""
    if born < FIRST_SOLAR_DAY:
        return None
    _y, month, day, _leap = solar_to_lunar(born)
    length = month_length(year, month)
    if not length:
        return None
    return lunar_to_solar(year, month, min(day, length))


def lunar_festival(year: int, occasion: str) -> date | None:
    month, day = LUNAR_FESTIVALS[occasion]
    return lunar_to_solar(year, month, day)


def festival_on(occasion: str, day: date) -> bool:
    if occasion in LUNAR_FESTIVALS:
        return lunar_festival(day.year, occasion) == day
    return (day.month, day.day) == SOLAR_FESTIVALS[occasion]


# --- which birth / purchase dates fall on a target day --------------------------------------------------------


def solar_birth_dates(target: date, first_year: int = FIRST_LUNAR_YEAR) -> list[date]:
    """Dates of birth (solar calendar) whose birthday is `target` (29 February → 28 February in common years)."""
    dates = []
    for year in range(first_year, target.year):
        if (target.month, target.day) != (2, 29) or is_leap(year):
            dates.append(date(year, target.month, target.day))
        if (target.month, target.day) == (2, 28) and not is_leap(target.year) and is_leap(year):
            dates.append(date(year, 2, 29))
    return dates


def lunar_birth_dates(target: date) -> tuple[int, list[date]]:
    """(lunar year of `target`, solar dates of birth whose lunar birthday is greeted on `target`)."""
    if target < FIRST_SOLAR_DAY:
        return 0, []
    year, month, day, leap = solar_to_lunar(target)
    if leap:
        return year, []  # births in a leap month are greeted in the regular month
    days = [day]
    if day == month_length(year, month) == 29:
        days.append(30)  # day-30 births are greeted on the last day of a 29-day month
    dates = []
    for born_year in range(FIRST_LUNAR_YEAR, year + 1):
        for born_day in days:
            for born_leap in (False, True):
                solar = lunar_to_solar(born_year, month, born_day, born_leap)
                if solar is not None and solar < target:
                    dates.append(solar)
    return year, dates


def anniversary_dates(target: date) -> list[date]:
    """Purchase dates 1..OLDEST_VEHICLE_YEARS years before `target` with the same month and day."""
    return [d for d in solar_birth_dates(target, target.year - OLDEST_VEHICLE_YEARS) if d.year < target.year]


def inspection_offsets(max_years: int = OLDEST_VEHICLE_YEARS) -> list[int]:
    """Months after registration at which a private car's inspection falls due (see the module docstring)."""
    offsets = [6 * 12, *range(10 * 12, 15 * 12 + 1, 12)]
    offsets += range(15 * 12 + 6, max_years * 12 + 1, 6)
    return offsets


def inspection_dates(target: date) -> list[date]:
    """Registration (purchase) dates whose inspection falls due on `target`."""
    found: list[date] = []
    for months in inspection_offsets():
        found += months_before(target, months)
    return found


def next_inspection(registered: date, after: date) -> date | None:
    """The first inspection due date on or after `after` (for display)."""
    for months in inspection_offsets():
        due = add_months(registered, months)
        if due >= after:
            return due
    return None
