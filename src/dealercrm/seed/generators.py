"""Realistic, valid demo identifiers: VINs with the right check digit, plates of real formats, people."""

import random
from datetime import date, timedelta

from vininfo import Vin

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


def odometer_history(rng: random.Random, purchased_on: date, today: date) -> list[tuple[date, int]]:
    """Readings at roughly each service visit: a personal km/day rate with some noise."""
    km_per_day = rng.uniform(15, 90)
    readings, day, km = [], purchased_on, rng.randrange(5, 60)
    while True:
        day += timedelta(days=rng.randrange(120, 365))
        if day > today:
            break
        previous = readings[-1][0] if readings else purchased_on
        km += int(km_per_day * (day - previous).days * rng.uniform(0.7, 1.3))
        readings.append((day, km))
    return readings
