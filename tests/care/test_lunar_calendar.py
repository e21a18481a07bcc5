"""The care calendar's dates: lunar birthdays across years, day 30 in a 29-day month, leap months, festivals,
29 February, and the annual inspection schedule of a private car."""

from datetime import date

import pytest

from dealercrm.care import calendar as cal

BORN_ON_MID_AUTUMN = date(1990, 10, 3)  # lunar 1990-08-15


@pytest.mark.parametrize(
    ("year", "greeted"),
    [
        (2024, date(2024, 9, 17)),
        (2025, date(2025, 10, 6)),
        (2026, date(2026, 9, 25)),
        (2027, date(2027, 9, 15)),
    ],
)
def test_it_greets_a_lunar_birthday_on_its_lunar_day_each_year(year, greeted):
    assert cal.lunar_birthday_in(year, BORN_ON_MID_AUTUMN) == greeted
    lunar_year, births = cal.lunar_birth_dates(greeted)
    assert lunar_year == year
    assert BORN_ON_MID_AUTUMN in births
    assert BORN_ON_MID_AUTUMN not in cal.lunar_birth_dates(greeted.replace(day=greeted.day - 1))[1]


def test_it_finds_about_one_birth_date_per_year_for_a_lunar_day():
    _year, births = cal.lunar_birth_dates(date(2025, 10, 6))
    assert 120 <= len(births) <= 140
    assert all(b < date(2025, 10, 6) for b in births)


BORN_ON_DAY_30 = date(1980, 10, 8)  # lunar 1980-08-30


@pytest.mark.parametrize(
    ("year", "greeted"),
    [
        (2024, date(2024, 10, 2)),
        (2025, date(2025, 10, 20)),
        (2026, date(2026, 10, 9)),
        (2027, date(2027, 9, 29)),
    ],
)
def test_it_greets_a_day_30_birthday_on_the_last_day_of_a_29_day_month(year, greeted):
    # lunar month 8 has 30 days in 2024 and 29 days in 2025-2027
    assert cal.lunar_birthday_in(year, BORN_ON_DAY_30) == greeted
    assert BORN_ON_DAY_30 in cal.lunar_birth_dates(greeted)[1]


def test_a_day_29_birth_is_greeted_on_day_29_not_twice():
    born_29 = cal.lunar_to_solar(1980, 8, 29)
    greeted = cal.lunar_birth_dates(date(2025, 10, 20))[1]  # 2025 8/29, the month's last day
    assert born_29 in greeted and BORN_ON_DAY_30 in greeted
    assert born_29 not in cal.lunar_birth_dates(date(2024, 10, 2))[1]  # 2024 8/30: only day-30 births


def test_a_leap_month_birth_is_greeted_in_the_regular_month():
    born_leap = cal.lunar_to_solar(1995, 8, 15, leap=True)
    assert born_leap == date(1995, 10, 9)
    assert cal.lunar_birthday_in(2025, born_leap) == date(2025, 10, 6)
    assert born_leap in cal.lunar_birth_dates(date(2025, 10, 6))[1]
    dragon_boat_leap = cal.lunar_to_solar(1990, 5, 5, leap=True)
    assert dragon_boat_leap in cal.lunar_birth_dates(date(2025, 5, 31))[1]


def test_nobody_is_greeted_on_a_day_of_a_leap_month():
    # 2025 has a leap sixth month (25 July - 22 August): its days belong to the regular sixth month's people
    assert cal.lunar_birth_dates(date(2025, 7, 25)) == (2025, [])
    assert cal.lunar_to_solar(2025, 6, 1, leap=True) == date(2025, 7, 25)


@pytest.mark.parametrize(
    ("occasion", "dates"),
    [
        ("festival_spring", [date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 6)]),
        ("festival_dragon_boat", [date(2024, 6, 10), date(2025, 5, 31), date(2026, 6, 19), date(2027, 6, 9)]),
        ("festival_mid_autumn", [date(2024, 9, 17), date(2025, 10, 6), date(2026, 9, 25), date(2027, 9, 15)]),
    ],
)
def test_the_lunar_festivals_move_across_years(occasion, dates):
    assert [cal.lunar_festival(d.year, occasion) for d in dates] == dates


def test_a_29_february_birthday_is_on_28_february_in_common_years():
    leap_baby = date(1992, 2, 29)
    assert leap_baby in cal.solar_birth_dates(date(2027, 2, 28))
    assert leap_baby not in cal.solar_birth_dates(date(2028, 2, 28))
    assert leap_baby in cal.solar_birth_dates(date(2028, 2, 29))
    assert date(1992, 2, 28) in cal.solar_birth_dates(date(2028, 2, 28))


def test_a_birthday_needs_a_birth_in_an_earlier_year():
    births = cal.solar_birth_dates(date(2026, 5, 1))
    assert date(2025, 5, 1) in births and date(2026, 5, 1) not in births
    assert len(births) == 2026 - 1900


def test_it_knows_the_inspection_schedule_of_a_private_car():
    registered = date(2020, 5, 10)
    dues = [cal.add_months(registered, m) for m in cal.inspection_offsets()[:9]]
    assert dues == [
        date(2026, 5, 10), date(2030, 5, 10), date(2031, 5, 10), date(2032, 5, 10), date(2033, 5, 10),
        date(2034, 5, 10), date(2035, 5, 10), date(2035, 11, 10), date(2036, 5, 10),
    ]  # fmt: skip
    assert registered in cal.inspection_dates(date(2026, 5, 10))
    assert registered not in cal.inspection_dates(date(2027, 5, 10))  # years 7-9: no inspection
    assert registered in cal.inspection_dates(date(2035, 11, 10))
    assert cal.next_inspection(registered, date(2026, 6, 1)) == date(2030, 5, 10)


def test_a_registration_on_the_31st_is_due_on_a_short_months_last_day():
    registered = date(2010, 8, 31)
    assert cal.add_months(registered, 15 * 12 + 6) == date(2026, 2, 28)
    assert registered in cal.inspection_dates(date(2026, 2, 28))
    assert date(2010, 8, 29) in cal.inspection_dates(date(2026, 2, 28))
