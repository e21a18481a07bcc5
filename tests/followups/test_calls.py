"""Recording outcomes: done, retries up to unreachable, wrong numbers, refusals, the timeline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from dealercrm.customers.models import TimelineEntry
from dealercrm.customers.services import contact_add
from dealercrm.followups.choices import CallOutcome, ClosedReason, EventKind, PurposeStatus, TaskStatus
from dealercrm.followups.models import CallLog, TaskPurpose
from dealercrm.followups.services import call_record, next_call
from tests.followups.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(agent, actor_of):
    return actor_of(agent)


@pytest.fixture
def taken(customer, due_task, me, now):
    """A task of two purposes, taken by the agent."""
    task = due_task(customer, kind=EventKind.CUSTOM)
    due_task(customer, kind=EventKind.CUSTOM)  # joins: same customer, same window
    assert next_call(actor=me, now=now).task.pk == task.pk
    task.refresh_from_db()
    return task


def test_it_closes_the_task_and_every_purpose_when_completed(taken, me, now, customer):
    call = call_record(actor=me, task=taken, outcome=CallOutcome.COMPLETED, note="满意", now=now)
    taken.refresh_from_db()
    assert taken.status == TaskStatus.DONE and taken.attempts == 1 and taken.claimed_by_id is None
    assert set(taken.purposes.values_list("status", flat=True)) == {PurposeStatus.DONE}
    entry = TimelineEntry.objects.get(customer=customer, kind="followup_call")
    assert entry.ref_id == call.pk and "Completed" in entry.summary and "满意" in entry.summary


def test_it_needs_the_call_taken_first(customer, due_task, me, now, make_user, dealer, actor_of):
    task = due_task(customer)
    with pytest.raises(ValidationError, match="Take this call"):
        call_record(actor=me, task=task, outcome=CallOutcome.COMPLETED, now=now)
    next_call(actor=me, now=now)
    call_record(actor=me, task=task, outcome=CallOutcome.COMPLETED, now=now)
    with pytest.raises(ValidationError, match="already closed"):
        call_record(actor=me, task=task, outcome=CallOutcome.COMPLETED, now=now)


def test_three_unanswered_attempts_make_the_customer_unreachable_and_the_number_doubtful(
    taken, me, now, today, customer
):
    when = now
    for _attempt in range(3):
        task = next_call(actor=me, now=when).task
        assert task is not None and task.pk == taken.pk
        call_record(actor=me, task=task, outcome=CallOutcome.NOT_REACHED, now=when)
        task.refresh_from_db()
        when = at(task.next_attempt_on, 10) if task.next_attempt_on else when
    taken.refresh_from_db()
    assert taken.status == TaskStatus.UNREACHABLE and taken.misses == 3 and taken.attempts == 3
    assert set(taken.purposes.values_list("closed_reason", flat=True)) == {ClosedReason.UNREACHABLE}
    assert customer.tags.exists()
    assert TimelineEntry.objects.filter(customer=customer, kind="number_doubtful").exists()
    assert CallLog.objects.filter(task=taken).count() == 3


def test_a_wrong_number_is_flagged_and_the_other_number_is_tried(taken, me, now, customer, system):
    contact_add(actor=system, customer=customer, kind="landline", value="0755-83451234")
    call_record(actor=me, task=taken, outcome=CallOutcome.WRONG_NUMBER, now=now)
    taken.refresh_from_db()
    assert customer.contacts.get(kind="mobile").wrong_number
    assert taken.status == TaskStatus.OPEN and taken.next_attempt_on == now.date()
    next_call(actor=me, now=now)
    call_record(actor=me, task=taken, outcome=CallOutcome.WRONG_NUMBER, now=now)
    taken.refresh_from_db()
    assert taken.status == TaskStatus.UNREACHABLE
    assert set(taken.purposes.values_list("closed_reason", flat=True)) == {ClosedReason.WRONG_NUMBER}


def test_a_refusal_closes_the_purposes_with_the_reason(taken, me, now):
    call_record(actor=me, task=taken, outcome=CallOutcome.REFUSED, now=now)
    taken.refresh_from_db()
    assert taken.status == TaskStatus.DONE and taken.outcome == CallOutcome.REFUSED
    assert set(taken.purposes.values_list("closed_reason", flat=True)) == {ClosedReason.REFUSED}


def test_a_callback_needs_a_future_time_inside_calling_hours(taken, me, now, today):
    for bad in (None, now - timedelta(minutes=1), at(today, 21)):
        with pytest.raises(ValidationError) as caught:
            call_record(actor=me, task=taken, outcome=CallOutcome.CALLBACK, callback_at=bad, now=now)
        assert "callback_at" in caught.value.message_dict
    call_record(actor=me, task=taken, outcome=CallOutcome.CALLBACK, callback_at=at(today, 16), now=now)
    taken.refresh_from_db()
    assert taken.callback_at == at(today, 16) and taken.assignee_id == me.user_id


def test_answers_are_taken_only_with_a_completed_call(taken, me, now):
    with pytest.raises(ValidationError, match="completed call"):
        call_record(actor=me, task=taken, outcome=CallOutcome.REFUSED, answers={"1": "5"}, now=now)
    with pytest.raises(ValidationError):
        call_record(actor=me, task=taken, outcome="hung_up", now=now)


def test_another_dealers_agent_cannot_record_on_the_task(taken, other_agent, actor_of, now):
    from django.http import Http404

    with pytest.raises(Http404):
        call_record(actor=actor_of(other_agent), task=taken, outcome=CallOutcome.COMPLETED, now=now)


def test_group_hq_cannot_work_calls(taken, hq, actor_of, now):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        next_call(actor=actor_of(hq), now=now)
    assert TaskPurpose.objects.filter(task=taken, status="open").count() == 2
