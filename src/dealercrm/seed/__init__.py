"""Demo and benchmark data at any scale: bulk inserts in batches, deterministic for a given --seed.

The seeder writes rows directly (bulk_create), not through the services: the services are for one change at a
time by a person, this is a data load. Every generated identifier is valid (VIN check digit, plate format,
mobile, resident ID checksum), and unique where the database demands it, by construction from a counter.
Owners' vehicles come with their after-sales history (seed.aftersales): handed-over repair orders at the
odometer reading of each visit, per the service plan and the owner's habit (regular / occasional / lost),
each customer's spend, and insurance policies; customers with consents and lunar birthdays for a share.
"""

import random
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count

from dealercrm.customers.models import Customer
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Role
from dealercrm.org.services import dealer_ensure, staff_ensure
from dealercrm.seed import bulk
from dealercrm.seed.dealer_data import DealerData
from dealercrm.service.models import RepairOrder
from dealercrm.vehicles.models import OdometerReading, Vehicle, VehicleModel

GROUP_NAME = "星河汽车集团"
DEMO_DEALERS = [
    ("D01", "星河汽车深圳南山店", "深圳", "粤", "B"),
    ("D02", "星河汽车广州天河店", "广州", "粤", "A"),
]
MORE_CITIES = [
    ("上海", "沪", "A"),
    ("北京", "京", "N"),
    ("杭州", "浙", "A"),
    ("成都", "川", "A"),
    ("武汉", "鄂", "A"),
    ("南京", "苏", "A"),
    ("西安", "陕", "A"),
    ("重庆", "渝", "A"),
]
DEMO_PASSWORD = "dealercrm"
STAFF_ROLES = {
    "manager": [Role.COC_MANAGER, Role.DEALER_GM],
    "agent": [Role.COC_AGENT],
    "sales": [Role.SALES_CONSULTANT],
    "advisor": [Role.SERVICE_ADVISOR],
    "clerk": [Role.INFO_CLERK],
}
CATALOGUE = [
    ("Volkswagen", "帕萨特", "330TSI 精英版"),
    ("Volkswagen", "途观L", "380TSI 四驱旗舰版"),
    ("Volkswagen", "ID.4 CROZZ", "Pure+"),
    ("Toyota", "凯美瑞", "2.0G 豪华版"),
    ("Toyota", "RAV4荣放", "双擎 四驱"),
    ("Honda", "雅阁", "260TURBO 豪华版"),
    ("Honda", "CR-V", "锐·混动 e+"),
    ("BYD", "汉", "EV 冠军版"),
    ("BYD", "宋PLUS", "DM-i 旗舰型"),
    ("Buick", "GL8", "ES陆尊 653T"),
    ("Nissan", "轩逸", "1.6L 悦享版"),
    ("Audi", "A6L", "45 TFSI 臻选动感型"),
    ("BMW", "3系", "325Li M运动套装"),
    ("Geely", "星越L", "2.0TD 旗舰型"),
]
BATCH = 5_000


@dataclass
class SeedReport:
    dealers: int
    created: int
    reused: int
    seconds: float
    rows: int

    def __str__(self) -> str:
        if not self.created:
            return f"seed: reused {self.reused} customers at {self.dealers} dealers ({self.seconds:.1f}s)"
        rate = self.rows / max(self.seconds, 1e-6)
        return (
            f"seed: created {self.created} customers ({self.rows} rows) at {self.dealers} dealers in "
            f"{self.seconds:.1f}s ({rate:,.0f} rows/s); {self.reused} were already there"
        )


def dealer_specs(count: int) -> list[tuple[str, str, str, str, str]]:
    specs = list(DEMO_DEALERS[:count])
    for i in range(len(specs), count):
        city, province, letter = MORE_CITIES[(i - len(DEMO_DEALERS)) % len(MORE_CITIES)]
        specs.append((f"D{i + 1:02d}", f"星河汽车{city}{i + 1:02d}店", city, province, letter))
    return specs


def demo_logins() -> list[tuple[str, str]]:
    """(username, roles) of every demo login, for the demo banner."""
    rows = [("admin", str(Role.ADMIN.label)), ("hq", str(Role.GROUP_HQ.label))]
    for dealer in Dealer.objects.filter(code__in=[d[0] for d in DEMO_DEALERS]).order_by("code"):
        for suffix, roles in STAFF_ROLES.items():
            rows.append((f"{dealer.code}-{suffix}", " + ".join(str(r.label) for r in roles)))
    return rows


def seed(*, dealers: int = 2, customers: int = 4000, seed: int = 1, logins: bool = True) -> SeedReport:
    """Make sure `dealers` dealers hold `customers` customers in all; top up what is missing, never duplicate."""
    started = time.perf_counter()
    specs = dealer_specs(dealers)
    dealer_rows = [
        dealer_ensure(group_name=GROUP_NAME, code=c, name=n, city=city) for c, n, city, _p, _l in specs
    ]
    models = _ensure_catalogue()
    if logins:
        _ensure_logins(dealer_rows)
    existing = dict(
        Customer.objects.filter(dealer__in=dealer_rows).values_list("dealer_id").annotate(n=Count("id"))
    )
    per_dealer = [customers // dealers + (1 if i < customers % dealers else 0) for i in range(dealers)]
    created = rows = 0
    for index, (dealer, spec, wanted) in enumerate(zip(dealer_rows, specs, per_dealer, strict=True)):
        have = existing.get(dealer.pk, 0)
        if have >= wanted:
            continue
        rng = random.Random(seed * 1_000_003 + index * 7_919 + have)
        maker = DealerData(dealer, spec, models, rng, start=have)
        for batch_start in range(have, wanted, BATCH):
            rows += maker.write_batch(min(BATCH, wanted - batch_start))
        created += wanted - have
    bulk.reset_sequences([Customer, Vehicle, OdometerReading, RepairOrder, InsurancePolicy])
    _analyze()
    reused = sum(min(existing.get(d.pk, 0), w) for d, w in zip(dealer_rows, per_dealer, strict=True))
    return SeedReport(dealers, created, reused, time.perf_counter() - started, rows)


def _ensure_catalogue() -> list[VehicleModel]:
    wanted = [
        VehicleModel(brand=b, series=s, trim=t, model_year=y) for b, s, t in CATALOGUE for y in (2022, 2024)
    ]
    VehicleModel.objects.bulk_create(wanted, ignore_conflicts=True)
    return list(VehicleModel.objects.filter(brand__in={b for b, _s, _t in CATALOGUE}).order_by("id"))


def _ensure_logins(dealers: list[Dealer]) -> None:
    staff_ensure(
        username="admin", password=DEMO_PASSWORD, roles=[Role.ADMIN], dealer=None, display_name="系统管理员"
    )
    staff_ensure(
        username="hq", password=DEMO_PASSWORD, roles=[Role.GROUP_HQ], dealer=None, display_name="集团总部"
    )
    for dealer in dealers:
        if dealer.code not in {d[0] for d in DEMO_DEALERS}:
            continue
        for suffix, roles in STAFF_ROLES.items():
            staff_ensure(
                username=f"{dealer.code}-{suffix}", password=DEMO_PASSWORD, roles=roles, dealer=dealer
            )


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
