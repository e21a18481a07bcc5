"""After-sales history of the generated vehicles: odometer readings taken at workshop visits, the handed-over
repair orders of those visits (with their lines and timeline rows), each customer's spend, insurance policies.

Written as raw rows like the rest of the seeder (COPY / executemany), ids allocated per batch, so that a
repair order points at the odometer reading of its visit and a renewed policy at the one it renews.
"""

import random
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

from django.utils import timezone

from dealercrm.customers.models import TimelineEntry
from dealercrm.insurance.choices import PolicyKind
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.seed import bulk
from dealercrm.seed.generators import Plan, Visit, add_months, service_history
from dealercrm.service.choices import Approval, LineKind, OrderStatus, Payer, ServiceType
from dealercrm.service.models import CustomerSpend, RepairLine, RepairOrder, ServicePlan
from dealercrm.vehicles.choices import OdometerSource
from dealercrm.vehicles.models import OdometerReading

LABOUR_RATE = Decimal("280.00")
# service type -> (labour hours low/high in tenths, parts low/high in yuan, payer, labour text, parts text)
PRICING = {
    ServiceType.FIRST_SERVICE: (10, 10, 300, 450, Payer.WARRANTY, "首保工时", "机油机滤套装"),
    ServiceType.MAINTENANCE: (10, 20, 350, 1500, Payer.CUSTOMER, "保养工时", "机油机滤及保养件"),
    ServiceType.MINOR_REPAIR: (5, 30, 80, 1500, Payer.CUSTOMER, "维修工时", "维修配件"),
    ServiceType.MAJOR_REPAIR: (40, 120, 2000, 15000, Payer.CUSTOMER, "大修工时", "总成配件"),
    ServiceType.BODY_PAINT: (20, 60, 300, 2500, Payer.CUSTOMER, "钣喷工时", "油漆及辅料"),
    ServiceType.INSURANCE_REPAIR: (20, 80, 800, 8000, Payer.INSURANCE, "事故维修工时", "事故配件"),
    ServiceType.WARRANTY: (5, 40, 200, 4000, Payer.WARRANTY, "索赔工时", "索赔配件"),
    ServiceType.ACCESSORY: (5, 10, 300, 3000, Payer.CUSTOMER, "加装工时", "原厂精品附件"),
}
INSURERS = [("PICC", "中国人保财险"), ("PAIC", "平安产险"), ("CPIC", "太平洋产险"), ("CLPC", "国寿财险"),
            ("CCIC", "大地保险")]  # fmt: skip
ONE_DAY = timedelta(days=1)
ORDER_FIELDS = ["id", "dealer", "vehicle", "customer", "service_type", "concern", "km", "reading", "opened_on",
                "status", "status_changed_at", "estimate_approved_at", "quality_checked_at", "handed_over_at",
                "handed_over_on", "total", "customer_total", "created_at", "updated_at"]  # fmt: skip
LINE_FIELDS = ["order", "kind", "description", "quantity", "unit_price", "amount", "payer", "approval",
               "decided_at", "created_at", "updated_at"]  # fmt: skip
POLICY_FIELDS = ["id", "dealer", "customer", "vehicle", "kind", "insurer", "policy_number", "starts_on", "ends_on",
                 "premium", "sold_here", "renewal_of", "created_at", "updated_at"]  # fmt: skip
TIMELINE_FIELDS = ["dealer", "customer", "occurred_at", "kind", "summary", "ref_type", "ref_id", "created_at",
                   "updated_at"]  # fmt: skip


def service_plans() -> tuple[dict[int, Plan], Plan]:
    """Each model's plan and the fleet default (the one with no model), as the seeder needs them."""
    plans, default = {}, Plan(5000, 6, 10000, 12, 3)
    for p in ServicePlan.objects.all():
        plan = Plan(p.first_service_km, p.first_service_months, p.every_km, p.every_months, p.warranty_years)
        if p.model_id is None:
            default = plan
        else:
            plans[p.model_id] = plan
    return plans, default


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


