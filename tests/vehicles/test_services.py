"""vehicles.services: registering, changing hands and odometer readings, straight against the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dealercrm.customers.choices import CustomerClass
from dealercrm.customers.models import Customer, TimelineEntry
from dealercrm.vehicles import services
from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db


def kinds(customer: Customer) -> list[str]:
    return list(TimelineEntry.objects.filter(customer=customer).values_list("kind", flat=True))


@pytest.fixture
def actor(actor_of, advisor):
    return actor_of(advisor)


@pytest.fixture
def owner(make_customer, dealer):
    return make_customer(dealer, name="张三", mobile="13812345678")


def fields(vehicle_model, **extra) -> dict:
    return {
        "vin": VALID_VINS[0],
        "plate": "粤B12345",
        "model": vehicle_model,
        "purchased_on": date(2024, 5, 1),
        **extra,
    }


def test_it_creates_a_vehicle_with_its_owner_ownership_and_timeline(actor, dealer, owner, vehicle_model):
    assert owner.customer_class == CustomerClass.PROSPECT
    vehicle = services.vehicle_create(
        actor=actor,
        dealer=dealer,
        owner=owner,
        fields=fields(vehicle_model, vin=" lsvau218xn2183294 ", plate="粤 b 12345"),
    )
    vehicle.refresh_from_db()
    assert (vehicle.vin, vehicle.vin_tail6, vehicle.plate) == ("LSVAU218XN2183294", "183294", "粤B12345")
    assert vehicle.current_owner == owner
    ownership = Ownership.objects.get(vehicle=vehicle)
    assert (ownership.customer, ownership.started_on, ownership.ended_on) == (owner, date(2024, 5, 1), None)
    owner.refresh_from_db()
    assert owner.customer_class == CustomerClass.OWNER
    assert {"vehicle_added", "ownership_started"} <= set(kinds(owner))


def test_it_records_the_first_visit_as_a_reading(actor, dealer, vehicle_model):
    vehicle = services.vehicle_create(
        actor=actor,
        dealer=dealer,
        fields=fields(vehicle_model, first_visit_on=date(2024, 6, 1), first_visit_km=1200),
    )
    assert list(vehicle.readings.values_list("km", "read_on")) == [(1200, date(2024, 6, 1))]


def test_it_refuses_a_duplicate_vin_at_the_same_dealer(actor, dealer, other_dealer, system, vehicle_model):
    services.vehicle_create(actor=actor, dealer=dealer, fields=fields(vehicle_model))
    with pytest.raises(ValidationError) as caught:
        services.vehicle_create(actor=actor, dealer=dealer, fields=fields(vehicle_model, plate="粤B99999"))
    assert caught.value.message_dict["vin"] == [
        "A vehicle with this VIN is already registered at this dealer."
    ]
    # Another dealer may hold its own record of the same car.
    services.vehicle_create(actor=system, dealer=other_dealer, fields=fields(vehicle_model))
    assert Vehicle.objects.filter(vin=VALID_VINS[0]).count() == 2


def test_it_refuses_a_bad_vin_and_an_owner_of_another_dealer_saving_nothing(
    actor, dealer, other_dealer, make_customer, vehicle_model
):
    with pytest.raises(ValidationError) as caught:
        services.vehicle_create(
            actor=actor, dealer=dealer, fields=fields(vehicle_model, vin="LSVAU218YN2183294")
        )
    assert "check digit" in caught.value.message_dict["vin"][0]
    stranger = make_customer(other_dealer, name="李四", mobile="13900001111")
    with pytest.raises(ValidationError) as caught:
        services.vehicle_create(actor=actor, dealer=dealer, owner=stranger, fields=fields(vehicle_model))
    assert "owner" in caught.value.message_dict
    assert not Vehicle.objects.exists() and not Ownership.objects.exists()


def test_it_keeps_other_dealers_out(actor, other_dealer, vehicle_model):
    with pytest.raises(Http404):
        services.vehicle_create(actor=actor, dealer=other_dealer, fields=fields(vehicle_model))


def test_it_transfers_keeping_the_history(actor, dealer, owner, make_customer, make_vehicle):
    vehicle = make_vehicle(dealer, owner=owner)
    buyer = make_customer(dealer, name="王五", mobile="13700002222")
    new = services.ownership_transfer(actor=actor, vehicle=vehicle, new_owner=buyer, on=date(2025, 3, 1))
    old = Ownership.objects.get(vehicle=vehicle, customer=owner)
    assert (old.started_on, old.ended_on) == (date(2024, 5, 1), date(2025, 3, 1))
    assert (new.customer, new.started_on, new.ended_on) == (buyer, date(2025, 3, 1), None)
    vehicle.refresh_from_db()
    assert vehicle.current_owner == buyer
    assert "ownership_ended" in kinds(owner)
    assert "ownership_started" in kinds(buyer)
    buyer.refresh_from_db()
    assert buyer.customer_class == CustomerClass.OWNER


def test_it_refuses_bad_transfers(actor, dealer, other_dealer, owner, make_customer, make_vehicle):
    vehicle = make_vehicle(dealer, owner=owner)
    stranger = make_customer(other_dealer, name="李四", mobile="13900001111")
    buyer = make_customer(dealer, name="王五", mobile="13700002222")
    cases = [
        (stranger, date(2025, 3, 1), "new_owner"),
        (owner, date(2025, 3, 1), "new_owner"),
        (buyer, date(2024, 4, 30), "on"),  # before the current ownership began
    ]
    for new_owner, on, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.ownership_transfer(actor=actor, vehicle=vehicle, new_owner=new_owner, on=on)
        assert field in caught.value.message_dict
    assert Ownership.objects.filter(vehicle=vehicle).count() == 1


@pytest.fixture
def vehicle(make_vehicle, dealer, owner):
    return make_vehicle(dealer, owner=owner)


def record(actor, vehicle, km, day, **kw):
    return services.odometer_record(actor=actor, vehicle=vehicle, km=km, read_on=day, **kw)


def test_it_refuses_a_reading_below_the_previous_one_with_a_message(actor, vehicle, owner):
    record(actor, vehicle, 12000, date(2025, 1, 10))
    with pytest.raises(ValidationError) as caught:
        record(actor, vehicle, 11000, date(2025, 2, 10))
    assert caught.value.message_dict["km"] == [
        "11,000 km is below the previous reading of 12,000 km on 2025-01-10. "
        "Tick 'meter replaced' if the odometer was changed."
    ]
    assert OdometerReading.objects.filter(vehicle=vehicle).count() == 1
    assert kinds(owner).count("odometer_recorded") == 1


def test_it_accepts_a_lower_reading_when_the_meter_was_replaced(actor, vehicle):
    record(actor, vehicle, 12000, date(2025, 1, 10))
    record(actor, vehicle, 30, date(2025, 2, 10), meter_replaced=True)
    record(actor, vehicle, 900, date(2025, 3, 10))  # counts on from the new meter
    assert list(vehicle.readings.order_by("read_on").values_list("km", flat=True)) == [12000, 30, 900]


def test_it_checks_a_reading_between_two_existing_ones(actor, vehicle):
    record(actor, vehicle, 10000, date(2025, 1, 1))
    record(actor, vehicle, 20000, date(2025, 3, 1))
    with pytest.raises(ValidationError) as caught:
        record(actor, vehicle, 25000, date(2025, 2, 1))
    assert "above the later reading of 20,000 km on 2025-03-01" in caught.value.message_dict["km"][0]
    with pytest.raises(ValidationError):
        record(actor, vehicle, 9000, date(2025, 2, 1))
    record(actor, vehicle, 15000, date(2025, 2, 1))
    assert vehicle.readings.count() == 3


def test_it_refuses_impossible_readings(actor, vehicle):
    with pytest.raises(ValidationError) as caught:
        record(actor, vehicle, 2_000_001, date(2025, 1, 1))
    assert caught.value.message_dict["km"] == ["An odometer reading cannot exceed 2,000,000 km."]
    with pytest.raises(ValidationError) as caught:
        record(actor, vehicle, 100, date(2999, 1, 1))
    assert "read_on" in caught.value.message_dict
    assert not vehicle.readings.exists()
