"""Reads of the follow-up engine, always scoped by the acting staff member (another dealer's row is a 404)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Mod
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dealercrm.customers import selectors as customer_selectors
from dealercrm.customers.models import Customer
from dealercrm.followups.choices import REACHED_OUTCOMES, AlertStatus, CallOutcome, TaskStatus
from dealercrm.followups.models import (
    CallLog,
    FollowUpRule,
    FollowUpTask,
    Questionnaire,
    SurveyAlert,
    SurveyResponse,
    TaskPurpose,
)
from dealercrm.followups.services.calls import dialable_contacts
from dealercrm.followups.services.surveys import questionnaires_for_task
from dealercrm.org.access import Actor
from dealercrm.org.models import StaffRole
from dealercrm.org.roles import Role
from dealercrm.vehicles import selectors as vehicle_selectors

# --- tasks ---------------------------------------------------------------------------------------------------


def tasks_for(actor: Actor) -> QuerySet[FollowUpTask]:
    return actor.scope(FollowUpTask.objects.all())


def task_get(actor: Actor, pk: int) -> FollowUpTask:
    rows = tasks_for(actor).select_related("customer", "vehicle__model", "assignee", "claimed_by", "dealer")
    return get_object_or_404(rows.prefetch_related("purposes"), pk=pk)


def task_list(
    actor: Actor,
    *,
    status: str = "",
    assignee_id: int | None = None,
    due: str = "",
    today: date | None = None,
) -> QuerySet[FollowUpTask]:
    """Tasks for lists: `due` is "today" (callable now), "overdue" or "" (all)."""
    today = today or timezone.localdate()
    rows = tasks_for(actor).select_related("customer", "vehicle", "assignee", "claimed_by", "dealer")
    if status:
        rows = rows.filter(status=status)
    if assignee_id:
        rows = rows.filter(assignee_id=assignee_id)
    if due == "today":
        rows = rows.filter(status=TaskStatus.OPEN, due_on__lte=today, window_end__gte=today)
    elif due == "overdue":
        rows = rows.filter(status=TaskStatus.OPEN, window_end__lt=today)
    return rows.prefetch_related(
        Prefetch("purposes", queryset=TaskPurpose.objects.only("id", "task_id", "purpose_name", "priority"))
    ).order_by("status", "-priority", "due_on", "id")


@dataclass
class Workbench:
    """Everything the agent sees while on a call."""

    task: FollowUpTask
    customer: Customer
    phones: list[tuple[int, str, str, bool]]  # (contact id, kind label, shown value, primary)
    vehicles: list
    purposes: list[TaskPurpose]
    questionnaires: list[Questionnaire]
    calls: list[CallLog]
    timeline: list
    tags: list[str] = field(default_factory=list)


def workbench(actor: Actor, pk: int) -> Workbench:
    """The task, the customer's 360 summary and the merged script, in a bounded number of queries."""
    task = task_get(actor, pk)
    customer = customer_selectors.customer_profile(actor, task.customer_id)
    phones = [
        (c.pk, c.get_kind_display(), customer_selectors.contact_display(actor, c.kind, c.value), c.is_primary)
        for c in dialable_contacts(customer.pk)
    ]
    timeline, _more = customer_selectors.timeline_page(actor, customer, size=8)
    calls = list(CallLog.objects.filter(customer=customer).select_related("agent").order_by("-at")[:10])
    return Workbench(
        task=task,
        customer=customer,
        phones=phones,
        vehicles=vehicle_selectors.customer_vehicles(actor, customer),
        purposes=sorted(task.purposes.all(), key=lambda p: (-p.priority, p.due_on, p.pk)),
        questionnaires=questionnaires_for_task(task),
        calls=calls,
        timeline=timeline,
        tags=[t.name for t in customer.tags.all()],
    )


