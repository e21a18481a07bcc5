"""The after-sales API end to end: plans (GM), due dates and readings, booking, an order's whole road."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dealercrm.service.models import Appointment, ServicePlan

pytestmark = pytest.mark.django_db
TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_general_manager_sets_a_models_plan_and_the_fleet_default(gm, advisor, vehicle_model):
    client = api(gm)
    terms = {
        "model": vehicle_model.pk,
        "first_service_km": 3000,
        "first_service_months": 3,
        "every_km": 7500,
        "every_months": 6,
        "warranty_years": 4,
        "warranty_km": 120000,
        "typical_km_per_day": "55.5",
    }
    created = client.post("/api/service-plans/", terms, format="json")
    assert created.status_code == 201 and created.json()["every_km"] == 7500
    assert client.post("/api/service-plans/", terms, format="json").status_code == 400
    assert (
        client.patch(f"/api/service-plans/{vehicle_model.pk}/", {"every_km": 5000}, format="json").json()[
            "every_km"
        ]
        == 5000
    )
    assert client.patch("/api/service-plans/default/", {"every_months": 9}, format="json").status_code == 200
    assert ServicePlan.objects.get(model__isnull=True).every_months == 9
    assert client.patch("/api/service-plans/default/", {"every_km": 50}, format="json").status_code == 400
    assert (
        api(advisor).patch("/api/service-plans/default/", {"every_months": 3}, format="json").status_code
        == 403
    )
    assert api(advisor).get("/api/service-plans/").json()["count"] == 2


def test_a_vehicles_prediction_and_a_reading_that_moves_it(advisor, vehicle):
    client = api(advisor)
    before = client.get(f"/api/service-vehicles/{vehicle.pk}/").json()
    assert before["prediction"]["rate_basis"] == "fleet" and before["plan"]["model"] is None
    today = timezone.localdate().isoformat()
    reading = client.post(
        f"/api/service-vehicles/{vehicle.pk}/readings/", {"km": 4990, "read_on": today}, format="json"
    )
    assert reading.status_code == 201 and reading.json()["next_service_due_on"] is not None
    after = client.get(f"/api/service-vehicles/{vehicle.pk}/").json()
    assert after["stored"]["next_service_due_on"] == after["prediction"]["due_on"]
    lower = client.post(
        f"/api/service-vehicles/{vehicle.pk}/readings/", {"km": 10, "read_on": today}, format="json"
    )
    assert lower.status_code == 400 and "km" in lower.json()


def test_the_due_list_over_the_api(advisor, vehicle):
    from dealercrm.service.models import VehicleDue

    VehicleDue.objects.create(
        vehicle=vehicle,
        dealer=vehicle.dealer,
        km_per_day=40,
        next_service_due_on=timezone.localdate() - timedelta(days=3),
    )
    client = api(advisor)
    assert [v["id"] for v in client.get("/api/service-vehicles/").json()["results"]] == [vehicle.pk]
    assert client.get("/api/service-vehicles/", {"show": "soon"}).json()["count"] == 0


def test_booking_and_an_orders_whole_road_over_the_api(advisor, vehicle, owner):
    from dealercrm.service.models import CustomerSpend

    client = api(advisor)
    booked = client.post(
        "/api/appointments/",
        {"vehicle": vehicle.pk, "on": TOMORROW, "half_day": "am", "advisor": advisor.pk, "concern": "保养"},
        format="json",
    )
    assert booked.status_code == 201 and booked.json()["customer"] == owner.pk
    appointment_id = booked.json()["id"]
    assert client.get("/api/appointments/", {"on": TOMORROW}).json()["count"] == 1
    Appointment.objects.filter(pk=appointment_id).update(on=timezone.localdate())
    opened = client.post(
        "/api/repair-orders/",
        {"appointment": appointment_id, "km": 5100, "service_type": "first_service"},
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    order = opened.json()
    assert order["status"] == "checked_in" and order["number"].startswith("RO")
    base = f"/api/repair-orders/{order['id']}/"
    line = client.post(
        base + "lines/",
        {"kind": "labour", "description": "首保", "quantity": "1", "unit_price": "0"},
        format="json",
    )
    assert line.status_code == 201 and line.json()["approval"] == "pending"
    assert client.post(base + "transition/", {"to": "in_progress"}, format="json").status_code == 400
    assert client.post(base + "approvals/", {"approve": True}, format="json").json()["estimate_approved_at"]
    for to in ("in_progress", "quality_check"):
        moved = client.post(base + "transition/", {"to": to}, format="json").json()
        assert moved.get("status") == to, moved
    part = client.post(
        base + "lines/",
        {"kind": "part", "description": "x", "quantity": "1", "unit_price": "1"},
        format="json",
    )
    assert part.status_code == 400  # nothing is added once the vehicle is in quality check
    skipped = client.post(base + "transition/", {"to": "handed_over"}, format="json")
    assert skipped.status_code == 400 and "cannot go" in str(skipped.json())
    for to in ("ready", "handed_over"):
        moved = client.post(base + "transition/", {"to": to}, format="json").json()
        assert moved.get("status") == to, moved
    assert CustomerSpend.objects.get(customer=owner).orders == 1
    assert client.get("/api/repair-orders/", {"status": "handed_over"}).json()["count"] == 1


def test_an_order_needs_exactly_one_of_vehicle_or_appointment(advisor, vehicle):
    client = api(advisor)
    assert (
        client.post(
            "/api/repair-orders/", {"km": 1, "service_type": "maintenance"}, format="json"
        ).status_code
        == 400
    )
    both = {"vehicle": vehicle.pk, "appointment": 1, "km": 1, "service_type": "maintenance"}
    assert client.post("/api/repair-orders/", both, format="json").status_code == 400
    unknown = {"vehicle": 999999, "km": 1, "service_type": "maintenance"}
    assert client.post("/api/repair-orders/", unknown, format="json").status_code == 400


def test_an_overbooked_half_day_is_a_400(advisor, vehicle, dealer):
    from dealercrm.service.models import Workshop

    Workshop.objects.create(dealer=dealer, am_capacity=0, pm_capacity=1)
    response = api(advisor).post(
        "/api/appointments/", {"vehicle": vehicle.pk, "on": TOMORROW, "half_day": "am"}, format="json"
    )
    assert response.status_code == 400 and "half_day" in response.json()
