"""When is a vehicle next due for service? The rule in plain Python, with its basis, for one vehicle.

The fleet is recomputed by the same rule in SQL (service.due); tests hold the two to the same answer.

1. Driving rate: the median km/day of consecutive reading intervals. An interval is ignored when it ends at a
   meter replacement, spans no day, goes backwards (a typo, or readings out of order) or is implausibly fast
   (over MAX_KM_PER_DAY). With no usable interval the plan's typical rate is used, else the fleet default.
2. Distance: readings after a meter replacement continue the old meter's count (the swap adds no distance),
   so service km keep their meaning.
3. Next service: the first service while no first service or maintenance order has been handed over, else the
   service after the last one. Due on the earlier of the date rule (months after purchase or the last service)
   and the day the predicted odometer reaches the service km (from the latest reading at the driving rate).
"""

import calendar
import itertools
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

FLEET_KM_PER_DAY = 40.0  # when neither the model's plan nor the fleet default plan says otherwise
MAX_KM_PER_DAY = 1000  # faster than this between two readings is a typo, not driving
MAX_PREDICT_DAYS = 3650  # a parked car is not predicted past ten years

IGNORED_REASONS = {
    "replaced": _("meter replaced"),
    "same_day": _("same day"),
    "backwards": _("lower than the reading before"),
    "implausible": _("implausibly fast"),
}
RATE_BASES = {
    "readings": _("median of the odometer readings"),
    "model": _("typical rate of the model's plan"),
    "fleet": _("fleet default rate"),
}


@dataclass(frozen=True)
class Reading:
    id: int
    km: int
    read_on: date
    meter_replaced: bool = False


@dataclass(frozen=True)
class Terms:
    """A resolved plan: the model's own where it has one, else the fleet default."""

    first_km: int
    first_months: int
    every_km: int
    every_months: int
    model_km_per_day: Decimal | None = None  # the model's own plan's typical rate
    fleet_km_per_day: Decimal | None = None  # the fleet default plan's typical rate


@dataclass(frozen=True)
class LastService:
    """The last handed-over first service or maintenance order: its reading (or, without one, its km/date)."""

    reading_id: int | None
    km: int
    on: date


@dataclass(frozen=True)
class Interval:
    start: Reading
    end: Reading
    rate: float | None
    ignored: str = ""  # a key of IGNORED_REASONS

    @property
    def ignored_label(self) -> str:
        return str(IGNORED_REASONS[self.ignored]) if self.ignored else ""


@dataclass
class Prediction:
    km_per_day: float
    rate_basis: str  # a key of RATE_BASES
    intervals: list[Interval] = field(default_factory=list)
    is_first_service: bool = True
    target_km: int | None = None
    anchor_km: int | None = None
    anchor_on: date | None = None
    anchor_assumed: bool = False  # no reading: 0 km on the purchase date
    date_rule_on: date | None = None
    km_rule_on: date | None = None
    due_on: date | None = None

    @property
    def used(self) -> list[Interval]:
        return [i for i in self.intervals if not i.ignored]

    @property
    def rate_basis_label(self) -> str:
        return str(RATE_BASES[self.rate_basis])

    @property
    def km_per_day_display(self) -> Decimal:
        return round_rate(self.km_per_day)

    @property
    def decided_by(self) -> str:
        if self.due_on is None:
            return ""
        return "km" if self.km_rule_on == self.due_on and self.km_rule_on != self.date_rule_on else "date"


def round_rate(rate: float) -> Decimal:
    return Decimal(repr(rate)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (Jan 31 + 1 → Feb 28)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ordered(readings: list[Reading]) -> list[Reading]:
    return sorted(readings, key=lambda r: (r.read_on, r.id))


def intervals(readings: list[Reading]) -> list[Interval]:
    rows = ordered(readings)
    found = []
    for prev, cur in itertools.pairwise(rows):
        days = (cur.read_on - prev.read_on).days
        if cur.meter_replaced:
            found.append(Interval(prev, cur, None, "replaced"))
        elif days <= 0:
            found.append(Interval(prev, cur, None, "same_day"))
        elif cur.km < prev.km:
            found.append(Interval(prev, cur, (cur.km - prev.km) / days, "backwards"))
        elif cur.km - prev.km > MAX_KM_PER_DAY * days:
            found.append(Interval(prev, cur, float(cur.km - prev.km) / days, "implausible"))
        else:
            found.append(Interval(prev, cur, float(cur.km - prev.km) / days))
    return found


def median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return (s[(n + 1) // 2 - 1] + s[(n + 2) // 2 - 1]) / 2


def effective_km(readings: list[Reading]) -> dict[int, int]:
    """Each reading's km on one continuous count: after a replacement, the old meter's last km is carried on."""
    offset, previous, found = 0, None, {}
    for reading in ordered(readings):
        if reading.meter_replaced and previous is not None:
            offset += previous.km - reading.km
        found[reading.id] = reading.km + offset
        previous = reading
    return found


def predict(
    *,
    readings: list[Reading],
    terms: Terms | None,
    last_service: LastService | None = None,
    purchased_on: date | None = None,
    first_visit_on: date | None = None,
) -> Prediction:
    found = intervals(readings)
    rates = [i.rate for i in found if not i.ignored]
    if rates:
        rate, basis = median(rates), "readings"
    elif terms and terms.model_km_per_day is not None:
        rate, basis = float(terms.model_km_per_day), "model"
    elif terms and terms.fleet_km_per_day is not None:
        rate, basis = float(terms.fleet_km_per_day), "fleet"
    else:
        rate, basis = FLEET_KM_PER_DAY, "fleet"
    prediction = Prediction(km_per_day=rate, rate_basis=basis, intervals=found)
    if terms is None:
        return prediction
    rows = ordered(readings)
    eff = effective_km(rows)
    if last_service is None:
        rule_from = purchased_on or first_visit_on or (rows[0].read_on if rows else None)
        prediction.target_km = terms.first_km
        months = terms.first_months
    else:
        rule_from = next((r.read_on for r in rows if r.id == last_service.reading_id), last_service.on)
        prediction.is_first_service = False
        prediction.target_km = eff.get(last_service.reading_id, last_service.km) + terms.every_km
        months = terms.every_months
    if rule_from is None:
        return prediction
    prediction.date_rule_on = add_months(rule_from, months)
    if rows:
        prediction.anchor_km, prediction.anchor_on = eff[rows[-1].id], rows[-1].read_on
    else:
        prediction.anchor_km, prediction.anchor_on = 0, purchased_on or first_visit_on
        prediction.anchor_assumed = True
    if prediction.anchor_on is None:
        pass
    elif prediction.anchor_km >= prediction.target_km:
        prediction.km_rule_on = prediction.anchor_on
    elif rate > 0:
        days = (prediction.target_km - prediction.anchor_km) / rate
        days = MAX_PREDICT_DAYS if days >= MAX_PREDICT_DAYS else math.ceil(days)
        prediction.km_rule_on = prediction.anchor_on + timedelta(days=days)
    prediction.due_on = min(d for d in (prediction.date_rule_on, prediction.km_rule_on) if d is not None)
    return prediction
