"""Reads of the care calendar, scoped to the actor: the rules and the occasions of the coming days."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from dealercrm.care import matching
from dealercrm.care.calendar import festival_on
from dealercrm.care.choices import FESTIVALS, Occasion
from dealercrm.care.models import CareRule
from dealercrm.customers.choices import CustomerClass
from dealercrm.customers.models import Customer
from dealercrm.followups.models import FollowUpRule
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.org.access import Actor
from dealercrm.vehicles.models import Vehicle

UPCOMING_DAYS = 30


def rules_for(actor: Actor) -> QuerySet[CareRule]:
    return (
        actor.scope(CareRule.objects.all())
        .select_related("dealer", "template", "lunar_template")
        .order_by("dealer__code", "occasion", "action")
    )


def rule_get(actor: Actor, pk: int) -> CareRule:
    return get_object_or_404(rules_for(actor), pk=pk)


def call_rules_off(actor: Actor) -> set[tuple[int, str]]:
    """(dealer, follow-up event kind) pairs with no active follow-up rule: care calls there plan nothing."""
    active = set(
        actor.scope(FollowUpRule.objects.filter(is_active=True))
        .values_list("dealer_id", "event_kind")
        .distinct()
    )
    known = set(actor.scope(FollowUpRule.objects.all()).values_list("dealer_id", "event_kind").distinct())
    return known - active


@dataclass
class Upcoming:
    days: list[date]
    occasions: list[str]
    counts: dict[date, dict[str, int]]  # day → occasion → customers (vehicles for vehicle occasions)

    @property
    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for per_day in self.counts.values():
            for occasion, n in per_day.items():
                totals[occasion] += n
        return {o: totals.get(o, 0) for o in self.occasions}

    def rows(self) -> list[tuple[date, list[int], int]]:
        """(day, count per occasion in column order, day total) for days with anything on."""
        out = []
        for day in self.days:
            values = [self.counts.get(day, {}).get(o, 0) for o in self.occasions]
            if any(values):
                out.append((day, values, sum(values)))
        return out


def _tally(counts, rows, mapping, occasion: str) -> None:
    for key, n in rows:
        for target in mapping.get(key, []):
            day = target[0] if isinstance(target, tuple) else target
            counts[day][occasion] += n


def upcoming(actor: Actor, start: date, days: int = UPCOMING_DAYS) -> Upcoming:
    """How many customers have each occasion on each of the next `days` days (a fixed number of queries:
    date lists `__in`, grouped counts; festivals count the owners)."""
    targets = [start + timedelta(days=i) for i in range(days)]
    customers = actor.scope(Customer.objects.all())
    vehicles = actor.scope(Vehicle.objects.all())
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, births in ((matching.SOLAR, matching.solar_births(targets)),
                         (matching.LUNAR, matching.lunar_births(targets))):  # fmt: skip
        rows = matching.birthday_customers(customers, kind, births).order_by().values_list("birthday")
        _tally(counts, rows.annotate(n=Count("id")), births, Occasion.BIRTHDAY)
    for occasion, dates in ((Occasion.ANNIVERSARY, matching.anniversaries(targets)),
                            (Occasion.INSPECTION, matching.inspections(targets))):  # fmt: skip
        rows = matching.owned_vehicles(vehicles, dates).order_by().values_list("purchased_on")
        _tally(counts, rows.annotate(n=Count("id")), dates, occasion)
    ends = [matching.insurance_ends(t) for t in targets]
    policies = matching.policies_ending(actor.scope(InsurancePolicy.objects.all()), ends[0], ends[-1])
    rows = policies.order_by().values_list("ends_on").annotate(n=Count("vehicle_id", distinct=True))
    _tally(counts, rows, {e: [matching.insurance_occasion(e)] for e in ends}, Occasion.INSURANCE)
    festival_days = [(o, t) for o in FESTIVALS for t in targets if festival_on(o, t)]
    if festival_days:
        owners = customers.filter(customer_class=CustomerClass.OWNER).count()
        for occasion, day in festival_days:
            counts[day][occasion] += owners
    occasions = [Occasion.BIRTHDAY, Occasion.ANNIVERSARY, Occasion.INSURANCE, Occasion.INSPECTION]
    occasions += [o for o in FESTIVALS if any(o == f for f, _d in festival_days)]
    return Upcoming(targets, occasions, counts)
