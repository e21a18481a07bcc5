"""The follow-up API: next call and outcome, rules, questionnaires, responses, alerts; scoped by role and dealer."""

import pytest
from rest_framework.test import APIClient

from dealercrm.followups.choices import EventKind
from dealercrm.followups.models import FollowUpRule, Questionnaire, SurveyAlert

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def task(customer, due_task, always_open, today):
    from dealercrm.followups.models import FollowUpTask

    task = due_task(customer, kind=EventKind.COMPLAINT_CLOSED)
    FollowUpTask.objects.filter(pk=task.pk).update(due_on=today)
    return task


def test_an_agent_takes_the_next_call_and_records_a_low_score(task, agent, manager, api):
    client = api(agent)
    offered = client.post("/api/followup-tasks/next/").json()
    assert offered["task"]["id"] == task.pk and offered["reason"] == ""
    assert offered["task"]["purposes"][0]["purpose_code"] == "CHS"
    qn = Questionnaire.objects.get(dealer_id=task.dealer_id, code="complaint")
    answers = {
        str(q.pk): {"scale5": "1", "yes_no": "no"}[q.kind] for q in qn.questions.all() if q.kind != "text"
    }
    response = client.post(
        f"/api/followup-tasks/{task.pk}/outcome/", {"outcome": "completed", "answers": answers}, format="json"
    )
    assert response.status_code == 201, response.content
    alerts = api(manager).get("/api/survey-alerts/").json()["results"]
    assert [a["score"] for a in alerts] == [0]
    responses = client.get("/api/survey-responses/").json()["results"]
    assert responses[0]["score"] == 0 and len(responses[0]["answers"]) == 2


def test_the_next_call_says_why_when_there_is_none(agent, api, always_open):
    body = api(agent).post("/api/followup-tasks/next/").json()
    assert body == {"task": None, "reason": "No calls are due right now."}


def test_a_wrong_outcome_is_a_400_with_the_message(task, agent, api):
    client = api(agent)
    client.post("/api/followup-tasks/next/")
    response = client.post(f"/api/followup-tasks/{task.pk}/outcome/", {"outcome": "callback"}, format="json")
    assert response.status_code == 400 and "callback_at" in response.json()
    response = client.post(
        f"/api/followup-tasks/{task.pk}/outcome/",
        {"outcome": "completed", "answers": {"1": "x"}},
        format="json",
    )
    assert response.status_code == 400


def test_another_dealers_staff_get_404_on_every_object(task, other_agent, api, dealer):
    client = api(other_agent)
    rule = FollowUpRule.objects.filter(dealer=dealer).first()
    qn = Questionnaire.objects.filter(dealer=dealer).first()
    for url in [
        f"/api/followup-tasks/{task.pk}/",
        f"/api/followup-rules/{rule.pk}/",
        f"/api/questionnaires/{qn.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/api/followup-tasks/{task.pk}/outcome/", {"outcome": "refused"}, format="json"
        ).status_code
        == 404
    )
    assert client.patch(f"/api/followup-rules/{rule.pk}/", {"priority": 1}, format="json").status_code == 404
    assert client.post(f"/api/questionnaires/{qn.pk}/versions/", {}, format="json").status_code == 404
    assert client.get("/api/followup-tasks/").json()["count"] == 0


def test_only_a_coc_manager_changes_rules_and_questionnaires(task, agent, manager, hq, api, dealer):
    rule = FollowUpRule.objects.get(dealer=dealer, event_kind=EventKind.DELIVERY, purpose_code="3DC")
    url = f"/api/followup-rules/{rule.pk}/"
    assert api(agent).patch(url, {"priority": 99}, format="json").status_code == 403
    assert api(hq).patch(url, {"priority": 99}, format="json").status_code == 403
    response = api(manager).patch(url, {"priority": 99, "window_days": 2}, format="json")
    assert response.status_code == 200 and response.json()["priority"] == 99
    assert api(manager).patch(url, {"questionnaire_code": "nope"}, format="json").status_code == 400
    qn = Questionnaire.objects.get(dealer=dealer, code="csi_sales")
    body = {
        "name": "CSI 2",
        "alert_at_or_below": 40,
        "questions": [{"kind": "scale10", "text": "Overall?", "required": True}],
    }
    assert api(agent).post(f"/api/questionnaires/{qn.pk}/versions/", body, format="json").status_code == 403
    created = api(manager).post(f"/api/questionnaires/{qn.pk}/versions/", body, format="json")
    assert created.status_code == 201 and created.json()["version"] == 2


def test_sales_consultants_take_calls_but_do_not_browse_the_queue(sales, api, always_open):
    client = api(sales)
    assert client.post("/api/followup-tasks/next/").status_code == 200
    assert client.get("/api/followup-tasks/").status_code == 403


def test_group_hq_reads_every_dealer_and_handles_nothing(task, hq, agent, api, now, actor_of):
    from dealercrm.followups.choices import CallOutcome
    from dealercrm.followups.services import call_record, next_call

    me = actor_of(agent)
    taken = next_call(actor=me, now=now).task
    qn = Questionnaire.objects.get(dealer_id=task.dealer_id, code="complaint")
    q = qn.questions.get(kind="scale5")
    call_record(actor=me, task=taken, outcome=CallOutcome.COMPLETED, answers={q.pk: "1"}, now=now)
    alert = SurveyAlert.objects.get()
    client = api(hq)
    assert client.get("/api/followup-tasks/").json()["count"] == 1
    assert client.post(f"/api/survey-alerts/{alert.pk}/handle/", {}, format="json").status_code == 403
    assert client.post("/api/followup-tasks/next/").status_code == 403
