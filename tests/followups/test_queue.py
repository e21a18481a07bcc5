"""Next call: order, claims, quiet hours, contact caps, distinct callers, retries and callbacks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dealercrm.core.calendar import next_working_day
from dealercrm.followups.choices import CallOutcome, EventKind, TaskStatus
from dealercrm.followups.models import CallLog, ContactPolicy, FollowUpTask
from dealercrm.followups.services import call_record, next_call, task_release, tasks_reassign
from dealercrm.org.roles import Role
from tests.followups.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(dealer, make_customer):
    return [make_customer(dealer, name=f"客户{i}", mobile=f"1380000{i:04d}") for i in range(6)]


def _log(task, agent, outcome, when):
    return CallLog.objects.create(
        dealer_id=task.dealer_id,
        task=task,
        customer_id=task.customer_id,
        agent=agent,
        at=when,
        outcome=outcome,
    )


def test_it_gives_the_highest_priority_then_the_earliest_due(people, due_task, agent, actor_of, now, today):
    low = due_task(people[0], kind=EventKind.CUSTOM)  # priority 50
    high = due_task(people[1], kind=EventKind.COMPLAINT_CLOSED)  # 90, due in 2 days: not yet
    FollowUpTask.objects.filter(pk=high.pk).update(due_on=today)
    older = due_task(people[2], kind=EventKind.CUSTOM)
    FollowUpTask.objects.filter(pk=older.pk).update(due_on=today - timedelta(days=1))
    me = actor_of(agent)
    order = []
    for _ in range(3):
        task = next_call(actor=me, now=now).task
        order.append(task.pk)
        task_release(actor=me, task=task)
        FollowUpTask.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    assert order == [high.pk, older.pk, low.pk]


def test_it_never_offers_a_task_not_yet_due_or_of_another_dealer(
    people, due_task, agent, other_agent, actor_of, now, today
):
    task = due_task(people[0])
    FollowUpTask.objects.filter(pk=task.pk).update(due_on=today + timedelta(days=1))
    assert next_call(actor=actor_of(agent), now=now).task is None
    FollowUpTask.objects.filter(pk=task.pk).update(due_on=today)
    assert next_call(actor=actor_of(other_agent), now=now).task is None


def test_it_gives_an_agent_back_the_call_they_hold_and_others_a_different_one(
    people, due_task, agent, make_user, dealer, actor_of, now
):
    first, second = due_task(people[0]), due_task(people[1])
    colleague = make_user("d01-agent2", [Role.COC_AGENT], dealer)
    mine = next_call(actor=actor_of(agent), now=now).task
    assert next_call(actor=actor_of(agent), now=now).task.pk == mine.pk
    theirs = next_call(actor=actor_of(colleague), now=now).task
    assert {mine.pk, theirs.pk} == {first.pk, second.pk}
    assert next_call(actor=actor_of(make_user("d01-agent3", [Role.COC_AGENT], dealer)), now=now).task is None


def test_it_takes_back_a_claim_left_for_two_hours(people, due_task, agent, make_user, dealer, actor_of, now):
    due_task(people[0])
    held = next_call(actor=actor_of(agent), now=now).task
    colleague = actor_of(make_user("d01-agent2", [Role.COC_AGENT], dealer))
    assert next_call(actor=colleague, now=now + timedelta(minutes=90)).task is None
    assert next_call(actor=colleague, now=now + timedelta(hours=2, minutes=1)).task.pk == held.pk


def test_it_offers_nothing_in_quiet_hours_and_says_why(people, due_task, agent, actor_of, today):
    due_task(people[0])
    early = next_call(actor=actor_of(agent), now=at(today, 8, 59))
    assert early.task is None and "09:00" in early.reason and "20:00" in early.reason
    assert next_call(actor=actor_of(agent), now=at(today, 20, 0)).task is None
    assert next_call(actor=actor_of(agent), now=at(today, 9, 0)).task is not None


def test_it_follows_the_dealers_own_quiet_hours(people, due_task, agent, actor_of, dealer, today):
    due_task(people[0])
    ContactPolicy.objects.create(dealer=dealer, quiet_until="10:30", quiet_from="18:00")
    assert next_call(actor=actor_of(agent), now=at(today, 10)).task is None
    assert next_call(actor=actor_of(agent), now=at(today, 10, 30)).task is not None


def test_it_holds_back_a_customer_reached_twice_this_week(people, due_task, agent, gm, actor_of, now):
    task = due_task(people[0])
    _log(task, gm, CallOutcome.COMPLETED, now - timedelta(days=2))
    _log(task, gm, CallOutcome.REFUSED, now - timedelta(days=6))
    offered = next_call(actor=actor_of(agent), now=now)
    assert offered.task is None and "2 calls a week" in offered.reason
    # an unanswered call does not count; a call eight days ago is outside the week
    CallLog.objects.filter(at__lt=now - timedelta(days=5)).update(at=now - timedelta(days=8))
    _log(task, gm, CallOutcome.NOT_REACHED, now - timedelta(days=1))
    assert next_call(actor=actor_of(agent), now=now).task.pk == task.pk


def test_it_holds_back_a_customer_reached_four_times_this_month(people, due_task, agent, gm, actor_of, now):
    task = due_task(people[0])
    for days in (8, 12, 20, 29):
        _log(task, gm, CallOutcome.COMPLETED, now - timedelta(days=days))
    assert "4 calls a month" in next_call(actor=actor_of(agent), now=now).reason
    CallLog.objects.filter(at__lt=now - timedelta(days=25)).update(at=now - timedelta(days=31))
    assert next_call(actor=actor_of(agent), now=now).task.pk == task.pk


def test_it_keeps_a_customer_to_three_callers_and_prefers_those_who_called(
    people, due_task, make_user, dealer, actor_of, now
):
    callers = [make_user(f"d01-caller{i}", [Role.COC_AGENT], dealer) for i in range(3)]
    newcomer = make_user("d01-new", [Role.COC_AGENT], dealer)
    old_task = due_task(people[0])
    for i, caller in enumerate(callers):
        _log(old_task, caller, CallOutcome.NOT_REACHED, now - timedelta(days=40 + i))
    other = due_task(people[1])
    FollowUpTask.objects.filter(pk=other.pk).update(due_on=old_task.due_on - timedelta(days=1))  # due earlier
    assert next_call(actor=actor_of(newcomer), now=now).task.pk == other.pk
    assert next_call(actor=actor_of(make_user("d01-new2", [Role.COC_AGENT], dealer)), now=now).reason
    # a previous caller is preferred for "their" customer over an earlier-due one of the same priority
    task_release(actor=actor_of(newcomer), task=other)
    assert next_call(actor=actor_of(callers[0]), now=now).task.pk == old_task.pk


def test_it_retries_a_not_reached_call_on_the_next_working_day(people, due_task, agent, actor_of, now, today):
    task = due_task(people[0])
    me = actor_of(agent)
    call_record(actor=me, task=next_call(actor=me, now=now).task, outcome=CallOutcome.NOT_REACHED, now=now)
    task.refresh_from_db()
    retry = next_working_day(today)
    assert task.next_attempt_on == retry and task.misses == 1 and task.status == TaskStatus.OPEN
    assert next_call(actor=me, now=now + timedelta(hours=1)).task is None
    assert next_call(actor=me, now=at(retry, 10)).task.pk == task.pk


def test_a_callback_goes_to_the_same_agent_at_the_chosen_time(
    people, due_task, agent, make_user, dealer, actor_of, now, today
):
    task = due_task(people[0])
    me = actor_of(agent)
    later = now + timedelta(hours=5)  # 15:00
    call_record(
        actor=me,
        task=next_call(actor=me, now=now).task,
        outcome=CallOutcome.CALLBACK,
        callback_at=later,
        now=now,
    )
    colleague = actor_of(make_user("d01-agent2", [Role.COC_AGENT], dealer))
    assert next_call(actor=me, now=now + timedelta(hours=1)).task is None
    assert next_call(actor=colleague, now=later + timedelta(minutes=1)).task is None
    assert next_call(actor=me, now=later + timedelta(minutes=1)).task.pk == task.pk


def test_a_reassigned_task_goes_to_its_assignee_only(
    people, due_task, agent, manager, make_user, dealer, actor_of, now
):
    task = due_task(people[0])
    colleague = make_user("d01-agent2", [Role.COC_AGENT], dealer)
    assert tasks_reassign(actor=actor_of(manager), task_ids=[task.pk], assignee_id=colleague.pk) == 1
    assert next_call(actor=actor_of(agent), now=now).task is None
    assert next_call(actor=actor_of(colleague), now=now).task.pk == task.pk


def test_sales_consultants_get_lead_calls_and_agents_do_not(people, due_task, agent, sales, actor_of, now):
    lead = due_task(people[0], kind=EventKind.LEAD_FOLLOW_UP)
    assert next_call(actor=actor_of(agent), now=now).task is None
    assert next_call(actor=actor_of(sales), now=now).task.pk == lead.pk


def test_it_reads_past_a_full_page_of_held_back_customers(
    people, dealer, make_customer, due_task, agent, gm, actor_of, now
):
    from dealercrm.followups.services import queue

    blocked = []
    for i in range(queue.HEAD + 3):
        customer = make_customer(dealer, name=f"忙{i}", mobile=f"1350000{i:04d}")
        task = due_task(customer, kind=EventKind.COMPLAINT_CLOSED)
        FollowUpTask.objects.filter(pk=task.pk).update(due_on=timezone.localdate())
        _log(task, gm, CallOutcome.COMPLETED, now - timedelta(days=1))
        _log(task, gm, CallOutcome.COMPLETED, now - timedelta(days=2))
        blocked.append(task)
    free = due_task(people[0])
    assert next_call(actor=actor_of(agent), now=now).task.pk == free.pk
