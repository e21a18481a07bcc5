"""The vehicles REST API: the same rules as the pages, 400s with a message list per field, scope and roles."""

from datetime import date

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleModel
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db
API = "/api/vehicles/"


@pytest.fixture
def owner(make_customer, dealer):
    return make_customer(dealer, name="张三", mobile="13812345678")


@pytest.fixture
def vehicle(make_vehicle, dealer, owner):
    return make_vehicle(dealer, owner=owner)


@pytest.fixture
def api(client_for):
    """api(user) -> (method, url, data) -> response, JSON in and out."""

    def make(user):
        client = client_for(user)

        def call(method: str, url: str, data: dict | None = None):
            if method == "get":
                return client.get(url, data or {})
            return getattr(client, method)(url, data or {}, content_type="application/json")

        return call

    return make


def payload(vehicle_model, **extra) -> dict:
    return {
        "vin": VALID_VINS[1],
        "plate": "粤B54321",
        "model": vehicle_model.pk,
        "colour": "黑",
        "purchased_on": "2024-08-01",
        **extra,
    }


def test_it_lists_the_dealers_vehicles_with_readings(
    api, advisor, vehicle, owner, other_dealer, make_vehicle, django_assert_max_num_queries
):
    make_vehicle(other_dealer, plate="粤A99999", vin=VALID_VINS[2])
    for vin, plate in [(VALID_VINS[3], "粤B00001"), (VALID_VINS[2], "粤B00002")]:
        make_vehicle(
            vehicle.dealer, vin=vin, plate=plate, first_visit_on=date(2024, 6, 1), first_visit_km=100
        )
    call = api(advisor)
    with django_assert_max_num_queries(6):
        response = call("get", API)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [r["km"] for r in body["results"][1]["readings"]] == [100]
    row = body["results"][0]
    assert (
        row["vin"] == vehicle.vin and row["current_owner"] == owner.pk and row["dealer"] == vehicle.dealer_id
    )
    assert row["readings"] == [] and "owner" not in row and "dealer_id" not in row


def test_it_filters_by_plate_vin_model_and_owner(api, advisor, dealer, vehicle, owner, make_vehicle):
    other_model = VehicleModel.objects.create(brand="Volkswagen", series="途观L", model_year=2023)
    second = make_vehicle(dealer, vin=VALID_VINS[3], plate="粤BD12345", model=other_model)
    call = api(advisor)

    def ids(**params):
        return [row["id"] for row in call("get", API, params).json()["results"]]

    assert ids(plate="粤b d12345") == [second.pk]
    assert ids(vin=vehicle.vin.lower()) == [vehicle.pk]
    assert ids(model=other_model.pk) == [second.pk]
    assert ids(current_owner=owner.pk) == [vehicle.pk]
    assert call("get", API, {"model": "x"}).status_code == 400


