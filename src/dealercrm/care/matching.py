"""Who has an occasion on given days: filtered querysets built from care.calendar's date lists.

Shared by the daily job (one target day) and the upcoming page (30 days). Every filter is `field__in=[dates]`
or a range on an indexed date, never a Python loop over customers or vehicles.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from dealercrm.care import calendar as cal
from dealercrm.customers.choices import BirthdayCalendar
from dealercrm.customers.models import Customer
from dealercrm.insurance.choices import RenewalStatus
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.vehicles.models import Vehicle

INSURANCE_DAYS_BEFORE = 30  # the renewal occasion falls 30 days before the policy ends


def solar_births(targets: list[date]) -> dict[date, list[tuple[date, int]]]:
    """birth date → [(greeting day, key year)] for customers keeping a solar birthday."""
    found: dict[date, list[tuple[date, int]]] = defaultdict(list)
    for target in targets:
        for born in cal.solar_birth_dates(target):
            found[born].append((target, target.year))
    return found


def lunar_births(targets: list[date]) -> dict[date, list[tuple[date, int]]]:
    """birth date → [(greeting day, lunar year)] for customers keeping a lunar birthday."""
    found: dict[date, list[tuple[date, int]]] = defaultdict(list)
    for target in targets:
        year, births = cal.lunar_birth_dates(target)
        for born in births:
            found[born].append((target, year))
    return found


def birthday_customers(customers: QuerySet[Customer], kind: str, births) -> QuerySet[Customer]:
    return customers.filter(birthday_calendar=kind, birthday__in=list(births))


def anniversaries(targets: list[date]) -> dict[date, list[date]]:
    found: dict[date, list[date]] = defaultdict(list)
    for target in targets:
        for bought in cal.anniversary_dates(target):
            found[bought].append(target)
    return found


def inspections(targets: list[date]) -> dict[date, list[date]]:
    found: dict[date, list[date]] = defaultdict(list)
    for target in targets:
        for registered in cal.inspection_dates(target):
            found[registered].append(target)
    return found


def owned_vehicles(vehicles: QuerySet[Vehicle], purchase_dates) -> QuerySet[Vehicle]:
    return vehicles.filter(current_owner__isnull=False, purchased_on__in=list(purchase_dates))


def policies_ending(
    policies: QuerySet[InsurancePolicy], first: date, last: date
) -> QuerySet[InsurancePolicy]:
    """Policies ending in [first, last] that are their vehicle's latest of their kind, still held by the
    vehicle's owner, and not already renewed or lost in the renewal pipeline."""
    newer = InsurancePolicy.objects.filter(
        vehicle_id=OuterRef("vehicle_id"), kind=OuterRef("kind"), ends_on__gt=OuterRef("ends_on")
    )
    return (
        policies.filter(ends_on__gte=first, ends_on__lte=last, vehicle__current_owner_id=F("customer_id"))
        .filter(~Exists(newer))
        .exclude(Q(renewal__status__in=[RenewalStatus.RENEWED, RenewalStatus.LOST]))
    )


def insurance_occasion(ends_on: date) -> date:
    return ends_on - timedelta(days=INSURANCE_DAYS_BEFORE)


def insurance_ends(occasion_day: date) -> date:
    return occasion_day + timedelta(days=INSURANCE_DAYS_BEFORE)


SOLAR, LUNAR = BirthdayCalendar.SOLAR, BirthdayCalendar.LUNAR
