"""The agent queue: "next call" picks the best callable task and claims it so no other agent gets it.

Order: the agent's own due callbacks first; then highest priority, earliest due, preferring customers this
agent already called (or tasks assigned to them). Held back: tasks not yet due, waiting for a retry day or a
callback time, taken by someone else, of customers at their contact caps (reached calls per 7 / 30 days,
distinct callers per 90 days unless this agent is one of them). Nothing is offered in quiet hours.

The queue is read in index order a page at a time (HEAD rows), and caps are checked for that page only, so a
call costs a few indexed queries however long the queue is. The claim is SELECT … FOR UPDATE SKIP LOCKED on
PostgreSQL and an atomic conditional UPDATE elsewhere.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from dealercrm.followups.choices import REACHED_OUTCOMES, TaskStatus, WorkRole
from dealercrm.followups.models import CallLog, ContactPolicy, FollowUpTask
from dealercrm.followups.services.rules import policy_for
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

CLAIM_TTL = timedelta(hours=2)
HEAD = 50
MAX_PAGES = 20

# Which tasks each staff role works.
ROLE_WORKS = {
    "coc_agent": {WorkRole.COC_AGENT},
    "coc_manager": {WorkRole.COC_AGENT},
    "sales_consultant": {WorkRole.SALES_CONSULTANT},
    "service_advisor": {WorkRole.SERVICE_ADVISOR},
    "admin": set(WorkRole.values),
}


def work_roles(actor: Actor) -> set[str]:
    roles: set[str] = set()
    for role in actor.roles:
        roles |= ROLE_WORKS.get(role, set())
    return roles


@dataclass
class NextCall:
    task: FollowUpTask | None
    reason: str = ""
    held_back: dict[str, int] = field(default_factory=dict)


def quiet_reason(policy: ContactPolicy, now: datetime) -> str:
    """Why no call may be made now ("" when calls are allowed)."""
    local = timezone.localtime(now).time()
    if policy.quiet_until <= local < policy.quiet_from:
        return ""
    return _("Quiet hours: customers are called between %(start)s and %(end)s only.") % {
        "start": time_format(policy.quiet_until, "H:i"),
        "end": time_format(policy.quiet_from, "H:i"),
    }


def claimable(now: datetime) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_TTL)


def callable_tasks(actor: Actor, now: datetime) -> QuerySet[FollowUpTask]:
    """Open tasks this actor may take now, before the contact caps."""
    today = timezone.localdate(now)
    return actor.scope(
        FollowUpTask.objects.filter(status=TaskStatus.OPEN, role__in=work_roles(actor), due_on__lte=today)
        .filter(Q(next_attempt_on__isnull=True) | Q(next_attempt_on__lte=today))
        .filter(Q(callback_at__isnull=True) | Q(callback_at__lte=now))
        .filter(Q(assignee__isnull=True) | Q(assignee_id=actor.user_id))
        .filter(claimable(now))
    )


@dataclass
class _Contacts:
    reached_7d: int = 0
    reached_30d: int = 0
    callers: set = field(default_factory=set)


def contact_history(customer_ids: set[int], now: datetime) -> dict[int, _Contacts]:
    history: dict[int, _Contacts] = defaultdict(_Contacts)
    rows = CallLog.objects.filter(customer_id__in=customer_ids, at__gte=now - timedelta(days=90)).values_list(
        "customer_id", "agent_id", "at", "outcome"
    )
    for customer_id, agent_id, at, outcome in rows:
        seen = history[customer_id]
        seen.callers.add(agent_id)
        if outcome in REACHED_OUTCOMES:
            seen.reached_30d += at >= now - timedelta(days=30)
            seen.reached_7d += at >= now - timedelta(days=7)
    return history


def cap_reason(policy: ContactPolicy, seen: _Contacts, agent_id: int | None) -> str:
    """Which contact cap holds this customer back for this agent ("" when none)."""
    if seen.reached_7d >= policy.max_calls_7d:
        return "week"
    if seen.reached_30d >= policy.max_calls_30d:
        return "month"
    if len(seen.callers) >= policy.max_callers_90d and agent_id not in seen.callers:
        return "callers"
    return ""


def _claim(task_id: int, actor: Actor, now: datetime) -> FollowUpTask | None:
    """Take the task for this agent, or None when another agent holds or just took it."""
    rows = FollowUpTask.objects.filter(pk=task_id, status=TaskStatus.OPEN).filter(claimable(now))
    if connection.vendor == "postgresql":
        task = rows.select_for_update(skip_locked=True).first()
        if task is None:
            return None
        FollowUpTask.objects.filter(pk=task.pk).update(
            claimed_by_id=actor.user_id, claimed_at=now, updated_at=now
        )
        task.claimed_by_id, task.claimed_at, task.updated_at = actor.user_id, now, now
        return task
    if rows.update(claimed_by_id=actor.user_id, claimed_at=now, updated_at=now) != 1:
        return None
    return FollowUpTask.objects.get(pk=task_id)


def _after(row: FollowUpTask) -> Q:
    """Keyset: rows after `row` in (-priority, due_on, id) order."""
    p, d = row.priority, row.due_on
    return Q(priority__lt=p) | Q(priority=p, due_on__gt=d) | Q(priority=p, due_on=d, id__gt=row.pk)


def _held_back_message(held: dict[str, int], policy: ContactPolicy) -> str:
    parts = []
    if held.get("week"):
        parts.append(_("%(n)d at %(cap)d calls a week") % {"n": held["week"], "cap": policy.max_calls_7d})
    if held.get("month"):
        parts.append(_("%(n)d at %(cap)d calls a month") % {"n": held["month"], "cap": policy.max_calls_30d})
    if held.get("callers"):
        parts.append(
            _("%(n)d already called by %(cap)d other people in 90 days")
            % {"n": held["callers"], "cap": policy.max_callers_90d}
        )
    return _("No call can be offered now: %(why)s.") % {"why": "; ".join(parts)}


def current_claim(actor: Actor, now: datetime) -> FollowUpTask | None:
    """The task this agent holds, if any (only open tasks are ever held: closing one releases it)."""
    held = (
        FollowUpTask.objects.filter(claimed_by_id=actor.user_id, claimed_at__gte=now - CLAIM_TTL)
        .order_by("claimed_at")
        .first()
    )
    return held if held is not None and held.status == TaskStatus.OPEN else None


@transaction.atomic
def next_call(*, actor: Actor, now: datetime | None = None) -> NextCall:
    """Claim the next call for this agent (or give back the one they already hold)."""
    actor.require(Perm.WORK_CALLS)
    now = now or timezone.now()
    policies: dict[int, ContactPolicy] = {}
    if actor.dealer_id is not None:
        policies[actor.dealer_id] = policy_for(actor.dealer_id)
        reason = quiet_reason(policies[actor.dealer_id], now)
        if reason:
            return NextCall(None, reason)
    held_task = current_claim(actor, now)
    if held_task is not None:
        return NextCall(held_task)
    base = callable_tasks(actor, now)
    callbacks = actor.scope(
        FollowUpTask.objects.filter(status=TaskStatus.OPEN, assignee_id=actor.user_id, callback_at__lte=now)
    )
    callbacks = callbacks.filter(claimable(now)).order_by("callback_at", "id")
    for task_id in callbacks.values_list("pk", flat=True)[:HEAD]:
        if task := _claim(task_id, actor, now):
            return NextCall(task)
    held: dict[str, int] = defaultdict(int)
    ordered = base.order_by("-priority", "due_on", "id").only(
        "id", "dealer_id", "customer_id", "priority", "due_on", "assignee_id"
    )
    page = list(ordered[:HEAD])
    for _page in range(MAX_PAGES):
        if not page:
            break
        history = contact_history({t.customer_id for t in page}, now)
        eligible = []
        for task in page:
            if task.dealer_id not in policies:
                policies[task.dealer_id] = policy_for(task.dealer_id)
            policy = policies[task.dealer_id]
            seen = history.get(task.customer_id, _Contacts())
            why = cap_reason(policy, seen, actor.user_id)
            if why:
                held[why] += 1
                continue
            preferred = actor.user_id in seen.callers or task.assignee_id == actor.user_id
            eligible.append((-task.priority, not preferred, task.due_on, task.pk))
        for *_key, task_id in sorted(eligible):
            if task := _claim(task_id, actor, now):
                return NextCall(task)
        page = list(ordered.filter(_after(page[-1]))[:HEAD])
    if held:
        policy = policy_for(actor.dealer_id) if actor.dealer_id else ContactPolicy()
        return NextCall(None, _held_back_message(held, policy), dict(held))
    return NextCall(None, _("No calls are due right now."))


@transaction.atomic
def task_release(*, actor: Actor, task: FollowUpTask) -> None:
    """The agent hands a task back to the queue without calling."""
    actor.check_dealer(task.dealer_id)
    FollowUpTask.objects.filter(pk=task.pk, claimed_by_id=actor.user_id).update(
        claimed_by=None, claimed_at=None, updated_at=timezone.now()
    )
