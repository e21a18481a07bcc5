"""Two agents never receive the same task: agents in threads race for one queue on PostgreSQL (SKIP LOCKED)."""

import threading

import pytest
from django.db import connection, connections

from dealercrm.followups.choices import CallOutcome
from dealercrm.followups.models import CallLog, FollowUpTask
from dealercrm.followups.services import call_record, next_call
from dealercrm.org.access import actor_for
from dealercrm.org.roles import Role

AGENTS = 8
TASKS = 30


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_two_agents_the_same_task(dealer, make_customer, make_user, due_task, now):
    if connection.vendor != "postgresql":
        pytest.skip("the claim race runs in the PostgreSQL pass (SELECT … FOR UPDATE SKIP LOCKED)")
    for i in range(TASKS):
        due_task(make_customer(dealer, name=f"并发{i}", mobile=f"1360000{i:04d}"))
    agents = [actor_for(make_user(f"d01-race{i}", [Role.COC_AGENT], dealer)) for i in range(AGENTS)]
    start = threading.Barrier(AGENTS)
    taken: dict[int, list[int]] = {a.user_id: [] for a in agents}
    errors: list[BaseException] = []

    def work(actor):
        try:
            start.wait()
            while (task := next_call(actor=actor, now=now).task) is not None:
                taken[actor.user_id].append(task.pk)
                call_record(actor=actor, task=task, outcome=CallOutcome.COMPLETED, now=now)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(a,)) for a in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    every = [pk for pks in taken.values() for pk in pks]
    assert len(every) == len(set(every)) == TASKS
    assert sum(1 for pks in taken.values() if pks) > 1  # they really worked side by side
    assert CallLog.objects.count() == TASKS
    assert not FollowUpTask.objects.filter(status="open").exists()
