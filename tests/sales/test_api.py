"""The sales API: the whole path from lead to delivery over REST, scoped like the pages."""

import pytest
from rest_framework.authtoken.models import Token

from dealercrm.sales.models import Lead
from dealercrm.vehicles.models import Vehicle
from tests.conftest import VALID_VINS
from tests.sales.conftest import LICENCE, current_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(client_for):
    def make(user):
        client = client_for(user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
        return client

    return make


def test_a_consultant_takes_a_lead_from_creation_to_delivery(sales, api_for, demo_car, vehicle_model):
    api = api_for(sales)
    created = api.post(
        "/api/sales/leads/",
        {"source": "web", "name": "孙八", "mobile": "13811112222", "grade": "A", "model": vehicle_model.pk,
         "contacted": True},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    lead = created.json()
    assert (lead["owner"], lead["grade"], lead["customer_name"], lead["stage"]) == (
        sales.pk,
        "A",
        "孙八",
        "contacted",
    )
    activity = api.post(
        "/api/sales/activities/",
        {"lead": lead["id"], "kind": "call", "notes": "Booked a drive"},
        content_type="application/json",
    )
    assert activity.status_code == 201
    drive = api.post(
        "/api/sales/test-drives/",
        {"lead": lead["id"], "demo_vehicle": demo_car.pk, "starts_at": current_slot().isoformat(), "minutes": 30,
         "licence_number": LICENCE, "licence_expires_on": "2031-01-01"},
        content_type="application/json",
    )  # fmt: skip
    assert drive.status_code == 201, drive.content
    assert drive.json()["licence_number"] == "110105********002X"
    done = api.post(
        f"/api/sales/test-drives/{drive.json()['id']}/feedback/",
        {"score_overall": 5},
        content_type="application/json",
    )
    assert done.json()["status"] == "done"
    order = api.post(
        "/api/sales/orders/",
        {
            "lead": lead["id"],
            "model": vehicle_model.pk,
            "colour": "蓝",
            "price": "180000.00",
            "payment": "lease",
        },
        content_type="application/json",
    )
    assert order.status_code == 201, order.content
    order_id, delivery_id = order.json()["id"], order.json()["delivery"]
    assert api.post(f"/api/sales/orders/{order_id}/pay/").json()["status"] == "paid"
    allocated = api.post(
        f"/api/sales/orders/{order_id}/allocate/", {"vin": VALID_VINS[3]}, content_type="application/json"
    )
    assert allocated.json()["allocated_vin"] == VALID_VINS[3]
    refused = api.post(f"/api/sales/deliveries/{delivery_id}/complete/", {}, content_type="application/json")
    assert refused.status_code == 400 and "checklist" in refused.json()
    items = {name: True for name in ("pdi_done", "invoice_issued", "conformity_certificate", "insurance_done",
                                     "keys_handed", "features_explained", "first_service_booked",
                                     "satisfaction_call_explained")}  # fmt: skip
    assert (
        api.patch(f"/api/sales/deliveries/{delivery_id}/", items, content_type="application/json").status_code
        == 200
    )
    delivered = api.post(
        f"/api/sales/deliveries/{delivery_id}/complete/",
        {"plate": "粤B3C333"},
        content_type="application/json",
    )
    assert (
        delivered.status_code == 200
        and delivered.json()["vehicle"] == Vehicle.objects.get(plate="粤B3C333").pk
    )
    again = api.post(
        f"/api/sales/deliveries/{delivery_id}/complete/",
        {"plate": "粤B3C333"},
        content_type="application/json",
    )
    assert again.status_code == 200 and Vehicle.objects.count() == 1


def test_validation_errors_come_back_per_field(sales, api_for):
    response = api_for(sales).post(
        "/api/sales/leads/", {"source": "web", "name": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and "mobile" in response.json()


def test_the_api_is_scoped_like_the_pages(sales, colleague, other_sales, lead, make_lead, api_for):
    theirs = make_lead(colleague)
    assert [row["id"] for row in api_for(sales).get("/api/sales/leads/").json()["results"]] == [lead.pk]
    assert api_for(sales).get(f"/api/sales/leads/{theirs.pk}/").status_code == 404
    assert api_for(other_sales).get(f"/api/sales/leads/{lead.pk}/").status_code == 404
    assert (
        api_for(other_sales).post(f"/api/sales/leads/{lead.pk}/lost/", {"reason": "budget"}).status_code
        == 404
    )


def test_managers_decide_lost_requests_over_the_api(sales, gm, lead, api_for):
    api_for(sales).post(
        f"/api/sales/leads/{lead.pk}/lost/", {"reason": "budget"}, content_type="application/json"
    )
    assert (
        api_for(sales).post(f"/api/sales/leads/{lead.pk}/lost-decision/", {"approve": True}).status_code
        == 403
    )
    decided = api_for(gm).post(
        f"/api/sales/leads/{lead.pk}/lost-decision/", {"approve": True}, content_type="application/json"
    )
    assert decided.json()["status"] == "lost"


def test_a_coc_agent_creates_hotline_leads_over_the_api(agent, sales, api_for):
    response = api_for(agent).post(
        "/api/sales/leads/",
        {"source": "hotline", "name": "周九", "mobile": "13822223333"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["owner"] == sales.pk
    assert response.json()["response"] == "pending"
    assert api_for(agent).get("/api/sales/leads/").json()["count"] == 1
    assert Lead.objects.get().created_by_id == agent.pk


def test_the_sales_routes_are_in_the_openapi_schema(sales, api_for):
    paths = api_for(sales).get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in ("/api/sales/leads/", "/api/sales/activities/", "/api/sales/test-drives/", "/api/sales/orders/",
                 "/api/sales/deliveries/{id}/complete/"):  # fmt: skip
        assert path in paths, path
