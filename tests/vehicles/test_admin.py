"""The admin: the model catalogue is kept there; vehicle corrections go through the service."""

import pytest
from django.urls import reverse

from dealercrm.customers.models import TimelineEntry
from dealercrm.vehicles.models import Vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_customer, dealer):
    return make_customer(dealer, name="张三", mobile="13812345678")


def change_data(vehicle, **extra) -> dict:
    data = {
        "vin": vehicle.vin,
        "plate": vehicle.plate,
        "model": vehicle.model_id,
        "colour": vehicle.colour,
        "purchased_on": "2024-05-01",
        "first_visit_on": "",
        "first_visit_km": "",
    }
    for prefix, total in (("ownerships", vehicle.ownerships.count()), ("readings", 0)):
        data |= {
            f"{prefix}-TOTAL_FORMS": total,
            f"{prefix}-INITIAL_FORMS": total,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    for i, ownership in enumerate(vehicle.ownerships.all()):
        data |= {f"ownerships-{i}-id": ownership.pk, f"ownerships-{i}-vehicle": vehicle.pk}
    return data | extra


def test_it_lists_and_searches_models_and_vehicles(client_for, admin_user, dealer, owner, make_vehicle):
    vehicle = make_vehicle(dealer, owner=owner)
    client = client_for(admin_user)
    models = client.get(reverse("admin:vehicles_vehiclemodel_changelist"), {"q": "帕萨特"})
    assert models.status_code == 200 and "330TSI" in models.content.decode()
    vehicles = client.get(reverse("admin:vehicles_vehicle_changelist"), {"q": vehicle.vin[-6:]})
    assert vehicles.status_code == 200 and "粤B12345" in vehicles.content.decode()
    change = client.get(reverse("admin:vehicles_vehicle_change", args=[vehicle.pk]))
    assert change.status_code == 200 and "张三" in change.content.decode()
    assert client.get(reverse("admin:vehicles_vehicle_history", args=[vehicle.pk])).status_code == 200
    assert client.get(reverse("admin:vehicles_vehicle_add")).status_code == 403


def test_it_saves_corrections_through_the_service(client_for, admin_user, dealer, owner, make_vehicle):
    vehicle = make_vehicle(dealer, owner=owner)
    url = reverse("admin:vehicles_vehicle_change", args=[vehicle.pk])
    response = client_for(admin_user).post(url, change_data(vehicle, plate="粤 b 67890", colour="红"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    vehicle.refresh_from_db()
    assert (vehicle.plate, vehicle.colour) == ("粤B67890", "红")
    assert TimelineEntry.objects.filter(customer=owner, kind="vehicle_updated").exists()


def test_it_refuses_a_bad_vin_or_a_plate_taken_at_the_dealer(client_for, admin_user, dealer, make_vehicle):
    from tests.conftest import VALID_VINS

    vehicle = make_vehicle(dealer)
    make_vehicle(dealer, vin=VALID_VINS[1], plate="粤B99999")
    client = client_for(admin_user)
    url = reverse("admin:vehicles_vehicle_change", args=[vehicle.pk])
    bad_vin = client.post(url, change_data(vehicle, vin="LSVAU218YN2183294"))
    assert bad_vin.status_code == 200 and "check digit" in bad_vin.content.decode()
    taken = client.post(url, change_data(vehicle, plate="粤B99999"))
    assert taken.status_code == 200
    vehicle.refresh_from_db()
    assert (vehicle.vin, vehicle.plate) == (VALID_VINS[0], "粤B12345")
    assert Vehicle.objects.filter(plate="粤B99999").count() == 1