def test_it_creates_a_vehicle_with_its_owner(api, advisor, owner, vehicle_model):
    response = api(advisor)(
        "post", API, payload(vehicle_model, owner=owner.pk, first_visit_on="2024-09-01", first_visit_km=1500)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["current_owner"] == owner.pk and body["plate"] == "粤B54321"
    assert [r["km"] for r in body["readings"]] == [1500]
    assert Ownership.objects.get(vehicle_id=body["id"]).customer == owner


def test_it_refuses_a_bad_vin_with_a_message_per_field_and_saves_nothing(api, advisor, owner, vehicle_model):
    response = api(advisor)(
        "post", API, payload(vehicle_model, vin="LFV3A23C8J3012345", plate="粤BI12345", owner=owner.pk)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["vin"] == ["This VIN's check digit (9th character) does not match: check for a typo."]
    assert len(body["plate"]) == 1
    assert not Vehicle.objects.exists() and not Ownership.objects.exists()


def test_it_refuses_a_duplicate_vin_and_an_owner_of_another_dealer(
    api, advisor, vehicle, vehicle_model, other_dealer, make_customer
):
    call = api(advisor)
    duplicate = call("post", API, payload(vehicle_model, vin=vehicle.vin))
    assert duplicate.status_code == 400
    assert duplicate.json()["vin"] == ["A vehicle with this VIN is already registered at this dealer."]
    stranger = make_customer(other_dealer, name="李四", mobile="13900001111")
    foreign = call("post", API, payload(vehicle_model, owner=stranger.pk))
    assert foreign.status_code == 400 and "owner" in foreign.json()
    wrong_dealer = call("post", API, payload(vehicle_model, dealer_id=other_dealer.pk))
    assert wrong_dealer.status_code == 400 and "dealer_id" in wrong_dealer.json()
    assert Vehicle.objects.count() == 1


def test_it_updates_a_vehicle_but_not_its_owner(api, advisor, vehicle, make_customer, vehicle_model):
    call = api(advisor)
    url = f"{API}{vehicle.pk}/"
    patched = call("patch", url, {"colour": "红", "plate": "粤 b 67890"})
    assert patched.status_code == 200 and patched.json()["plate"] == "粤B67890"
    put = call("put", url, payload(vehicle_model, vin=vehicle.vin, plate="粤B67890", colour="蓝"))
    assert put.status_code == 200 and put.json()["colour"] == "蓝"
    buyer = make_customer(vehicle.dealer, name="王五", mobile="13700002222")
    assert call("patch", url, {"owner": buyer.pk}).status_code == 400
    assert call("patch", url, {"vin": "LSVAU218"}).status_code == 400
    assert call("delete", url).status_code == 405
    vehicle.refresh_from_db()
    assert (vehicle.vin, vehicle.colour, vehicle.current_owner.name) == (VALID_VINS[0], "蓝", "张三")


def test_it_records_readings_and_refuses_a_lower_one(api, advisor, gm, vehicle):
    url = f"{API}{vehicle.pk}/readings/"
    call = api(advisor)
    created = call("post", url, {"km": 12000, "read_on": "2025-01-10", "source": "call"})
    assert created.status_code == 201 and created.json()["km"] == 12000
    low = call("post", url, {"km": 11000, "read_on": "2025-02-10"})
    assert low.status_code == 400
    assert low.json()["km"][0].startswith("11,000 km is below the previous reading of 12,000 km")
    assert call("post", url, {"km": 3_000_000, "read_on": "2025-02-10"}).status_code == 400
    replaced = call("post", url, {"km": 11000, "read_on": "2025-02-10", "meter_replaced": True})
    assert replaced.status_code == 201
    assert api(gm)("post", url, {"km": 13000, "read_on": "2025-03-10"}).status_code == 403
    assert OdometerReading.objects.filter(vehicle=vehicle).count() == 2
    assert [r["km"] for r in call("get", f"{API}{vehicle.pk}/").json()["readings"]] == [12000, 11000]


def test_it_transfers_through_the_api(api, advisor, vehicle, owner, make_customer, other_dealer):
    url = f"{API}{vehicle.pk}/transfer/"
    call = api(advisor)
    stranger = make_customer(other_dealer, name="李四", mobile="13900001111")
    refused = call("post", url, {"new_owner": stranger.pk, "on": "2025-03-01"})
    assert refused.status_code == 400 and "new_owner" in refused.json()
    too_early = call("post", url, {"new_owner": owner.pk, "on": "2025-03-01"})
    assert too_early.status_code == 400
    buyer = make_customer(vehicle.dealer, name="王五", mobile="13700002222")
    done = call("post", url, {"new_owner": buyer.pk, "on": "2025-03-01"})
    assert done.status_code == 200 and done.json()["current_owner"] == buyer.pk
    assert Ownership.objects.get(vehicle=vehicle, customer=owner).ended_on == date(2025, 3, 1)


def test_it_hides_another_dealers_vehicle(api, other_agent, vehicle):
    call = api(other_agent)
    assert call("get", f"{API}{vehicle.pk}/").status_code == 404
    assert call("patch", f"{API}{vehicle.pk}/", {"colour": "绿"}).status_code == 404
    assert call("post", f"{API}{vehicle.pk}/readings/", {"km": 1, "read_on": "2025-01-01"}).status_code == 404
    vehicle.refresh_from_db()
    assert vehicle.colour == "白" and not vehicle.readings.exists()


def test_it_lets_group_hq_read_everything_and_write_nothing(
    api, hq, vehicle, owner, vehicle_model, other_dealer, make_vehicle
):
    make_vehicle(other_dealer, plate="粤A99999", vin=VALID_VINS[2])
    call = api(hq)
    assert call("get", API).json()["count"] == 2
    assert call("get", f"{API}{vehicle.pk}/").status_code == 200
    assert call("post", API, payload(vehicle_model, dealer_id=vehicle.dealer_id)).status_code == 403
    assert call("patch", f"{API}{vehicle.pk}/", {"colour": "绿"}).status_code == 403
    assert call("post", f"{API}{vehicle.pk}/readings/", {"km": 1, "read_on": "2025-01-01"}).status_code == 403
    assert (
        call("post", f"{API}{vehicle.pk}/transfer/", {"new_owner": owner.pk, "on": "2025-01-01"}).status_code
        == 403
    )
    assert Vehicle.objects.count() == 2 and not OdometerReading.objects.exists()


def test_it_asks_an_admin_without_a_dealer_for_one(api, admin_user, other_dealer, vehicle_model):
    call = api(admin_user)
    missing = call("post", API, payload(vehicle_model))
    assert missing.status_code == 400 and "dealer_id" in missing.json()
    assert call("post", API, payload(vehicle_model, dealer_id=99999)).status_code == 400
    created = call("post", API, payload(vehicle_model, dealer_id=other_dealer.pk))
    assert created.status_code == 201 and created.json()["dealer"] == other_dealer.pk


def test_it_lists_vehicle_models_read_only(api, gm, vehicle_model):
    call = api(gm)
    body = call("get", "/api/vehicle-models/").json()
    assert [m["id"] for m in body["results"]] == [vehicle_model.pk]
    assert body["results"][0]["label"] == str(vehicle_model)
    assert call("post", "/api/vehicle-models/", {"brand": "X"}).status_code in (403, 405)


def test_it_asks_for_the_odometer_permission_on_readings():
    from django.urls import resolve

    from dealercrm.org.roles import Perm

    assert resolve("/api/vehicles/1/readings/").func.initkwargs["write_perm"] == Perm.RECORD_ODOMETER
    assert "write_perm" not in resolve("/api/vehicles/1/transfer/").func.initkwargs  # EDIT_VEHICLES


def test_it_refuses_anonymous_callers(client, vehicle):
    assert client.get(API).status_code in (401, 403)


def test_it_describes_the_vehicle_routes_in_a_valid_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    for path in (
        "/api/vehicles/",
        "/api/vehicles/{id}/",
        "/api/vehicles/{id}/readings/",
        "/api/vehicles/{id}/transfer/",
        "/api/vehicle-models/",
    ):
        assert path in schema["paths"]
    assert "delete" not in schema["paths"]["/api/vehicles/{id}/"]
