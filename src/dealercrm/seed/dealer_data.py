"""One dealer's generated customers, vehicles and histories, written batch by batch as raw rows."""

import random
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.db import transaction
from django.utils import timezone
from faker import Faker

from dealercrm.customers.choices import (
    BirthdayCalendar,
    Channel,
    ContactKind,
    CustomerClass,
    CustomerSource,
    Gender,
    Language,
)
from dealercrm.customers.models import Address, Consent, ContactPoint, Customer, Tag, TimelineEntry
from dealercrm.customers.names import pinyin_keys
from dealercrm.org.models import Dealer
from dealercrm.seed import bulk
from dealercrm.seed.aftersales import AfterSales
from dealercrm.seed.generators import complete_vin, resident_id
from dealercrm.vehicles.models import Ownership, Vehicle, VehicleModel

COLOURS = ["白", "黑", "银", "灰", "蓝", "红", "珍珠白", "曜石黑"]
OCCUPATIONS = ["教师", "医生", "工程师", "公务员", "销售", "个体经营", "设计师", "会计", "律师", "程序员", ""]
TAGS = ["VIP", "车队客户", "老客户推荐", "投诉敏感", "家庭用车", "网约车"]
PLATE_SYMBOLS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 34: no I or O
# Per channel: (chance granted, chance asked at all) -- asked but not granted is a withdrawal.
CONSENT_ODDS = {
    "owner": {Channel.SMS: (0.78, 0.9), Channel.PHONE: (0.6, 0.68)},
    "other": {Channel.SMS: (0.45, 0.55), Channel.PHONE: (0.4, 0.5)},
    "address": {Channel.EMAIL: (0.65, 0.78), Channel.WECHAT: (0.72, 0.82)},  # only with such a contact
}
HABITS = ["regular"] * 45 + ["occasional"] * 30 + ["lost"] * 25


def _scramble(n: int, modulus: int) -> int:
    """A bijection on [0, modulus): consecutive counters become random-looking, still unique."""
    return (n * 7_368_787 + 1_234_567) % modulus


class DealerData:
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
        self.tz, self.dt = timezone.get_current_timezone(), bulk.datetime_text()
        self.aftersales = AfterSales(dealer.pk, rng, self.today)
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
                    "birthday_calendar",
                    "language",
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
        moment = datetime.combine(day, dtime(10, 0), tzinfo=self.tz) + timedelta(
            minutes=self.rng.randrange(480)
        )
        return self.dt(moment)

    @transaction.atomic
    def write_batch(self, size: int) -> int:
        rng, dealer, today, now = self.rng, self.dealer, self.today, bulk.db_datetime(timezone.now())
        t = self.tables
        customer_id, vehicle_id = bulk.next_id(Customer), bulk.next_id(Vehicle)
        self.aftersales.start_batch()
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
                BirthdayCalendar.LUNAR if rng.random() < 0.2 else BirthdayCalendar.SOLAR,
                Language.EN if rng.random() < 0.03 else Language.ZH_HANS,
                resident_id(rng, birthday, male) if rng.random() < 0.6 else "",
                rng.choice(OCCUPATIONS),
                customer_class,
                rng.choice(CustomerSource.values[:7]),
                "",
                0,
                self._when(joined),
                now,
            )
            self._contacts(customer_id, n, full, joined, is_owner, now)
            if rng.random() < 0.5:
                t["address"].add(
                    customer_id, "home", "", dealer.city, "", f"科技园路{rng.randrange(1, 300)}号", now, now
                )
            if rng.random() < 0.3:
                t["tag"].add(customer_id, rng.choice(self.tags).pk)
            t["timeline"].add(dealer.pk, customer_id, self._when(joined), "customer_created", name, now, now)
            if is_owner:
                vehicles = []
                for _ in range(1 if rng.random() < 0.85 else 2):
                    purchased = joined + timedelta(days=rng.randrange(0, 20))
                    model = rng.choice(self.models)
                    vin = self._vin(self.vehicle_counter, model.model_year)
                    plate = self._plate(self.vehicle_counter)
                    self.vehicle_counter += 1
                    t["vehicle"].add(vehicle_id, dealer.pk, vin, vin[-6:], plate, model.pk, rng.choice(COLOURS),
                                     purchased, customer_id, now, now)  # fmt: skip
                    t["ownership"].add(vehicle_id, customer_id, purchased, now, now)
                    t["timeline"].add(
                        dealer.pk, customer_id, self._when(purchased), "ownership_started", plate, now, now
                    )
                    vehicles.append((vehicle_id, model.pk, purchased))
                    vehicle_id += 1
                self.aftersales.customer(customer_id, vehicles, rng.choice(HABITS), now)
            customer_id += 1
        return bulk.write(list(t.values()) + list(self.aftersales.tables.values()))

    def _contacts(self, customer_id: int, n: int, full: str, joined: date, is_owner: bool, now: str) -> None:
        """The primary mobile; WeChat and e-mail for a share; consents: SMS granted for most owners, some
        withdrawn, some never asked; e-mail / WeChat consent only for those with such an address."""
        rng, t, dealer_id = self.rng, self.tables, self.dealer.pk
        mobile = self._mobile(n)
        t["contact"].add(dealer_id, customer_id, ContactKind.MOBILE, mobile, mobile[-4:], True,
                         rng.random() < 0.5, rng.random() < 0.02, now, now)  # fmt: skip
        odds = dict(CONSENT_ODDS["owner" if is_owner else "other"])
        if rng.random() < 0.35:
            wechat = f"wx_{full[:10]}{n}"
            t["contact"].add(
                dealer_id, customer_id, ContactKind.WECHAT, wechat, "", False, False, False, now, now
            )
            odds[Channel.WECHAT] = CONSENT_ODDS["address"][Channel.WECHAT]
        if rng.random() < 0.2:
            email = f"{full[:12]}{n}@example.com"
            t["contact"].add(
                dealer_id, customer_id, ContactKind.EMAIL, email, "", False, False, False, now, now
            )
            odds[Channel.EMAIL] = CONSENT_ODDS["address"][Channel.EMAIL]
        for channel, (granted, asked) in odds.items():
            r = rng.random()
            if r < asked:
                source = "到店登记" if r < granted else "客户要求退订"
                t["consent"].add(customer_id, channel, r < granted, self._when(joined), source, now, now)
