"""The pages: the agent's day (next call, workbench, outcome), the manager's pages, access and query counts."""

from datetime import time

import pytest
from django.urls import reverse

from dealercrm.followups.choices import EventKind, TaskStatus
from dealercrm.followups.models import ContactPolicy, FollowUpRule, Questionnaire, SurveyAlert
from dealercrm.followups.services import record_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssi_task(customer, car, due_task, always_open, today):
    from dealercrm.followups.models import FollowUpTask

    task = due_task(customer, kind=EventKind.REPAIR_CLOSED, vehicle=car)
    FollowUpTask.objects.filter(pk=task.pk).update(due_on=today)
    return task


def test_an_agent_takes_the_next_call_and_sees_the_customer_and_the_script(ssi_task, agent, client_for):
    client = client_for(agent)
    assert client.get(reverse("followups:home")).status_code == 200
    response = client.post(reverse("followups:next"))
    assert response.status_code == 302 and response.url == reverse("followups:work", args=[ssi_task.pk])
    page = client.get(response.url).content.decode()
    assert "李雷" in page and "Service satisfaction call" in page
    assert "How satisfied are you with this visit overall?" in page
    assert "138****" not in page and "139****1111" in page  # the number, masked for an agent
    assert 'id="save-outcome"' in page


def test_recording_a_low_score_raises_an_alert_the_manager_sees(ssi_task, agent, manager, client_for):
    client = client_for(agent)
    client.post(reverse("followups:next"))
    ssi = Questionnaire.objects.get(dealer_id=ssi_task.dealer_id, code="ssi")
    answers = {
        f"q{q.pk}": {"scale10": "2", "yes_no": "no", "scale5": "1"}.get(q.kind, "")
        for q in ssi.questions.all()
    }
    response = client.post(
        reverse("followups:work", args=[ssi_task.pk]), {"outcome": "completed", "note": "", **answers}
    )
    assert response.status_code == 302
    ssi_task.refresh_from_db()
    assert ssi_task.status == TaskStatus.DONE
    alert = SurveyAlert.objects.get()
    page = client_for(manager).get(reverse("followups:alerts")).content.decode()
    assert "李雷" in page and str(alert.score) in page


def test_a_bad_answer_is_shown_next_to_its_question_and_nothing_is_saved(ssi_task, agent, client_for):
    client = client_for(agent)
    client.post(reverse("followups:next"))
    response = client.post(
        reverse("followups:work", args=[ssi_task.pk]), {"outcome": "callback", "callback_at": ""}
    )
    assert response.status_code == 200
    assert "Choose when to call back." in response.content.decode()
    ssi_task.refresh_from_db()
    assert ssi_task.attempts == 0


def test_next_call_explains_why_nothing_is_offered(customer, due_task, agent, client_for, dealer):
    due_task(customer)
    ContactPolicy.objects.create(dealer=dealer, quiet_until=time(12), quiet_from=time(12))  # never open
    response = client_for(agent).post(reverse("followups:next"), follow=True)
    assert "Quiet hours" in response.content.decode()


def test_the_manager_reassigns_tasks_from_the_list(ssi_task, manager, advisor, client_for):
    client = client_for(manager)
    page = client.get(reverse("followups:tasks")).content.decode()
    assert "Reassign selected" in page
    client.post(reverse("followups:reassign"), {"task": [ssi_task.pk], "assignee": advisor.pk})
    ssi_task.refresh_from_db()
    assert ssi_task.assignee == advisor


def test_the_manager_edits_a_rule_and_a_mistake_is_shown_on_the_field(customer, manager, client_for, dealer):
    record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=customer.created_at.date(), source="x")
    rule = FollowUpRule.objects.get(dealer=dealer, event_kind=EventKind.REPAIR_CLOSED)
    client = client_for(manager)
    url = reverse("followups:rule", args=[rule.pk])
    data = {"purpose_name": "SSI", "offset_days": 4, "window_days": 3, "priority": 70, "questionnaire_code": "ssi",
            "role": "coc_agent", "repeat_every_days": 30, "repeat_until_days": "", "is_active": "on"}  # fmt: skip
    response = client.post(url, data)
    assert "Give both how often to repeat and until which day" in response.content.decode()
    data["repeat_every_days"] = ""
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert (rule.offset_days, rule.window_days) == (4, 3)


