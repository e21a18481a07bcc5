"""Demo and benchmark data at any scale: bulk inserts in batches, deterministic for a given --seed.

The seeder writes rows directly (bulk_create), not through the services: the services are for one change at a
time by a person, this is a data load. Every generated identifier is valid (VIN check digit, plate format,
mobile, resident ID checksum), and unique where the database demands it, by construction from a counter.
"""

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from faker import Faker

from dealercrm.customers.choices import Channel, ContactKind, CustomerClass, CustomerSource, Gender
from dealercrm.customers.models import Address, Consent, ContactPoint, Customer, Tag, TimelineEntry
from dealercrm.customers.names import pinyin_keys
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Role
from dealercrm.org.services import dealer_ensure, staff_ensure
from dealercrm.seed import bulk
from dealercrm.seed.generators import complete_vin, odometer_history, resident_id
from dealercrm.vehicles.choices import OdometerSource
from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleModel

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
COLOURS = ["白", "黑", "银", "灰", "蓝", "红", "珍珠白", "曜石黑"]
OCCUPATIONS = ["教师", "医生", "工程师", "公务员", "销售", "个体经营", "设计师", "会计", "律师", "程序员", ""]
TAGS = ["VIP", "车队客户", "老客户推荐", "投诉敏感", "家庭用车", "网约车"]
PLATE_SYMBOLS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 34: no I or O
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
        maker = _DealerData(dealer, spec, models, rng, start=have)
        for batch_start in range(have, wanted, BATCH):
            rows += maker.write_batch(min(BATCH, wanted - batch_start))
        created += wanted - have
    bulk.reset_sequences([Customer, Vehicle])
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


def _scramble(n: int, modulus: int) -> int:
    """A bijection on [0, modulus): consecutive counters become random-looking, still unique."""
    return (n * 7_368_787 + 1_234_567) % modulus


