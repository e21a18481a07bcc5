"""The insurance API: policies (CRUD) and renewals (list, quote / renew / lose, rates); roles and dealers."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from dealercrm.insurance.models import RenewalOpportunity
from dealercrm.insurance.services import renewals_open
from dealercrm.org.roles import Role

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def opportunity(policy):
    renewals_open(on=date(2027, 3, 15))
    return RenewalOpportunity.objects.get(policy=policy)


BODY = {"kind": "commercial", "insurer": "人保", "policy_number": "P-7", "starts_on": "2026-08-01",
        "ends_on": "2027-07-31", "premium": "3500.00"}  # fmt: skip


def test_policies_crud(owner, car, agent):
    client = api(agent)
    created = client.post(
        "/api/insurance-policies/", {**BODY, "customer": owner.pk, "vehicle": car.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["renewal_status"] is None
    listed = client.get("/api/insurance-policies/", {"customer": owner.pk}).json()
    assert [p["id"] for p in listed["results"]] == [pk]
    changed = client.patch(f"/api/insurance-policies/{pk}/", {"premium": "3400.00"}, format="json")
    assert changed.status_code == 200 and changed.json()["premium"] == "3400.00"
    bad = client.patch(f"/api/insurance-policies/{pk}/", {"ends_on": "2026-01-01"}, format="json")
    assert bad.status_code == 400 and "ends_on" in bad.json()
    assert client.delete(f"/api/insurance-policies/{pk}/").status_code == 204


def test_a_policy_on_someone_elses_car_is_a_400(dealer, owner, make_customer, make_vehicle, agent):
    other = make_customer(dealer, name="别人", mobile="13700002003")
    their_car = make_vehicle(dealer, owner=other, vin="LFV3A23C9J3012345", plate="粤B33333")
    response = api(agent).post("/api/insurance-policies/", {**BODY, "customer": owner.pk, "vehicle": their_car.pk},
                               format="json")  # fmt: skip
    assert response.status_code == 400 and "vehicle" in response.json()


def test_renewals_quote_renew_and_the_rate(opportunity, advisor):
    client = api(advisor)
    assert [r["id"] for r in client.get("/api/renewals/", {"status": "open"}).json()["results"]] == [
        opportunity.pk
    ]
    quoted = client.post(f"/api/renewals/{opportunity.pk}/quote/", {"premium": "3000.00"}, format="json")
    assert quoted.status_code == 200 and quoted.json()["status"] == "quoted"
    renewed = client.post(f"/api/renewals/{opportunity.pk}/renew/", {"policy_number": "PA-2"}, format="json")
    assert renewed.status_code == 200 and renewed.json()["status"] == "renewed"
    again = client.post(f"/api/renewals/{opportunity.pk}/lose/", {"reason": "price"}, format="json")
    assert again.status_code == 400
    rates = client.get("/api/renewals/rates/", {"start": "2027-04-01", "end": "2027-04-30"}).json()
    assert rates[0]["renewed"] == 1 and rates[0]["rate"] == 1.0
    assert client.get("/api/renewals/rates/").status_code == 400


def test_losing_needs_a_known_reason(opportunity, agent):
    response = api(agent).post(f"/api/renewals/{opportunity.pk}/lose/", {"reason": "bored"}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["hq", "gm", "clerk"])
def test_readers_read_and_cannot_write(opportunity, request, who):
    client = api(request.getfixturevalue(who))
    assert client.get(f"/api/renewals/{opportunity.pk}/").status_code == 200
    assert client.get(f"/api/insurance-policies/{opportunity.policy_id}/").status_code == 200
    assert (
        client.post(f"/api/renewals/{opportunity.pk}/quote/", {"premium": "1.00"}, format="json").status_code
        == 403
    )
    assert client.delete(f"/api/insurance-policies/{opportunity.policy_id}/").status_code == 403


def test_another_dealers_staff_get_404(opportunity, other_dealer, make_user):
    client = api(make_user("d02-sales", [Role.SALES_CONSULTANT], other_dealer))
    assert client.get(f"/api/renewals/{opportunity.pk}/").status_code == 404
    assert (
        client.post(f"/api/renewals/{opportunity.pk}/lose/", {"reason": "price"}, format="json").status_code
        == 404
    )
    assert (
        client.patch(f"/api/insurance-policies/{opportunity.policy_id}/", {}, format="json").status_code
        == 404
    )
    assert client.get("/api/renewals/").json()["results"] == []
