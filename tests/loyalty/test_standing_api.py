"""The standing API: profiles (read-only, scoped), tiers (managers write, HQ reads), win-back calls."""

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from dealercrm.followups.models import TaskPurpose
from dealercrm.loyalty.models import MembershipTier
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, complaint, due_on, recompute

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return make


def _at_risk(owner, at=None):
    customer, [car] = owner(purchased_on=date(2019, 3, 1), at=at)
    due_on(car, TODAY - timedelta(days=200))
    complaint(customer, date(2025, 5, 1))
    return customer


def test_it_lists_profiles_with_reasons_and_filters(owner, agent, api):
    risky = _at_risk(owner)
    calm, _cars = owner(purchased_on=date(2025, 1, 1))
    recompute(winback=False)
    client = api(agent)
    rows = client.get("/api/loyalty-profiles/").json()["results"]
    assert [r["customer"] for r in rows] == [risky.pk, calm.pk]
    top = rows[0]
    assert (top["category"], top["churn_score"], top["tier_code"]) == ("lost", 65, "member")
    assert {"code": "complaint_open", "points": 20, "value": 1, "label": "Open complaint (1)"} in top[
        "churn_reasons"
    ]
    assert [r["customer"] for r in client.get("/api/loyalty-profiles/?min_churn=50").json()["results"]] == [
        risky.pk
    ]
    assert [r["customer"] for r in client.get("/api/loyalty-profiles/?category=new").json()["results"]] == [
        calm.pk
    ]
    assert [r["customer"] for r in client.get("/api/loyalty-profiles/?at_risk=true").json()["results"]] == [
        risky.pk
    ]
    assert client.get("/api/loyalty-profiles/?min_churn=101").status_code == 400
    assert client.get(f"/api/loyalty-profiles/{risky.pk}/").json()["services_due"] == 6


def test_another_dealers_staff_get_404_and_an_empty_list(owner, other_agent, api):
    risky = _at_risk(owner)
    recompute(winback=False)
    client = api(other_agent)
    assert client.get(f"/api/loyalty-profiles/{risky.pk}/").status_code == 404
    assert client.get("/api/loyalty-profiles/").json()["results"] == []


def test_managers_book_win_back_calls_and_agents_cannot(owner, manager, agent, hq, api):
    risky = _at_risk(owner)
    recompute(winback=False)
    assert (
        api(agent)
        .post("/api/loyalty-profiles/win-back/", {"customers": [risky.pk]}, format="json")
        .status_code
        == 403
    )
    assert (
        api(hq).post("/api/loyalty-profiles/win-back/", {"customers": [risky.pk]}, format="json").status_code
        == 403
    )
    answer = api(manager).post("/api/loyalty-profiles/win-back/", {"customers": [risky.pk]}, format="json")
    assert (answer.status_code, answer.json()) == (200, {"booked": 1, "already_booked": 0})
    again = api(manager).post("/api/loyalty-profiles/win-back/", {"customers": [risky.pk]}, format="json")
    assert again.json() == {"booked": 0, "already_booked": 1}
    assert TaskPurpose.objects.filter(event_kind="win_back", customer=risky).count() == 1
    assert (
        api(manager).post("/api/loyalty-profiles/win-back/", {"customers": []}, format="json").status_code
        == 400
    )


def test_managers_edit_tiers_with_errors_per_field(manager, dealer, api):
    client = api(manager)
    tiers = client.get("/api/membership-tiers/").json()["results"]
    assert [t["code"] for t in tiers] == ["gold", "silver", "member"]
    created = client.post(
        "/api/membership-tiers/",
        {"code": "platinum", "name": "白金卡", "rank": 4, "discount_percent": "20.00", "min_spend": "50000"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["dealer"] == dealer.pk
    duplicate = client.post(
        "/api/membership-tiers/",
        {"code": "gold", "name": "金", "rank": 4, "discount_percent": "120"},
        format="json",
    )
    assert duplicate.status_code == 400 and "discount_percent" in duplicate.json()
    duplicate = client.post(
        "/api/membership-tiers/",
        {"code": "gold", "name": "金", "rank": 4, "discount_percent": "12"},
        format="json",
    )
    assert set(duplicate.json()) == {"code", "rank"}
    pk = created.json()["id"]
    changed = client.patch(f"/api/membership-tiers/{pk}/", {"discount_percent": "18.50"}, format="json")
    assert changed.status_code == 200 and changed.json()["discount_percent"] == "18.50"
    assert client.delete(f"/api/membership-tiers/{pk}/").status_code == 204


def test_hq_reads_tiers_and_changes_nothing(dealer, hq, other_agent, api, manager):
    api(manager).get("/api/membership-tiers/")
    gold = MembershipTier.objects.get(dealer=dealer, code="gold")
    assert api(hq).get(f"/api/membership-tiers/{gold.pk}/").status_code == 200
    assert api(hq).patch(f"/api/membership-tiers/{gold.pk}/", {"rank": 9}, format="json").status_code == 403
    assert api(other_agent).get(f"/api/membership-tiers/{gold.pk}/").status_code == 404
    assert (
        api(other_agent).patch(f"/api/membership-tiers/{gold.pk}/", {"rank": 9}, format="json").status_code
        == 404
    )
