"""The care-rules API: read with VIEW_CAMPAIGNS, change with MANAGE_CAMPAIGNS, another dealer's rule is a 404."""

import pytest
from rest_framework.test import APIClient

from dealercrm.care.models import CareRule
from dealercrm.care.services import care_rules_ensure_defaults
from dealercrm.org.roles import Role

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def birthday(dealer):
    care_rules_ensure_defaults(dealer=dealer)
    return CareRule.objects.get(dealer=dealer, occasion="birthday", action="message")


def test_an_agent_lists_the_rules_with_their_channel(birthday, agent):
    response = api(agent).get("/api/care-rules/")
    assert response.status_code == 200
    row = next(r for r in response.json()["results"] if r["id"] == birthday.pk)
    assert (row["occasion"], row["action"], row["channel"], row["lead_days"]) == (
        "birthday",
        "message",
        "sms",
        0,
    )


def test_a_manager_changes_a_rule_and_a_bad_value_is_a_400(birthday, manager):
    client = api(manager)
    response = client.patch(f"/api/care-rules/{birthday.pk}/", {"lead_days": 2}, format="json")
    assert response.status_code == 200 and response.json()["lead_days"] == 2
    response = client.patch(f"/api/care-rules/{birthday.pk}/", {"template": None}, format="json")
    assert response.status_code == 400 and "template" in response.json()
    response = client.patch(f"/api/care-rules/{birthday.pk}/", {"template": 999999}, format="json")
    assert response.status_code == 400


def test_a_manager_adds_a_call_rule(birthday, manager):
    body = {"occasion": "birthday", "action": "call", "lead_days": 1}
    response = api(manager).post("/api/care-rules/", body, format="json")
    assert response.status_code == 201 and response.json()["channel"] is None
    assert api(manager).post("/api/care-rules/", body, format="json").status_code == 400


@pytest.mark.parametrize("who", ["agent", "gm", "hq"])
def test_readers_cannot_change_rules(birthday, request, who):
    client = api(request.getfixturevalue(who))
    assert client.get(f"/api/care-rules/{birthday.pk}/").status_code == 200
    assert client.patch(f"/api/care-rules/{birthday.pk}/", {"lead_days": 2}, format="json").status_code == 403


def test_roles_without_campaigns_get_403(birthday, sales):
    assert api(sales).get("/api/care-rules/").status_code == 403


def test_another_dealers_staff_get_404(birthday, other_dealer, make_user):
    stranger = make_user("d02-manager", [Role.COC_MANAGER], other_dealer)
    client = api(stranger)
    assert client.get(f"/api/care-rules/{birthday.pk}/").status_code == 404
    assert client.patch(f"/api/care-rules/{birthday.pk}/", {"lead_days": 2}, format="json").status_code == 404
