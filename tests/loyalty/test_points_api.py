"""The points API: the scoped ledger, redeem / adjust / reverse actions, the policy."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dealercrm.loyalty.models import PointsEntry, PointsPolicy
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def stocked(funded):
    return funded(1000, on=timezone.localdate() - timedelta(days=20))


def test_it_lists_the_ledger_in_scope_filtered_by_customer(
    dealer, owner, stocked, agent, other_agent, hq, make_customer, funded
):
    other = make_customer(dealer, name="孙三", mobile="13900000003")
    funded(7, on=timezone.localdate() - timedelta(days=5), customer=other)
    rows = api(agent).get("/api/points-entries/").json()["results"]
    assert {r["customer"] for r in rows} == {owner.pk, other.pk}
    rows = api(agent).get(f"/api/points-entries/?customer={owner.pk}").json()["results"]
    assert [(r["kind"], r["points"], r["remaining"]) for r in rows] == [("earn", 1000, 1000)]
    assert api(other_agent).get("/api/points-entries/").json()["results"] == []
    assert api(other_agent).get(f"/api/points-entries/{stocked.pk}/").status_code == 404
    assert api(hq).get(f"/api/points-entries/{stocked.pk}/").status_code == 200
    assert api(agent).get("/api/points-entries/?customer=99999999999999999999").status_code == 400


def test_it_redeems_and_refuses_per_field(owner, stocked, advisor, agent, hq, other_agent, balance):
    body = {"customer": owner.pk, "points": 300, "reason": "accessories", "note": "座套"}
    response = api(advisor).post("/api/points-entries/redeem/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["points"] == -300 and balance(owner) == 700
    response = api(advisor).post("/api/points-entries/redeem/", {**body, "points": 701}, format="json")
    assert response.status_code == 400
    assert response.json()["points"] == ["Only 700 points are available: 701 cannot be spent."]
    response = api(advisor).post("/api/points-entries/redeem/", {**body, "note": ""}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    assert api(agent).post("/api/points-entries/redeem/", body, format="json").status_code == 403
    assert api(hq).post("/api/points-entries/redeem/", body, format="json").status_code == 403
    response = api(other_agent).post("/api/points-entries/redeem/", body, format="json")
    assert response.status_code == 403  # a COC agent of any dealer may not redeem
    assert balance(owner) == 700


def test_it_redeems_on_an_order_and_reverses(owner, stocked, advisor, open_order, balance):
    order = open_order("100")
    body = {"customer": owner.pk, "points": 500, "reason": "repair_order", "order": order.pk}
    response = api(advisor).post("/api/points-entries/redeem/", body, format="json")
    assert response.status_code == 201, response.json()
    order.refresh_from_db()
    assert order.customer_total == Decimal("95.00")
    entry_id = response.json()["id"]
    response = api(advisor).post(
        f"/api/points-entries/{entry_id}/reverse/", {"note": "客户改主意"}, format="json"
    )
    assert response.status_code == 201 and response.json()["points"] == 500
    order.refresh_from_db()
    assert order.customer_total == Decimal("100.00") and balance(owner) == 1000
    response = api(advisor).post(f"/api/points-entries/{entry_id}/reverse/", {}, format="json")
    assert response.status_code == 400
    response = api(advisor).post("/api/points-entries/redeem/", {**body, "order": 99999999}, format="json")
    assert response.status_code == 400 and response.json()["order"] == ["Not found at this dealer."]


def test_a_manager_adjusts(owner, stocked, manager, advisor, other_agent, balance):
    body = {"customer": owner.pk, "points": -200, "note": "重复发放"}
    response = api(manager).post("/api/points-entries/adjust/", body, format="json")
    assert response.status_code == 201 and balance(owner) == 800
    assert api(advisor).post("/api/points-entries/adjust/", body, format="json").status_code == 403
    response = api(manager).post("/api/points-entries/adjust/", {**body, "points": 0}, format="json")
    assert response.status_code == 400 and "points" in response.json()
    response = api(other_agent).post(f"/api/points-entries/{stocked.pk}/reverse/", {}, format="json")
    assert response.status_code == 404


def test_the_policy_reads_for_all_and_writes_for_managers(dealer, manager, agent, hq, other_agent):
    rows = api(agent).get("/api/points-policies/").json()["results"]
    assert len(rows) == 1 and rows[0]["dealer"] == dealer.pk and rows[0]["yuan_per_point"] == "0.010"
    pk = rows[0]["id"]
    assert api(other_agent).get(f"/api/points-policies/{pk}/").status_code == 404
    assert (
        api(other_agent).patch(f"/api/points-policies/{pk}/", {"expiry_months": 6}, format="json").status_code
        == 404
    )
    assert (
        api(agent).patch(f"/api/points-policies/{pk}/", {"expiry_months": 6}, format="json").status_code
        == 403
    )
    assert (
        api(hq).patch(f"/api/points-policies/{pk}/", {"expiry_months": 6}, format="json").status_code == 403
    )
    response = api(manager).patch(f"/api/points-policies/{pk}/", {"expiry_months": 0}, format="json")
    assert response.status_code == 400 and "expiry_months" in response.json()
    response = api(manager).patch(f"/api/points-policies/{pk}/", {"yuan_per_point": "0"}, format="json")
    assert response.status_code == 400
    assert response.json()["yuan_per_point"] == ["A point must be worth something: enter more than 0."]
    response = api(manager).patch(f"/api/points-policies/{pk}/", {"expiry_months": 6}, format="json")
    assert response.status_code == 200 and response.json()["expiry_months"] == 6
    assert PointsPolicy.objects.get(dealer=dealer).expiry_months == 6
    assert PointsEntry.objects.count() == 0
