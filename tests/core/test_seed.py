"""Demo data: valid identifiers, deterministic, reused on a second run, demo logins in place; service history,
spend, consents, lunar birthdays and insurance policies for the loyalty, care and campaign pages."""

from datetime import timedelta

from django.contrib.auth import authenticate
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from dealercrm.core.validators import normalize_mobile, normalize_plate, normalize_resident_id, normalize_vin
from dealercrm.customers.models import Consent, ContactPoint, Customer
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.seed import DEMO_PASSWORD, demo_logins, seed
from dealercrm.service.choices import OPEN_STATUSES, REPAIR_TYPES, ServiceType
from dealercrm.service.models import CustomerSpend, RepairLine, RepairOrder
from dealercrm.vehicles.models import OdometerReading, Vehicle


def _fingerprint() -> dict:
    return {
        "customers": list(
            Customer.objects.order_by("id").values_list("name", "id_number", "birthday_calendar")
        ),
        "consents": list(
            Consent.objects.order_by("customer_id", "channel").values_list("channel", "granted")
        ),
        "orders": list(
            RepairOrder.objects.order_by("id").values_list("vehicle__vin", "km", "customer_total")
        ),
        "policies": list(InsurancePolicy.objects.order_by("id").values_list("insurer", "ends_on", "premium")),
    }


def _wipe() -> None:
    InsurancePolicy.objects.all().delete()
    RepairOrder.objects.all().delete()
    Vehicle.objects.all().delete()
    Customer.objects.all().delete()


def test_it_makes_valid_identifiers_and_realistic_histories(db):
    report = seed(dealers=2, customers=300, seed=7, logins=False)
    assert report.created == 300
    assert Customer.objects.count() == 300
    for value in ContactPoint.objects.filter(kind="mobile").values_list("value", flat=True):
        assert normalize_mobile(value) == value
    for vin, plate in Vehicle.objects.values_list("vin", "plate"):
        assert normalize_vin(vin) == vin
        assert normalize_plate(plate) == plate
    for id_number in Customer.objects.exclude(id_number="").values_list("id_number", flat=True):
        assert normalize_resident_id(id_number) == id_number
    for vehicle in Vehicle.objects.filter(readings__isnull=False).distinct()[:50]:
        kms = list(vehicle.readings.order_by("read_on", "id").values_list("km", flat=True))
        assert kms == sorted(kms)
    assert OdometerReading.objects.count() > Vehicle.objects.count()


def test_it_hands_over_repair_orders_at_the_readings_of_the_visits(db):
    seed(dealers=2, customers=300, seed=7, logins=False)
    today = timezone.localdate()
    orders = RepairOrder.objects.select_related("reading")
    assert orders.count() > Vehicle.objects.count()
    assert not orders.filter(status__in=OPEN_STATUSES).exists()
    assert not orders.exclude(status="handed_over").exists()
    for order in orders:
        assert order.reading.vehicle_id == order.vehicle_id and order.reading.km == order.km
        assert order.opened_on <= order.handed_over_on < today
        assert order.handed_over_on == timezone.localtime(order.handed_over_at).date()
    types = set(orders.values_list("service_type", flat=True))
    assert {ServiceType.FIRST_SERVICE, ServiceType.MAINTENANCE} <= types and types & set(REPAIR_TYPES)
    lines = RepairLine.objects.values("order").annotate(total=Sum("amount"))
    assert {row["order"]: row["total"] for row in lines} == dict(orders.values_list("id", "total"))


def test_it_keeps_each_customers_spend_equal_to_the_orders(db):
    seed(dealers=2, customers=300, seed=7, logins=False)
    by_customer = RepairOrder.objects.values("customer").annotate(
        total=Sum("customer_total"), orders=Count("id"), last=Max("handed_over_on")
    )
    expected = {r["customer"]: (r["total"], r["orders"], r["last"]) for r in by_customer}
    spend = {s.customer_id: (s.total, s.orders, s.last_order_on) for s in CustomerSpend.objects.all()}
    assert spend == expected


