"""The manager's numbers and tools: queue health, consolidation saving, reassignment, audits, the policy."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError

from dealercrm.followups import selectors
from dealercrm.followups.choices import AuditResult, CallOutcome, EventKind, TaskStatus
from dealercrm.followups.models import CallAudit, FollowUpTask
from dealercrm.followups.services import (
    call_audit_record,
    call_record,
    next_call,
    policy_update,
    record_event,
    task_cancel,
    tasks_reassign,
)
from tests.followups.conftest import MONDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(agent, actor_of):
    return actor_of(agent)


@pytest.fixture
def boss(manager, actor_of):
    return actor_of(manager)


def test_queue_health_counts_per_dealer_and_agent(dealer, make_customer, due_task, me, boss, now, today):
    people = [make_customer(dealer, name=f"健康{i}", mobile=f"1320000{i:04d}") for i in range(4)]
    tasks = [due_task(p) for p in people]
    call_record(actor=me, task=next_call(actor=me, now=now).task, outcome=CallOutcome.COMPLETED, now=now)
    call_record(actor=me, task=next_call(actor=me, now=now).task, outcome=CallOutcome.NOT_REACHED, now=now)
    FollowUpTask.objects.filter(pk=tasks[3].pk).update(
        window_end=today - timedelta(days=1), due_on=today - timedelta(days=4)
    )
    [d01], agents = selectors.queue_health(boss, today=today)
    assert (d01.label, d01.open, d01.overdue, d01.done) == ("D01", 3, 1, 1)
    assert (d01.calls, d01.reach_rate, d01.calls_per_customer, d01.average_attempts) == (2, 50, 1.0, 1.0)
    [mine] = agents
    assert (mine.label, mine.calls, mine.done, mine.reach_rate) == ("d01-agent", 2, 1, 50)


def test_the_consolidation_saving_compares_reasons_and_calls(customer, dealer, make_customer, boss, today):
    record_event(kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=today, source="ro:1")
    record_event(kind=EventKind.COMPLAINT_CLOSED, customer=customer, occurred_on=today, source="c:1")
    other = make_customer(dealer, name="另一位", mobile="13200009999")
    record_event(kind=EventKind.REPAIR_CLOSED, customer=other, occurred_on=today, source="ro:2")
    months = {s.month.month: s for s in selectors.consolidation_saving(boss, today=today)}
    due_month = FollowUpTask.objects.filter(customer=customer).get().due_on.month
    saving = months[due_month]
    assert (saving.customers, saving.purposes, saving.calls) == (2, 3, 2)
    assert (saving.without, saving.with_consolidation, saving.saved_percent) == (1.5, 1.0, 33)


def test_reassignment_goes_only_to_colleagues_who_work_calls(
    customer, due_task, boss, other_agent, clerk, gm, advisor
):
    task = due_task(customer)
    for outsider in (other_agent, clerk, gm):
        with pytest.raises(ValidationError):
            tasks_reassign(actor=boss, task_ids=[task.pk], assignee_id=outsider.pk)
    with pytest.raises(ValidationError):
        tasks_reassign(actor=boss, task_ids=[], assignee_id=advisor.pk)
    assert tasks_reassign(actor=boss, task_ids=[task.pk], assignee_id=advisor.pk) == 1
    assert tasks_reassign(actor=boss, task_ids=[task.pk], assignee_id=None) == 1
    assert FollowUpTask.objects.get(pk=task.pk).assignee_id is None


def test_reassignment_never_touches_another_dealers_tasks(
    customer, due_task, other_dealer, actor_of, make_user
):
    from dealercrm.org.roles import Role

    task = due_task(customer)
    other_manager = actor_of(make_user("d02-manager", [Role.COC_MANAGER], other_dealer))
    assert tasks_reassign(actor=other_manager, task_ids=[task.pk], assignee_id=None) == 0


def test_an_audit_of_a_completed_call_is_stored_and_a_failure_needs_a_note(customer, due_task, me, boss, now):
    due_task(customer)
    call = call_record(
        actor=me, task=next_call(actor=me, now=now).task, outcome=CallOutcome.COMPLETED, now=now
    )
    assert list(selectors.audit_sample(boss)) == [call]
    with pytest.raises(ValidationError):
        call_audit_record(actor=boss, call=call, result=AuditResult.FAILED)
    call_audit_record(actor=boss, call=call, result=AuditResult.FAILED, note="没有核对车牌")
    assert CallAudit.objects.get().result == AuditResult.FAILED
    assert list(selectors.audit_sample(boss)) == []
    assert list(selectors.audits_recent(boss)) == [call]


def test_the_policy_is_checked_before_it_is_saved(dealer, boss, me):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(ValidationError) as caught:
        policy_update(
            actor=boss,
            dealer_id=dealer.pk,
            fields={"quiet_until": time(21), "quiet_from": time(9), "max_calls_7d": 9},
        )
    assert set(caught.value.message_dict) == {"quiet_from", "max_calls_30d"}
    policy = policy_update(actor=boss, dealer_id=dealer.pk, fields={"max_attempts": 5})
    assert policy.max_attempts == 5
    with pytest.raises(PermissionDenied):
        policy_update(actor=me, dealer_id=dealer.pk, fields={"max_attempts": 1})


def test_a_cancelled_task_closes_its_purposes(customer, boss):
    [purpose] = record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="x:1")
    task = task_cancel(actor=boss, task=purpose.task)
    purpose.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and purpose.closed_reason == "cancelled"


def test_open_alerts_are_complaint_candidates_lowest_score_first(customer, due_task, me, boss, now, today):
    from dealercrm.followups.models import Questionnaire

    task = due_task(customer, kind=EventKind.REPAIR_CLOSED)
    FollowUpTask.objects.filter(pk=task.pk).update(due_on=today)
    next_call(actor=me, now=now)
    q = Questionnaire.objects.get(dealer_id=task.dealer_id, code="ssi").questions.get(kind="scale10")
    call_record(actor=me, task=task, outcome=CallOutcome.COMPLETED, answers={q.pk: "3"}, now=now)
    [candidate] = selectors.complaint_candidates(boss)
    assert candidate.customer_id == customer.pk and candidate.score == 22