class AfterSales:
    """One dealer's after-sales rows, added vehicle by vehicle; `start_batch` allocates the batch's ids."""

    def __init__(self, dealer_id: int, rng: random.Random, today: date):
        self.dealer_id, self.rng, self.today = dealer_id, rng, today
        self.plans, self.default_plan = service_plans()
        self.labels = {t: str(t.label) for t in ServiceType}
        self.tz, self.dt = timezone.get_current_timezone(), bulk.datetime_text()
        self.tables = {
            "reading": bulk.Table(
                OdometerReading,
                ["id", "vehicle", "km", "read_on", "source", "meter_replaced", "created_at", "updated_at"],
            ),
            "order": bulk.Table(RepairOrder, ORDER_FIELDS),
            "line": bulk.Table(RepairLine, LINE_FIELDS),
            "spend": bulk.Table(
                CustomerSpend,
                ["customer", "dealer", "total", "orders", "last_order_on", "created_at", "updated_at"],
            ),
            "policy": bulk.Table(InsurancePolicy, POLICY_FIELDS),
            "timeline": bulk.Table(TimelineEntry, TIMELINE_FIELDS),
        }

    def start_batch(self) -> None:
        self.reading_id = bulk.next_id(OdometerReading)
        self.order_id = bulk.next_id(RepairOrder)
        self.policy_id = bulk.next_id(InsurancePolicy)

    def _at(self, day: date, hour: int, minutes: int = 0) -> datetime:
        return datetime.combine(day, dtime(hour, minutes), tzinfo=self.tz)

    def customer(self, customer_id: int, vehicles: list[tuple[int, int, date]], habit: str, now: str) -> None:
        """The history of one customer's vehicles [(vehicle id, model id, purchased on)] and their spend."""
        total, orders, last = Decimal(0), 0, None
        for vehicle_id, model_id, purchased in vehicles:
            plan = self.plans.get(model_id, self.default_plan)
            for visit in service_history(self.rng, purchased, self.today, habit=habit, plan=plan):
                paid, handed = self._order(customer_id, vehicle_id, visit, now)
                total, orders = total + paid, orders + 1
                last = handed if last is None or handed > last else last
            self._policies(customer_id, vehicle_id, purchased, now)
        if orders:
            self.tables["spend"].add(customer_id, self.dealer_id, total, orders, last, now, now)

    def _order(self, customer_id: int, vehicle_id: int, visit: Visit, now: str) -> tuple[Decimal, date]:
        rng, t = self.rng, self.tables
        hours_lo, hours_hi, parts_lo, parts_hi, payer, labour_text, parts_text = PRICING[visit.service_type]
        hours = Decimal(rng.randrange(hours_lo, hours_hi + 1)) / 10
        labour = (hours * LABOUR_RATE).quantize(Decimal("0.01"))
        parts = Decimal(rng.randrange(parts_lo, parts_hi + 1))
        customer_pays = labour + parts if payer == Payer.CUSTOMER else Decimal(0)
        reading_id, order_id = self.reading_id, self.order_id
        self.reading_id += 1
        self.order_id += 1
        opened = visit.day
        handed = opened + ONE_DAY if visit.service_type == ServiceType.MAJOR_REPAIR else opened
        if handed >= self.today:
            handed = opened
        minute = rng.randrange(60)
        approved = self.dt(self._at(opened, 9, minute))
        checked = self.dt(self._at(handed, 15, minute))
        handed_at = self.dt(self._at(handed, 17, minute))
        t["reading"].add(
            reading_id, vehicle_id, visit.km, opened, OdometerSource.REPAIR_ORDER, False, now, now
        )
        t["order"].add(order_id, self.dealer_id, vehicle_id, customer_id, visit.service_type, visit.concern,
                       visit.km, reading_id, opened, OrderStatus.HANDED_OVER, handed_at, approved, checked,
                       handed_at, handed, labour + parts, customer_pays, now, now)  # fmt: skip
        t["line"].add(order_id, LineKind.LABOUR, labour_text, hours, LABOUR_RATE, labour, payer,
                      Approval.APPROVED, approved, now, now)  # fmt: skip
        t["line"].add(order_id, LineKind.PART, parts_text, Decimal(1), parts, parts, payer, Approval.APPROVED,
                      approved, now, now)  # fmt: skip
        summary = f"RO{order_id:06d} · {self.labels[visit.service_type]} · ¥{customer_pays:,.2f}"
        t["timeline"].add(self.dealer_id, customer_id, handed_at, "service_order_handed_over", summary,
                          "service.repairorder", order_id, now, now)  # fmt: skip
        return customer_pays, handed

    def _policies(self, customer_id: int, vehicle_id: int, purchased: date, now: str) -> None:
        """Most vehicles: the current commercial policy, renewed each year on the purchase anniversary (so the
        end dates spread over the next 12 months); some also the previous year's, which the current renews."""
        rng = self.rng
        if rng.random() >= 0.85 or purchased >= self.today:
            return
        years = max(0, (self.today - purchased).days // 365 - 1)
        starts = add_years(purchased, years)
        while add_years(starts, 1) <= self.today:
            starts = add_years(starts, 1)
        previous = None
        if starts > purchased and rng.random() < 0.5:
            previous = self._policy(customer_id, vehicle_id, add_years(starts, -1), starts, None, now)
        self._policy(customer_id, vehicle_id, starts, add_years(starts, 1), previous, now)

    def _policy(self, customer_id, vehicle_id, starts: date, ends: date, renews: int | None, now: str) -> int:
        rng, policy_id = self.rng, self.policy_id
        self.policy_id += 1
        code, insurer = INSURERS[rng.randrange(len(INSURERS))]
        premium = Decimal(rng.randrange(2500, 9000))
        self.tables["policy"].add(policy_id, self.dealer_id, customer_id, vehicle_id, PolicyKind.COMMERCIAL,
                                  insurer, f"{code}{starts.year}{policy_id:010d}", starts, ends, premium,
                                  rng.random() < 0.7, renews, now, now)  # fmt: skip
        return policy_id