def test_the_manager_publishes_a_questionnaire_version(customer, manager, client_for, dealer):
    record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=customer.created_at.date(), source="x")
    ssi = Questionnaire.objects.get(dealer=dealer, code="ssi")
    response = client_for(manager).post(
        reverse("followups:questionnaire", args=[ssi.pk]),
        {
            "name": "SSI v2",
            "alert_at_or_below": 50,
            "questions": "scale10* | Overall?\nyes_no | Fixed first time?",
        },
    )
    assert response.status_code == 302
    assert Questionnaire.objects.get(dealer=dealer, code="ssi", is_current=True).version == 2


PAGES = ["home", "health", "tasks", "audit", "alerts", "rules", "questionnaires", "policy"]
# Who gets what on each page (200 or 403): agents work, managers manage, GM and HQ look.
EXPECTED = {
    "agent": [200, 200, 200, 403, 200, 200, 200, 403],
    "manager": [200, 200, 200, 200, 200, 200, 200, 200],
    "sales": [200, 403, 403, 403, 403, 403, 403, 403],
    "gm": [403, 200, 200, 403, 200, 200, 200, 403],
    "hq": [403, 200, 200, 403, 200, 200, 200, 403],
    "clerk": [403, 403, 403, 403, 403, 403, 403, 403],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_reaches_the_pages_it_should(role, request, client_for, ssi_task):
    client = client_for(request.getfixturevalue(role))
    got = [client.get(reverse(f"followups:{name}")).status_code for name in PAGES]
    assert got == EXPECTED[role]


def test_group_hq_cannot_take_calls_or_change_anything(ssi_task, hq, client_for, dealer):
    client = client_for(hq)
    assert client.post(reverse("followups:next")).status_code == 403
    rule = FollowUpRule.objects.filter(dealer=dealer).first()
    assert client.get(reverse("followups:rule", args=[rule.pk])).status_code == 403
    assert client.get(reverse("followups:task", args=[ssi_task.pk])).status_code == 200


def test_another_dealers_staff_get_404_on_every_object(
    ssi_task, agent, other_agent, client_for, dealer, actor_of, now
):
    from dealercrm.followups.choices import CallOutcome
    from dealercrm.followups.services import call_record, next_call

    me = actor_of(agent)
    call = call_record(
        actor=me, task=next_call(actor=me, now=now).task, outcome=CallOutcome.COMPLETED, now=now
    )
    rule = FollowUpRule.objects.filter(dealer=dealer).first()
    qn = Questionnaire.objects.filter(dealer=dealer).first()
    client = client_for(other_agent)
    urls = [
        reverse("followups:work", args=[ssi_task.pk]),
        reverse("followups:task", args=[ssi_task.pk]),
        reverse("followups:rule", args=[rule.pk]),
        reverse("followups:questionnaire", args=[qn.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("followups:release", args=[ssi_task.pk]),
        reverse("followups:audit-record", args=[call.pk]),
    ]:
        assert client.post(url).status_code == 404, url


def test_the_queue_pages_cost_a_bounded_number_of_queries(
    dealer, make_customer, due_task, manager, agent, client_for, django_assert_max_num_queries, always_open
):
    for i in range(30):
        due_task(make_customer(dealer, name=f"批量{i}", mobile=f"1330000{i:04d}"))
    manager_client, agent_client = client_for(manager), client_for(agent)
    with django_assert_max_num_queries(16):
        assert manager_client.get(reverse("followups:tasks")).status_code == 200
    with django_assert_max_num_queries(16):
        assert manager_client.get(reverse("followups:health")).status_code == 200
    with django_assert_max_num_queries(12):
        assert agent_client.get(reverse("followups:home")).status_code == 200
    task_url = agent_client.post(reverse("followups:next")).url
    with django_assert_max_num_queries(24):
        assert agent_client.get(task_url).status_code == 200
