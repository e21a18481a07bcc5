"""The vehicle pages through the client: list, register, edit, detail, readings, transfer, and who may."""

from datetime import date

import pytest
from django.urls import reverse

from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleModel
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_customer, dealer):
    return make_customer(dealer, name="张三", mobile="13812345678")


@pytest.fixture
def vehicle(make_vehicle, dealer, owner):
    return make_vehicle(dealer, owner=owner)


def form_data(vehicle_model, **extra) -> dict:
    return {
        "vin": VALID_VINS[1],
        "plate": "粤b 54321",
        "model": vehicle_model.pk,
        "colour": "黑",
        "purchased_on": "2024-08-01",
        "first_visit_on": "",
        "first_visit_km": "",
        **extra,
    }


# --- list ---------------------------------------------------------------------------------------------------


def test_it_lists_vehicles_with_links_to_vehicle_and_owner(client_for, advisor, vehicle, owner):
    response = client_for(advisor).get(reverse("vehicles:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("vehicles:detail", args=[vehicle.pk]) in html and "粤B12345" in html
    assert vehicle.vin in html and "2024-05-01" in html
    assert reverse("desk:customer", args=[owner.pk]) in html and "张三" in html


def test_it_shows_a_helpful_empty_state(client_for, advisor):
    response = client_for(advisor).get(reverse("vehicles:list"))
    assert "No vehicles yet" in response.content.decode()


def test_it_filters_by_model(client_for, advisor, dealer, make_vehicle, vehicle_model):
    other_model = VehicleModel.objects.create(brand="Volkswagen", series="途观L", model_year=2023)
    make_vehicle(dealer, vin=VALID_VINS[0], plate="粤B11111")
    make_vehicle(dealer, vin=VALID_VINS[1], plate="粤B22222", model=other_model)
    html = client_for(advisor).get(reverse("vehicles:list"), {"model": other_model.pk}).content.decode()
    assert "粤B22222" in html and "粤B11111" not in html
    html = client_for(advisor).get(reverse("vehicles:list"), {"model": "nonsense"}).content.decode()
    assert "粤B22222" in html and "粤B11111" in html


def test_it_lists_only_the_actors_dealer(client_for, advisor, other_dealer, make_vehicle):
    make_vehicle(other_dealer, plate="粤A99999")
    assert "粤A99999" not in client_for(advisor).get(reverse("vehicles:list")).content.decode()


def test_it_lists_in_a_bounded_number_of_queries(
    client_for, advisor, dealer, make_customer, make_vehicle, django_assert_max_num_queries
):
    import random

    from dealercrm.seed.generators import random_vin

    rng = random.Random(7)
    for i in range(30):
        owner = make_customer(dealer, name=f"客户{i}", mobile=f"138000{i:05d}")
        make_vehicle(dealer, owner=owner, vin=random_vin(rng), plate=f"粤B{i:05d}")
    client = client_for(advisor)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("vehicles:list"))
    assert response.content.decode().count('href="/vehicles/') >= 25
    assert "Page 1 of 2" in response.content.decode()
    with django_assert_max_num_queries(7):
        assert client.get(reverse("vehicles:list"), {"page": 2}).status_code == 200


# --- create -------------------------------------------------------------------------------------------------


def test_it_registers_a_vehicle_for_the_owner_from_the_query(client_for, advisor, owner, vehicle_model):
    url = reverse("vehicles:create") + f"?owner={owner.pk}"
    client = client_for(advisor)
    page = client.get(url).content.decode()
    assert "张三" in page and 'name="vin"' in page
    response = client.post(url, form_data(vehicle_model), follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk:customer", args=[owner.pk])
    vehicle = Vehicle.objects.get()
    assert (vehicle.vin, vehicle.plate, vehicle.current_owner) == (VALID_VINS[1], "粤B54321", owner)
    assert "registered" in response.content.decode()


def test_it_shows_a_bad_vin_next_to_the_field_and_saves_nothing(client_for, advisor, owner, vehicle_model):
    url = reverse("vehicles:create") + f"?owner={owner.pk}"
    response = client_for(advisor).post(url, form_data(vehicle_model, vin="LFV3A23C8J3012345"))
    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('id="errors-vin"', 1)[1].split("</div>", 1)[0]
    assert "check digit (9th character) does not match" in errors
    assert not Vehicle.objects.exists()


def test_it_puts_the_services_duplicate_vin_message_on_the_field(
    client_for, advisor, owner, vehicle, vehicle_model
):
    url = reverse("vehicles:create") + f"?owner={owner.pk}"
    response = client_for(advisor).post(url, form_data(vehicle_model, vin=vehicle.vin))
    errors = response.content.decode().split('id="errors-vin"', 1)[1].split("</div>", 1)[0]
    assert "already registered at this dealer" in errors
    assert Vehicle.objects.count() == 1


def test_it_registers_without_an_owner_and_opens_the_vehicle(client_for, advisor, dealer, vehicle_model):
    response = client_for(advisor).post(reverse("vehicles:create"), form_data(vehicle_model))
    vehicle = Vehicle.objects.get()
    assert response.status_code == 302 and response.url == reverse("vehicles:detail", args=[vehicle.pk])
    assert vehicle.dealer == dealer and vehicle.current_owner is None


def test_it_lets_an_admin_choose_the_dealer(client_for, admin_user, other_dealer, vehicle_model):
    data = form_data(vehicle_model, dealer=other_dealer.pk)
    assert client_for(admin_user).post(reverse("vehicles:create"), data).status_code == 302
    assert Vehicle.objects.get().dealer == other_dealer


def test_it_hides_another_dealers_owner(client_for, advisor, other_dealer, make_customer, vehicle_model):
    stranger = make_customer(other_dealer, name="李四", mobile="13900001111")
    client = client_for(advisor)
    url = reverse("vehicles:create") + f"?owner={stranger.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(vehicle_model)).status_code == 404
    assert client.get(reverse("vehicles:create") + "?owner=abc").status_code == 404
    assert not Vehicle.objects.exists()


def test_it_validates_a_field_inline(client_for, advisor, vehicle_model):
    client = client_for(advisor)
    url = reverse("vehicles:validate")
    bad = client.post(url, form_data(vehicle_model, vin="LSVAU218"), HTTP_HX_TRIGGER_NAME="vin")
    assert "exactly 17 characters" in bad.content.decode()
    good = client.post(url, form_data(vehicle_model), HTTP_HX_TRIGGER_NAME="vin")
    assert good.status_code == 200 and good.content.decode().strip() == ""
    plate = client.post(url, form_data(vehicle_model, plate="粤BI12345"), HTTP_HX_TRIGGER_NAME="plate")
    assert "粤B12345" in plate.content.decode()
    assert client.get(url).status_code == 405


# --- detail and edit ----------------------------------------------------------------------------------------


def test_it_shows_the_vehicle_with_history_readings_and_actions(
    client_for, advisor, actor_of, vehicle, owner, make_customer
):
    from dealercrm.vehicles import services

    actor = actor_of(advisor)
    services.odometer_record(actor=actor, vehicle=vehicle, km=5000, read_on=date(2024, 9, 1))
    services.odometer_record(actor=actor, vehicle=vehicle, km=9000, read_on=date(2025, 1, 1))
    buyer = make_customer(vehicle.dealer, name="王五", mobile="13700002222")
    services.ownership_transfer(actor=actor, vehicle=vehicle, new_owner=buyer, on=date(2025, 2, 1))
    html = client_for(advisor).get(reverse("vehicles:detail", args=[vehicle.pk])).content.decode()
    history = html.split('id="ownership"', 1)[1]
    assert history.index("王五") < history.index("张三")
    assert "2024-05-01" in history and "2025-02-01" in history
    readings = html.split('id="readings"', 1)[1]
    assert "9,000 km" in readings and "5,000 km" in readings and "<svg" in readings
    for name in ("vehicles:edit", "vehicles:reading-add", "vehicles:transfer"):
        assert reverse(name, args=[vehicle.pk]) in html


def test_it_hides_write_links_from_group_hq(client_for, hq, vehicle):
    response = client_for(hq).get(reverse("vehicles:detail", args=[vehicle.pk]))
    assert response.status_code == 200
    assert reverse("vehicles:edit", args=[vehicle.pk]) not in response.content.decode()


def test_it_edits_a_vehicle(client_for, advisor, vehicle, vehicle_model):
    url = reverse("vehicles:edit", args=[vehicle.pk])
    client = client_for(advisor)
    assert vehicle.vin in client.get(url).content.decode()
    data = form_data(
        vehicle_model,
        vin=vehicle.vin,
        plate="粤B12345",
        colour="红",
        first_visit_km="800",
        first_visit_on="2024-06-01",
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("vehicles:detail", args=[vehicle.pk])
    vehicle.refresh_from_db()
    assert (vehicle.colour, vehicle.first_visit_km) == ("红", 800)


def test_it_refuses_a_bad_plate_on_edit(client_for, advisor, vehicle, vehicle_model):
    data = form_data(vehicle_model, vin=vehicle.vin, plate="粤BI12345")
    response = client_for(advisor).post(reverse("vehicles:edit", args=[vehicle.pk]), data)
    errors = response.content.decode().split('id="errors-plate"', 1)[1].split("</div>", 1)[0]
    assert "粤B12345" in errors
    vehicle.refresh_from_db()
    assert vehicle.plate == "粤B12345"


def test_it_hides_another_dealers_vehicle(client_for, other_agent, vehicle, vehicle_model):
    client = client_for(other_agent)
    for name in ("vehicles:detail", "vehicles:edit", "vehicles:reading-add", "vehicles:transfer"):
        assert client.get(reverse(name, args=[vehicle.pk])).status_code == 404
    data = form_data(vehicle_model, vin=vehicle.vin, colour="绿")
    assert client.post(reverse("vehicles:edit", args=[vehicle.pk]), data).status_code == 404
    vehicle.refresh_from_db()
    assert vehicle.colour == "白"


# --- readings -----------------------------------------------------------------------------------------------


def test_it_records_a_reading_and_refuses_a_lower_one_on_km(client_for, advisor, vehicle):
    url = reverse("vehicles:reading-add", args=[vehicle.pk])
    client = client_for(advisor)
    assert client.get(url).status_code == 200
    ok = client.post(url, {"km": "12000", "read_on": "2025-01-10", "source": "call"})
    assert ok.status_code == 302 and ok.url == reverse("vehicles:detail", args=[vehicle.pk])
    low = client.post(url, {"km": "11000", "read_on": "2025-02-10", "source": "manual"})
    errors = low.content.decode().split('id="errors-km"', 1)[1].split("</div>", 1)[0]
    assert "below the previous reading of 12,000 km on 2025-01-10" in errors
    replaced = client.post(
        url, {"km": "11000", "read_on": "2025-02-10", "source": "manual", "meter_replaced": "on"}
    )
    assert replaced.status_code == 302
    assert list(OdometerReading.objects.order_by("read_on").values_list("km", "meter_replaced")) == [
        (12000, False),
        (11000, True),
    ]


# --- transfer -----------------------------------------------------------------------------------------------


def test_it_finds_the_new_owner_and_transfers(
    client_for, advisor, vehicle, owner, make_customer, other_dealer
):
    buyer = make_customer(vehicle.dealer, name="王五", mobile="13700002222")
    make_customer(other_dealer, name="王五六", mobile="13700003333")
    url = reverse("vehicles:transfer", args=[vehicle.pk])
    client = client_for(advisor)
    by_mobile = client.get(url, {"q": "+86 137-0000-2222"}).content.decode()
    assert f'value="{buyer.pk}"' in by_mobile
    by_name = client.get(url, {"q": "王五"}).content.decode()
    assert f'value="{buyer.pk}"' in by_name and "王五六" not in by_name
    assert "No customer of this dealer matches" in client.get(url, {"q": "赵六"}).content.decode()
    assert client.get(url, {"q": "王\x00"}).status_code == 200
    response = client.post(url + "?q=王五", {"new_owner": buyer.pk, "on": "2025-03-01"})
    assert response.status_code == 302 and response.url == reverse("vehicles:detail", args=[vehicle.pk])
    vehicle.refresh_from_db()
    assert vehicle.current_owner == buyer
    assert Ownership.objects.get(vehicle=vehicle, customer=owner).ended_on == date(2025, 3, 1)


def test_it_refuses_a_new_owner_of_another_dealer_or_no_pick(
    client_for, advisor, vehicle, owner, make_customer, other_dealer
):
    stranger = make_customer(other_dealer, name="李四", mobile="13900001111")
    client = client_for(advisor)
    url = reverse("vehicles:transfer", args=[vehicle.pk])
    response = client.post(url, {"new_owner": stranger.pk, "on": "2025-03-01"})
    assert "Pick a customer of this dealer" in response.content.decode()
    response = client.post(url, {"on": "2025-03-01"})
    assert "Search for the new owner" in response.content.decode()
    response = client.post(url, {"new_owner": owner.pk, "on": "2025-03-01"})
    assert "already owns the vehicle" in response.content.decode()
    vehicle.refresh_from_db()
    assert vehicle.current_owner == owner and Ownership.objects.filter(vehicle=vehicle).count() == 1


# --- who may ------------------------------------------------------------------------------------------------


def test_it_lets_group_hq_read_but_not_write(
    client_for, hq, vehicle, vehicle_model, other_dealer, make_vehicle
):
    make_vehicle(other_dealer, plate="粤A99999", vin=VALID_VINS[2])
    client = client_for(hq)
    html = client.get(reverse("vehicles:list")).content.decode()
    assert "粤B12345" in html and "粤A99999" in html
    assert client.get(reverse("vehicles:create")).status_code == 403
    assert client.post(reverse("vehicles:create"), form_data(vehicle_model)).status_code == 403
    for name in ("vehicles:edit", "vehicles:reading-add", "vehicles:transfer"):
        assert client.get(reverse(name, args=[vehicle.pk])).status_code == 403
        assert client.post(reverse(name, args=[vehicle.pk]), {}).status_code == 403
    assert Vehicle.objects.count() == 2


def test_it_keeps_the_gm_to_reading(client_for, gm, vehicle):
    client = client_for(gm)
    assert client.get(reverse("vehicles:detail", args=[vehicle.pk])).status_code == 200
    assert client.get(reverse("vehicles:reading-add", args=[vehicle.pk])).status_code == 403
    assert client.get(reverse("vehicles:edit", args=[vehicle.pk])).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client, vehicle):
    response = client.get(reverse("vehicles:detail", args=[vehicle.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_vehicle_page_links_to_its_service_history(client_for, hq, vehicle):
    page = client_for(hq).get(f"/vehicles/{vehicle.pk}/").content.decode()
    assert f'href="/service/vehicles/{vehicle.pk}/"' in page
