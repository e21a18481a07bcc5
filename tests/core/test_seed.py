"""Demo data: valid identifiers, deterministic, reused on a second run, demo logins in place."""

from django.contrib.auth import authenticate

from dealercrm.core.validators import normalize_mobile, normalize_plate, normalize_resident_id, normalize_vin
from dealercrm.customers.models import ContactPoint, Customer
from dealercrm.seed import DEMO_PASSWORD, demo_logins, seed
from dealercrm.vehicles.models import OdometerReading, Vehicle


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
    vehicle = Vehicle.objects.filter(readings__isnull=False).first()
    kms = list(vehicle.readings.order_by("read_on").values_list("km", flat=True))
    assert kms == sorted(kms)
    assert OdometerReading.objects.count() > Vehicle.objects.count()


def test_the_same_seed_gives_the_same_data(db):
    seed(dealers=1, customers=50, seed=3, logins=False)
    first = list(Customer.objects.order_by("id").values_list("name", "id_number"))
    Vehicle.objects.all().delete()
    Customer.objects.all().delete()
    seed(dealers=1, customers=50, seed=3, logins=False)
    assert list(Customer.objects.order_by("id").values_list("name", "id_number")) == first


def test_a_second_run_reuses_and_tops_up(db):
    seed(dealers=2, customers=100, seed=1, logins=False)
    again = seed(dealers=2, customers=100, seed=1, logins=False)
    assert again.created == 0 and again.reused == 100
    more = seed(dealers=2, customers=160, seed=1, logins=False)
    assert more.created == 60 and Customer.objects.count() == 160
    assert ContactPoint.objects.values("dealer", "value").distinct().count() == ContactPoint.objects.count()


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
