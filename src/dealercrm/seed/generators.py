"""Realistic, valid demo identifiers: VINs with the right check digit, plates of real formats, people."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from vininfo import Vin

from dealercrm.service.choices import SERVICE_TYPES, Concern, ServiceType

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# World manufacturer identifiers of brands built in China.
WMIS = ["LSV", "LFV", "LSG", "LBV", "LVS", "LHG", "LGB", "LVG", "LFM", "LNB", "LGX", "LRW"]
YEAR_CODES = "BCDEFGHJKLMNPRST"  # 2011-2026


def complete_vin(draft: str) -> str:
    """Put the check digit in place 9 of a 17-character draft; vininfo is the judge of which one is right."""
    for check in "0123456789X":
        vin = draft[:8] + check + draft[9:]
        if Vin(vin).verify_checksum(check_year=False):
            return vin
    raise ValueError(f"no check digit fits {draft}")


def random_vin(rng: random.Random, year: int | None = None) -> str:
    year_code = YEAR_CODES[(year - 2011) % len(YEAR_CODES)] if year else rng.choice(YEAR_CODES)
    vds = "".join(rng.choice(VIN_CHARS) for _ in range(5))
    plant = rng.choice("ABCDEFGHJKLMN123456789")
    serial = f"{rng.randrange(1_000_000):06d}"
    return complete_vin(rng.choice(WMIS) + vds + "0" + year_code + plant + serial)


def random_plate(rng: random.Random, province: str = "粤", city_letter: str = "B") -> str:
    if rng.random() < 0.2:  # new-energy, 8 characters: D / F then five more
        return (
            f"{province}{city_letter}{rng.choice('DF')}{rng.choice(PLATE_LETTERS + '0123456789')}"
            f"{rng.randrange(10_000):04d}"
        )
    tail = "".join(rng.choice(PLATE_LETTERS + "0123456789" * 3) for _ in range(5))
    return f"{province}{city_letter}{tail}"


def random_mobile(rng: random.Random) -> str:
    prefix = rng.choice(
        [
            "130",
            "131",
            "132",
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "157",
            "158",
            "159",
            "166",
            "177",
            "180",
            "181",
            "186",
            "187",
            "188",
            "189",
            "199",
        ]
    )
    return prefix + f"{rng.randrange(100_000_000):08d}"


def resident_id(rng: random.Random, birthday: date, male: bool, region: str = "110105") -> str:
    """Region, birth date, two sequence digits, a sex digit (odd for men), then the GB 11643 check."""
    from stdnum.cn import ric

    sex_digit = rng.choice("13579" if male else "02468")
    body = f"{region}{birthday:%Y%m%d}{rng.randrange(100):02d}{sex_digit}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder in the check place


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Plan:
    """A service plan's intervals: first service at km / months, then every km / months."""

    first_km: int
    first_months: int
    every_km: int
    every_months: int
    warranty_years: int


@dataclass(frozen=True)
class Visit:
    day: date
    km: int
    service_type: str
    concern: str


# How an owner keeps the plan: the chance each scheduled service is done here (lost: only the first few).
HABITS = {"regular": 0.97, "occasional": 0.45, "lost": 1.0}
REPAIRS = [  # (service type, weight); warranty only inside the warranty years
    (ServiceType.MINOR_REPAIR, 45),
    (ServiceType.BODY_PAINT, 15),
    (ServiceType.INSURANCE_REPAIR, 15),
    (ServiceType.WARRANTY, 15),
    (ServiceType.MAJOR_REPAIR, 5),
    (ServiceType.ACCESSORY, 5),
]
REPAIR_CONCERNS = [c for c in Concern.values if c != Concern.ROUTINE]


def service_history(
    rng: random.Random, purchased_on: date, today: date, *, habit: str, plan: Plan
) -> list[Visit]:
    """The workshop visits of one vehicle up to yesterday, with odometer km that only go up.

    The owner's real services follow the plan (first at first_km or first_months, then every every_km or
    every_months, whichever comes first, give or take a few weeks); `habit` decides which of them happen here:
    regular owners come for (nearly) every one, occasional ones for about half, lost ones for the first 0-3
    and never again. Repairs come now and then while the owner still comes here.
    """
    rate = rng.uniform(15, 70)  # km a day
    start_km = rng.randrange(5, 60)
    services, day, km, target, months = [], purchased_on, float(start_km), plan.first_km, plan.first_months
    while True:
        by_km = day + timedelta(days=max(30, int((target - km) / rate)))
        due = min(add_months(day, months), by_km) + timedelta(days=rng.randrange(-14, 22))
        if due >= today:
            break
        km += rate * (due - day).days
        services.append(due)
        day, target, months = due, int(km) + plan.every_km, plan.every_months
    if habit == "lost":
        kept = services[: rng.choice((0, 1, 1, 2, 2, 3))]
        leaves = services[len(kept)] if len(kept) < len(services) else today
    else:
        kept = [d for d in services if rng.random() < HABITS[habit]]
        leaves = today
    visits = [(d, ServiceType.FIRST_SERVICE if d == services[0] else ServiceType.MAINTENANCE) for d in kept]
    warranty_ends = add_months(purchased_on, 12 * plan.warranty_years)
    kinds, weights = zip(*REPAIRS, strict=True)
    for _ in range(max(0, (leaves - purchased_on).days) // 365 + 1):
        if rng.random() < 0.3:
            d = purchased_on + timedelta(days=rng.randrange(20, max(21, (leaves - purchased_on).days)))
            kind = rng.choices(kinds, weights)[0]
            if kind == ServiceType.WARRANTY and d > warranty_ends:
                kind = ServiceType.MINOR_REPAIR
            if d < today:
                visits.append((d, kind))
    visits.sort()
    out, last_day, km = [], purchased_on, float(start_km)
    for d, kind in visits:
        km += rate * (d - last_day).days * rng.uniform(0.8, 1.2)
        last_day = d
        concern = Concern.ROUTINE if kind in SERVICE_TYPES else rng.choice(REPAIR_CONCERNS)
        out.append(Visit(d, int(km), kind, concern))
    return out
