"""The complaints API: scoped lists, masked contacts, intake, steps as actions, improvement actions."""

import pytest
from rest_framework.test import APIClient

from dealercrm.complaints.choices import Step
from dealercrm.complaints.models import Complaint, ImprovementAction

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


BODY = {
    "channel": "email",
    "complaint_type": "price",
    "severity": "major",
    "title": "收费不透明",
    "description": "账单里多了一项检测费。",
}


def test_it_lists_complaints_with_the_contact_masked(agent, clerk, intake):
    complaint = intake()
    row = api(agent).get("/api/complaints/").json()["results"][0]
    assert row["id"] == complaint.pk and row["customer_contact"] == "139****5678"
    assert row["time_left"] and row["events"][0]["step"] == "received"
    assert api(clerk).get(f"/api/complaints/{complaint.pk}/").json()["customer_contact"] == "13912345678"


def test_it_receives_a_complaint_for_an_existing_or_a_new_customer(agent, customer, car, dealer):
    response = api(agent).post(
        "/api/complaints/", {**BODY, "customer": customer.pk, "vehicle": car.pk, "task": 12}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["vehicle"] == car.pk and response.json()["task_id"] == 12
    response = api(agent).post(
        "/api/complaints/",
        {**BODY, "new_customer": {"name": "钱多多", "mobile": "13511112222"}},
        format="json",
    )
    assert response.status_code == 201 and response.json()["customer_name"] == "钱多多"
    assert Complaint.objects.count() == 2


def test_intake_errors_are_400s_per_field(agent, other_dealer, make_customer):
    theirs = make_customer(other_dealer, name="外店", mobile="13600000006")
    response = api(agent).post("/api/complaints/", {**BODY, "customer": theirs.pk}, format="json")
    assert response.status_code == 400 and "customer" in response.json()
    response = api(agent).post("/api/complaints/", BODY, format="json")
    assert response.status_code == 400 and "customer" in response.json()
    response = api(agent).post(
        "/api/complaints/", {**BODY, "new_customer": {"name": "x", "mobile": "123"}}, format="json"
    )
    assert response.status_code == 400 and "new_mobile" in response.json()


def test_steps_are_actions_and_skips_are_refused(manager, agent, intake):
    complaint = intake()
    url = f"/api/complaints/{complaint.pk}"
    response = api(manager).post(f"{url}/assign/", {"assignee": agent.pk}, format="json")
    assert response.status_code == 400 and "Classify" in response.json()["step"][0]
    response = api(agent).post(
        f"{url}/classify/", {"complaint_type": "price", "severity": "general"}, format="json"
    )
    assert response.status_code == 403
    response = api(manager).post(
        f"{url}/classify/", {"complaint_type": "price", "severity": "general"}, format="json"
    )
    assert response.status_code == 200 and response.json()["step"] == "classified"
    assert (
        api(manager).post(f"{url}/assign/", {"assignee": agent.pk}, format="json").json()["assignee"]
        == agent.pk
    )
    handler = api(agent)
    assert (
        handler.post(
            f"{url}/investigate/", {"findings": "多收费", "root_cause": "pricing"}, format="json"
        ).status_code
        == 200
    )
    body = {
        "options": [
            {"description": "退还检测费", "compensation_kind": "cash", "compensation_amount": "180.00"}
        ]
    }
    options = handler.post(f"{url}/propose/", body, format="json").json()["options"]
    assert options[0]["compensation_amount"] == "180.00"
    assert handler.post(f"{url}/choose/", {"option": options[0]["id"]}, format="json").json()["options"][0][
        "chosen"
    ]
    assert (
        handler.post(f"{url}/implement/", {"resolution": "已退款"}, format="json").json()["sla_met"] is True
    )
    for _ in range(3):
        assert handler.post(f"{url}/attempt/", {"note": "无人接听"}, format="json").status_code == 200
    assert handler.post(f"{url}/feedback/", {"reached": False}, format="json").json()["step"] == "feedback"
    archived = api(manager).post(f"{url}/archive/", {"note": "结案"}, format="json").json()
    assert archived["step"] == "archived" and archived["closed_at"]


def test_the_gm_decides_compensation_over_the_api(gm, agent, intake, walk, actor_of):
    from dealercrm.complaints import services

    complaint = walk(intake(), Step.INVESTIGATED)
    services.complaint_propose(
        actor=actor_of(agent), complaint=complaint, options=[services.OptionInput("赔偿", "cash", 3000)]
    )
    url = f"/api/complaints/{complaint.pk}"
    api(agent).post(f"{url}/choose/", {"option": complaint.options.get().pk}, format="json")
    assert api(agent).post(f"{url}/decide/", {"approve": True}, format="json").status_code == 403
    response = api(gm).post(f"{url}/decide/", {"approve": True}, format="json")
    assert response.json()["options"][0]["approval"] == "approved"


def test_group_hq_reads_every_dealer(hq, intake, other_agent, other_dealer, make_customer):
    intake()
    intake(
        who=other_agent,
        dealer_=other_dealer,
        for_customer=make_customer(other_dealer, name="外", mobile="13600000007"),
    )
    assert api(hq).get("/api/complaints/").json()["count"] == 2


def test_improvement_actions_over_the_api(manager, advisor, agent, intake, other_agent):
    complaint = intake()
    body = {
        "title": "增加接待人员",
        "owner": advisor.pk,
        "due_on": "2026-12-20",
        "complaints": [complaint.pk],
    }
    assert api(agent).post("/api/complaint-improvements/", body, format="json").status_code == 403
    response = api(manager).post("/api/complaint-improvements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["complaints"] == [complaint.pk] and response.json()["owner"] == advisor.pk
    pk = response.json()["id"]
    response = api(manager).patch(
        f"/api/complaint-improvements/{pk}/", {"status": "in_progress"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    assert api(other_agent).get(f"/api/complaint-improvements/{pk}/").status_code == 404
    assert api(other_agent).patch(f"/api/complaint-improvements/{pk}/", {}, format="json").status_code == 404
    response = api(manager).post(
        "/api/complaint-improvements/", {**body, "complaints": [999999]}, format="json"
    )
    assert response.status_code == 400 and ImprovementAction.objects.count() == 1


def test_it_filters_by_customer_and_state(agent, intake, walk, make_customer, dealer, other_dealer):
    mine = intake()
    walk(intake(), Step.ARCHIVED)
    other = make_customer(dealer, name="别人", mobile="13600000008")
    theirs = make_customer(other_dealer, name="外店", mobile="13600000009")
    client = api(agent)
    assert client.get("/api/complaints/", {"open": "true"}).json()["count"] == 1
    assert client.get("/api/complaints/", {"open": "false"}).json()["count"] == 1
    assert client.get("/api/complaints/", {"customer": mine.customer_id}).json()["count"] == 2
    for pk in (other.pk, theirs.pk, 99999999):
        assert client.get("/api/complaints/", {"customer": pk}).json()["count"] == 0