def test_it_spreads_owners_over_regular_occasional_and_lost(db):
    seed(dealers=1, customers=400, seed=5, logins=False)
    today = timezone.localdate()
    services = Q(repair_orders__service_type__in=[ServiceType.FIRST_SERVICE, ServiceType.MAINTENANCE])
    vehicles = Vehicle.objects.filter(purchased_on__lte=today - timedelta(days=3 * 365)).annotate(
        done=Count("repair_orders", filter=services),
        last=Max("repair_orders__handed_over_on", filter=services),
    )
    never_or_long_gone = sum(1 for v in vehicles if v.done == 0 or v.last < today - timedelta(days=540))
    every_year = sum(1 for v in vehicles if v.done >= (today - v.purchased_on).days // 365)
    assert 0.1 < never_or_long_gone / len(vehicles) < 0.5
    assert 0.2 < every_year / len(vehicles) < 0.8


def test_it_records_consents_contacts_and_lunar_birthdays(db):
    seed(dealers=2, customers=400, seed=3, logins=False)
    owners = Customer.objects.filter(customer_class="owner")
    sms = Consent.objects.filter(channel="sms", customer__in=owners)
    assert sms.filter(granted=True).count() > 0.6 * owners.count()
    assert sms.filter(granted=False).exists()  # withdrawn
    assert owners.exclude(consents__channel="sms").exists()  # never asked
    for channel, kind in (("email", "email"), ("wechat", "wechat")):
        consented = Consent.objects.filter(channel=channel, granted=True)
        assert consented.exists()
        assert not consented.exclude(customer__contacts__kind=kind).exists()
    with_birthday = Customer.objects.exclude(birthday=None)
    lunar = with_birthday.filter(birthday_calendar="lunar").count()
    assert 0.1 < lunar / with_birthday.count() < 0.3


def test_it_insures_most_vehicles_with_end_dates_over_the_next_year(db):
    seed(dealers=2, customers=400, seed=3, logins=False)
    today = timezone.localdate()
    current = InsurancePolicy.objects.filter(ends_on__gt=today, ends_on__lte=today + timedelta(days=366))
    assert current.values("vehicle").distinct().count() > 0.75 * Vehicle.objects.count()
    months = {(p.year, p.month) for p in current.values_list("ends_on", flat=True)}
    assert len(months) >= 12
    assert current.filter(renewal_of__isnull=False).exists()
    for policy in InsurancePolicy.objects.filter(renewal_of__isnull=False).select_related("renewal_of"):
        assert (
            policy.renewal_of.ends_on == policy.starts_on
            and policy.renewal_of.vehicle_id == policy.vehicle_id
        )
    assert not InsurancePolicy.objects.exclude(customer_id=F("vehicle__current_owner_id")).exists()


def test_the_same_seed_gives_the_same_data(db):
    seed(dealers=1, customers=50, seed=3, logins=False)
    first = _fingerprint()
    _wipe()
    seed(dealers=1, customers=50, seed=3, logins=False)
    assert _fingerprint() == first


def test_a_second_run_reuses_and_tops_up(db):
    seed(dealers=2, customers=100, seed=1, logins=False)
    counts = (RepairOrder.objects.count(), InsurancePolicy.objects.count(), Consent.objects.count())
    again = seed(dealers=2, customers=100, seed=1, logins=False)
    assert again.created == 0 and again.reused == 100
    assert (RepairOrder.objects.count(), InsurancePolicy.objects.count(), Consent.objects.count()) == counts
    more = seed(dealers=2, customers=160, seed=1, logins=False)
    assert more.created == 60 and Customer.objects.count() == 160
    assert ContactPoint.objects.values("dealer", "value").distinct().count() == ContactPoint.objects.count()
    assert RepairOrder.objects.count() > counts[0]
    assert CustomerSpend.objects.count() == RepairOrder.objects.values("customer").distinct().count()
    assert not RepairOrder.objects.exclude(customer_id=F("vehicle__current_owner_id")).exists()


def test_demo_logins_work_with_the_demo_password(db, settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    seed(dealers=2, customers=10, seed=1, logins=True)
    names = [name for name, _roles in demo_logins()]
    assert {
        "admin",
        "hq",
        "D01-manager",
        "D01-agent",
        "D01-sales",
        "D01-advisor",
        "D01-clerk",
        "D02-agent",
    } <= set(names)
    assert authenticate(username="D01-agent", password=DEMO_PASSWORD) is not None
