"""Who may do what with complaints: every role at every dealer, on the pages and the API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dealercrm.complaints.choices import Step
from dealercrm.complaints.views.steps import ACTIONS

pytestmark = pytest.mark.django_db

READERS = ["agent", "manager", "sales", "advisor", "clerk", "gm", "hq"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", READERS)
def test_every_desk_role_sees_its_dealers_complaints(role, request, client_for, intake):
    complaint = intake()
    user = request.getfixturevalue(role)
    assert client_for(user).get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    assert client_for(user).get(reverse("complaints:list")).status_code == 200
    assert api(user).get(f"/api/complaints/{complaint.pk}/").status_code == 200


def test_another_dealers_staff_get_404_on_every_complaint_route(other_agent, client_for, intake, walk):
    complaint = walk(intake(), Step.SOLUTION_PROPOSED)
    client, rest = client_for(other_agent), api(other_agent)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    for name in ACTIONS:
        assert client.post(reverse(f"complaints:{name}", args=[complaint.pk]), {}).status_code == 404, name
        assert rest.post(
            f"/api/complaints/{complaint.pk}/{name.replace('-options', '')}/", {}
        ).status_code in (
            404,
            405,
        ), name
    assert rest.get(f"/api/complaints/{complaint.pk}/").status_code == 404
    assert str(complaint.pk) not in str(rest.get("/api/complaints/").json()["results"])
    assert "保养后异响" not in client.get(reverse("complaints:list")).content.decode()


def test_group_hq_sees_every_dealer_but_changes_nothing(hq, client_for, intake):
    complaint = intake()
    client = client_for(hq)
    assert "保养后异响" in client.get(reverse("complaints:list")).content.decode()
    assert client.get(reverse("complaints:intake")).status_code == 403
    for name in ("classify", "escalate", "attempt"):
        assert client.post(reverse(f"complaints:{name}", args=[complaint.pk]), {}).status_code == 403
    assert api(hq).post("/api/complaints/", {}, format="json").status_code == 403
    assert api(hq).post(f"/api/complaints/{complaint.pk}/classify/", {}, format="json").status_code == 403


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("agent", "classify", 403),
        ("sales", "classify", 403),
        ("advisor", "escalate", 403),
        ("gm", "classify", 302),  # the GM manages complaints
        ("manager", "classify", 302),
    ],
)
def test_managing_steps_need_a_manager(role, action, status, request, client_for, intake):
    complaint = intake()
    data = {"complaint_type": "other", "severity": "general"}
    response = client_for(request.getfixturevalue(role)).post(
        reverse(f"complaints:{action}", args=[complaint.pk]), data
    )
    assert response.status_code == status


def test_the_gm_may_not_take_complaints_in(gm, client_for):
    assert client_for(gm).get(reverse("complaints:intake")).status_code == 403


def test_anonymous_users_are_sent_to_login(client, intake):
    complaint = intake()
    response = client.get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