def agents_for(actor: Actor) -> QuerySet:
    """Colleagues who work calls at the actor's dealer (for reassignment)."""
    working = [Role.COC_AGENT, Role.COC_MANAGER, Role.SALES_CONSULTANT, Role.SERVICE_ADVISOR]
    staff = StaffRole.objects.filter(role__in=working)
    if not actor.is_group_wide:
        staff = staff.filter(staff__dealer_id=actor.dealer_id)
    ids = staff.values("staff__user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


# --- manager views -------------------------------------------------------------------------------------------


@dataclass
class Health:
    label: str
    open: int = 0
    due_today: int = 0
    overdue: int = 0
    done: int = 0
    calls: int = 0
    reached: int = 0
    customers: int = 0
    attempts_total: int = 0
    tasks_closed: int = 0

    @property
    def reach_rate(self) -> int | None:
        return round(100 * self.reached / self.calls) if self.calls else None

    @property
    def average_attempts(self) -> float | None:
        return round(self.attempts_total / self.tasks_closed, 1) if self.tasks_closed else None

    @property
    def calls_per_customer(self) -> float | None:
        return round(self.calls / self.customers, 2) if self.customers else None


def queue_health(
    actor: Actor, today: date | None = None, days: int = 30
) -> tuple[list[Health], list[Health]]:
    """(per dealer, per agent) over the last `days`: five grouped queries whatever the volume."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=days)
    tasks = tasks_for(actor)
    dealers: dict[int, Health] = {}
    open_rows = (
        tasks.filter(status=TaskStatus.OPEN)
        .values("dealer_id", "dealer__code")
        .annotate(
            open=Count("id"),
            due=Count("id", filter=Q(due_on__lte=today, window_end__gte=today)),
            late=Count("id", filter=Q(window_end__lt=today)),
        )
        .order_by("dealer__code")
    )
    for row in open_rows:
        dealers[row["dealer_id"]] = Health(row["dealer__code"], row["open"], row["due"], row["late"])
    closed = tasks.filter(closed_at__gte=since).exclude(status=TaskStatus.CANCELLED)
    for row in (
        closed.values("dealer_id", "dealer__code")
        .annotate(done=Count("id", filter=Q(status=TaskStatus.DONE)), n=Count("id"), attempts=Sum("attempts"))
        .order_by()
    ):
        h = dealers.setdefault(row["dealer_id"], Health(row["dealer__code"]))
        h.done, h.tasks_closed, h.attempts_total = row["done"], row["n"], row["attempts"]
    calls = actor.scope(CallLog.objects.filter(at__gte=since))
    for row in (
        calls.values("dealer_id", "dealer__code")
        .annotate(
            n=Count("id"),
            reached=Count("id", filter=Q(outcome__in=REACHED_OUTCOMES)),
            people=Count("customer", distinct=True),
        )
        .order_by()
    ):
        h = dealers.setdefault(row["dealer_id"], Health(row["dealer__code"]))
        h.calls, h.reached, h.customers = row["n"], row["reached"], row["people"]
    agents: dict[int, Health] = {}
    for row in (
        calls.values("agent_id", "agent__username")
        .annotate(
            n=Count("id"),
            reached=Count("id", filter=Q(outcome__in=REACHED_OUTCOMES)),
            people=Count("customer", distinct=True),
            done=Count("id", filter=Q(outcome=CallOutcome.COMPLETED)),
            tasks=Count("task", distinct=True),
        )
        .order_by("agent__username")
    ):
        agents[row["agent_id"]] = Health(
            row["agent__username"] or "—", done=row["done"], calls=row["n"], reached=row["reached"],
            customers=row["people"], attempts_total=row["n"], tasks_closed=row["tasks"],
        )  # fmt: skip
    assigned = tasks.filter(status=TaskStatus.OPEN, assignee__isnull=False)
    for row in assigned.values("assignee_id", "assignee__username").annotate(
        open=Count("id"), due=Count("id", filter=Q(due_on__lte=today, window_end__gte=today)),
        late=Count("id", filter=Q(window_end__lt=today)),
    ).order_by():  # fmt: skip
        h = agents.setdefault(row["assignee_id"], Health(row["assignee__username"]))
        h.open, h.due_today, h.overdue = row["open"], row["due"], row["late"]
    return list(dealers.values()), sorted(agents.values(), key=lambda h: h.label)


@dataclass
class Saving:
    month: date
    customers: int
    purposes: int
    calls: int

    @property
    def without(self) -> float:
        return round(self.purposes / self.customers, 2) if self.customers else 0

    @property
    def with_consolidation(self) -> float:
        return round(self.calls / self.customers, 2) if self.customers else 0

    @property
    def saved_percent(self) -> int:
        return round(100 * (1 - self.calls / self.purposes)) if self.purposes else 0


def consolidation_saving(actor: Actor, today: date | None = None, months: int = 4) -> list[Saving]:
    """Calls per customer per month by due month: one call per purpose (without) vs one per task (with)."""
    from django.db.models.functions import TruncMonth

    today = today or timezone.localdate()
    first = (today.replace(day=1) - timedelta(days=31 * (months - 2))).replace(day=1)
    last = (today.replace(day=28) + timedelta(days=40)).replace(day=1)
    rows = (
        actor.scope(TaskPurpose.objects.filter(task__isnull=False, due_on__gte=first, due_on__lt=last))
        .annotate(month=TruncMonth("due_on"))
        .values("month")
        .annotate(
            customers=Count("customer", distinct=True),
            purposes=Count("id"),
            calls=Count("task", distinct=True),
        )
        .order_by("month")
    )
    return [Saving(r["month"], r["customers"], r["purposes"], r["calls"]) for r in rows]


def audit_sample(actor: Actor, size: int = 10, days: int = 14) -> QuerySet[CallLog]:
    """Completed calls of the last `days` not yet audited, a stable pseudo-random sample of `size`."""
    since = timezone.now() - timedelta(days=days)
    return (
        actor.scope(CallLog.objects.filter(outcome=CallOutcome.COMPLETED, at__gte=since, audit__isnull=True))
        .select_related("customer", "agent", "task")
        .prefetch_related("task__purposes", "responses__questionnaire")
        .annotate(sample_key=Mod(F("id") * 7919, 1009))
        .order_by("sample_key", "id")[:size]
    )


def audits_recent(actor: Actor, size: int = 20) -> QuerySet[CallLog]:
    return (
        actor.scope(CallLog.objects.filter(audit__isnull=False))
        .select_related("customer", "agent", "audit__auditor")
        .order_by("-audit__created_at")[:size]
    )


def call_get(actor: Actor, pk: int) -> CallLog:
    return get_object_or_404(actor.scope(CallLog.objects.select_related("customer")), pk=pk)


# --- surveys, alerts, rules ----------------------------------------------------------------------------------


def alerts_for(actor: Actor, status: str = "") -> QuerySet[SurveyAlert]:
    rows = actor.scope(SurveyAlert.objects.all()).select_related(
        "customer", "response__questionnaire", "response__call__agent", "handled_by"
    )
    return rows.filter(status=status) if status else rows


def alert_get(actor: Actor, pk: int) -> SurveyAlert:
    return get_object_or_404(alerts_for(actor), pk=pk)


def complaint_candidates(actor: Actor) -> QuerySet[SurveyAlert]:
    """Open low-score alerts: the complaints app offers them as complaint candidates."""
    return alerts_for(actor, AlertStatus.OPEN).order_by("score", "-created_at")


def responses_for(actor: Actor) -> QuerySet[SurveyResponse]:
    return actor.scope(SurveyResponse.objects.all()).select_related(
        "questionnaire", "customer", "call__agent"
    )


def rules_for(actor: Actor) -> QuerySet[FollowUpRule]:
    return (
        actor.scope(FollowUpRule.objects.all())
        .select_related("dealer")
        .order_by("dealer__code", "event_kind", "offset_days")
    )


def rule_get(actor: Actor, pk: int) -> FollowUpRule:
    return get_object_or_404(rules_for(actor), pk=pk)


def questionnaires_for(actor: Actor, current_only: bool = False) -> QuerySet[Questionnaire]:
    rows = actor.scope(Questionnaire.objects.all()).select_related("dealer").prefetch_related("questions")
    return (rows.filter(is_current=True) if current_only else rows).order_by(
        "dealer__code", "code", "-version"
    )


def questionnaire_get(actor: Actor, pk: int) -> Questionnaire:
    return get_object_or_404(questionnaires_for(actor), pk=pk)