class _DealerData:
    """Generates one dealer's customers batch by batch; identifiers derive from a running counter."""

    def __init__(
        self, dealer: Dealer, spec: tuple, models: list[VehicleModel], rng: random.Random, start: int
    ):
        self.dealer, self.models, self.rng, self.counter = dealer, models, rng, start
        self.province, self.city_letter = spec[3], spec[4]
        self.vehicle_counter = Vehicle.objects.filter(dealer=dealer).count()
        people = Faker("zh_CN").provider("faker.providers.person")
        self.surnames, self.given = list(people.last_names), list(people.first_names)
        self.tags = self._ensure_tags()
        self.today = timezone.localdate()
        self.pinyin_cache: dict[str, tuple[str, str]] = {}
        self.tables = {
            "customer": bulk.Table(
                Customer,
                [
                    "id",
                    "dealer",
                    "kind",
                    "name",
                    "name_pinyin",
                    "name_initials",
                    "gender",
                    "birthday",
                    "id_number",
                    "occupation",
                    "customer_class",
                    "source",
                    "note",
                    "data_quality",
                    "created_at",
                    "updated_at",
                ],
            ),
            "contact": bulk.Table(
                ContactPoint,
                [
                    "dealer",
                    "customer",
                    "kind",
                    "value",
                    "tail4",
                    "is_primary",
                    "verified",
                    "wrong_number",
                    "created_at",
                    "updated_at",
                ],
            ),
            "consent": bulk.Table(
                Consent,
                ["customer", "channel", "granted", "recorded_at", "source", "created_at", "updated_at"],
            ),
            "address": bulk.Table(
                Address,
                ["customer", "kind", "province", "city", "district", "line", "created_at", "updated_at"],
            ),
            "tag": bulk.Table(Customer.tags.through, ["customer", "tag"]),
            "vehicle": bulk.Table(
                Vehicle,
                [
                    "id",
                    "dealer",
                    "vin",
                    "vin_tail6",
                    "plate",
                    "model",
                    "colour",
                    "purchased_on",
                    "current_owner",
                    "created_at",
                    "updated_at",
                ],
            ),
            "ownership": bulk.Table(
                Ownership, ["vehicle", "customer", "started_on", "created_at", "updated_at"]
            ),
            "reading": bulk.Table(
                OdometerReading,
                ["vehicle", "km", "read_on", "source", "meter_replaced", "created_at", "updated_at"],
            ),
            "timeline": bulk.Table(
                TimelineEntry,
                ["dealer", "customer", "occurred_at", "kind", "summary", "created_at", "updated_at"],
            ),
        }

    def _ensure_tags(self) -> list[Tag]:
        Tag.objects.bulk_create([Tag(dealer=self.dealer, name=n) for n in TAGS], ignore_conflicts=True)
        return list(Tag.objects.filter(dealer=self.dealer, name__in=TAGS))

    def _pinyin(self, name: str) -> tuple[str, str]:
        if name not in self.pinyin_cache:
            self.pinyin_cache[name] = pinyin_keys(name)
        return self.pinyin_cache[name]

    def _mobile(self, n: int) -> str:
        prefixes = ("138", "139", "136", "158", "186", "188", "135", "177", "159", "189")
        return prefixes[n % len(prefixes)] + f"{_scramble(n // len(prefixes), 10**8):08d}"

    def _plate(self, n: int) -> str:
        """One in five is a new-energy plate (D/F, a letter or digit, four digits); the rest classic."""
        if n % 5 == 0:
            x = _scramble(n // 5, 2 * 34 * 10**4)
            return f"{self.province}{self.city_letter}{'DF'[x % 2]}{PLATE_SYMBOLS[x // 2 % 34]}{x // 68:04d}"
        x = _scramble(n - n // 5 - 1, 34**5)
        chars = []
        for _ in range(5):
            x, r = divmod(x, 34)
            chars.append(PLATE_SYMBOLS[r])
        return f"{self.province}{self.city_letter}{''.join(chars)}"

    def _vin(self, n: int, year: int) -> str:
        rng = self.rng
        vds = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(5))
        year_code = "BCDEFGHJKLMNPRST"[(year - 2011) % 16]
        plant = "ABCDEFGHJKLMN123456789"[n // 1_000_000 % 22]
        return complete_vin(
            rng.choice(["LSV", "LFV", "LSG", "LVG", "LGB", "LHG"])
            + vds
            + "0"
            + year_code
            + plant
            + f"{_scramble(n % 1_000_000, 10**6):06d}"
        )

    def _when(self, day: date) -> str:
        moment = datetime.combine(day, dtime(10, 0)) + timedelta(minutes=self.rng.randrange(480))
        return bulk.db_datetime(timezone.make_aware(moment))

    @transaction.atomic
    def write_batch(self, size: int) -> int:
        rng, dealer, today, now = self.rng, self.dealer, self.today, bulk.db_datetime(timezone.now())
        t = self.tables
        customer_id, vehicle_id = bulk.next_id(Customer), bulk.next_id(Vehicle)
        for _ in range(size):
            n = self.counter
            self.counter += 1
            male = rng.random() < 0.62
            name = rng.choice(self.surnames) + rng.choice(self.given)
            full, initials = self._pinyin(name)
            birthday = date(rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
            is_owner = rng.random() < 0.75
            joined = today - timedelta(days=rng.randrange(30, 3650))
            customer_class = (
                CustomerClass.OWNER
                if is_owner
                else (CustomerClass.LOST if rng.random() < 0.2 else CustomerClass.PROSPECT)
            )
            t["customer"].add(
                customer_id,
                dealer.pk,
                "person",
                name,
                full,
                initials,
                Gender.MALE if male else Gender.FEMALE,
                birthday if rng.random() < 0.8 else None,
                resident_id(rng, birthday, male) if rng.random() < 0.6 else "",
                rng.choice(OCCUPATIONS),
                customer_class,
                rng.choice(CustomerSource.values[:7]),
                "",
                0,
                self._when(joined),
                now,
            )
            mobile = self._mobile(n)
            t["contact"].add(
                dealer.pk,
                customer_id,
                ContactKind.MOBILE,
                mobile,
                mobile[-4:],
                True,
                rng.random() < 0.5,
                rng.random() < 0.02,
                now,
                now,
            )
            if rng.random() < 0.3:
                t["contact"].add(
                    dealer.pk,
                    customer_id,
                    ContactKind.WECHAT,
                    f"wx_{full[:10]}{n}",
                    "",
                    False,
                    False,
                    False,
                    now,
                    now,
                )
            if rng.random() < 0.2:
                t["contact"].add(
                    dealer.pk,
                    customer_id,
                    ContactKind.EMAIL,
                    f"{full[:12]}{n}@example.com",
                    "",
                    False,
                    False,
                    False,
                    now,
                    now,
                )
            for channel in rng.sample(Channel.values, rng.randrange(0, 4)):
                t["consent"].add(
                    customer_id, channel, rng.random() < 0.85, self._when(joined), "到店登记", now, now
                )
            if rng.random() < 0.5:
                t["address"].add(
                    customer_id, "home", "", dealer.city, "", f"科技园路{rng.randrange(1, 300)}号", now, now
                )
            if rng.random() < 0.3:
                t["tag"].add(customer_id, rng.choice(self.tags).pk)
            t["timeline"].add(dealer.pk, customer_id, self._when(joined), "customer_created", name, now, now)
            if is_owner:
                for _ in range(1 if rng.random() < 0.85 else 2):
                    purchased = joined + timedelta(days=rng.randrange(0, 20))
                    model = rng.choice(self.models)
                    vin = self._vin(self.vehicle_counter, model.model_year)
                    plate = self._plate(self.vehicle_counter)
                    self.vehicle_counter += 1
                    t["vehicle"].add(
                        vehicle_id,
                        dealer.pk,
                        vin,
                        vin[-6:],
                        plate,
                        model.pk,
                        rng.choice(COLOURS),
                        purchased,
                        customer_id,
                        now,
                        now,
                    )
                    t["ownership"].add(vehicle_id, customer_id, purchased, now, now)
                    t["timeline"].add(
                        dealer.pk, customer_id, self._when(purchased), "ownership_started", plate, now, now
                    )
                    for read_on, km in odometer_history(rng, purchased, today):
                        t["reading"].add(
                            vehicle_id, km, read_on, OdometerSource.REPAIR_ORDER, False, now, now
                        )
                    vehicle_id += 1
            customer_id += 1
        return bulk.write(list(t.values()))
