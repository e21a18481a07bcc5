"""Reads for the analysis page: counts, SLA compliance, resolution time, repeat complainants, top causes.

Grouped queries over the actor's scope; resolution time in working days is counted with one calendar query
for the whole period (sla.WorkdayCounter), not one per complaint.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dealercrm.complaints.choices import ActionStatus, ComplaintType, RootCause, Severity, Step
from dealercrm.complaints.models import ImprovementAction
from dealercrm.complaints.selectors import complaints_for, improvement_actions_for
from dealercrm.complaints.sla import WorkdayCounter
from dealercrm.org.access import Actor

TOP = 10


@dataclass
class Analysis:
    date_from: date
    date_to: date
    total: int = 0
    open: int = 0
    overdue: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_severity: list[tuple[str, int]] = field(default_factory=list)
    by_dealer: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    top_causes: list[tuple[str, int]] = field(default_factory=list)
    resolved: int = 0
    resolved_in_time: int = 0
    responded: int = 0
    responded_in_time: int = 0
    average_working_days: float | None = None
    average_satisfaction: float | None = None
    repeat_complainants: list[dict] = field(default_factory=list)
    actions_by_status: list[tuple[str, int]] = field(default_factory=list)

    @property
    def sla_compliance(self) -> int | None:
        return round(100 * self.resolved_in_time / self.resolved) if self.resolved else None

    @property
    def response_compliance(self) -> int | None:
        return round(100 * self.responded_in_time / self.responded) if self.responded else None


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=364), today


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )


def _labelled(rows, choices) -> list[tuple[str, int]]:
    labels = dict(choices)
    return [(str(labels.get(key, key)), n) for key, n in rows]


def _grouped(rows: QuerySet, name: str) -> list[tuple[str, int]]:
    return list(rows.values_list(name).annotate(n=Count("id")).order_by("-n", name))


def average_working_days(rows: QuerySet) -> float | None:
    """Mean working days from receipt to resolution (one query for the pairs, one for the calendar)."""
    pairs = [
        (timezone.localdate(received), timezone.localdate(resolved))
        for received, resolved in rows.filter(resolved_at__isnull=False).values_list(
            "received_at", "resolved_at"
        )
    ]
    if not pairs:
        return None
    counter = WorkdayCounter(min(a for a, _ in pairs), max(b for _, b in pairs))
    return round(sum(counter.between(a, b) for a, b in pairs) / len(pairs), 1)


def complaint_analysis(
    actor: Actor, *, date_from: date, date_to: date, dealer_id: int | None = None
) -> Analysis:
    start, end = _bounds(date_from, date_to)
    rows = complaints_for(actor).filter(received_at__gte=start, received_at__lt=end).order_by()
    if dealer_id is not None:
        rows = rows.filter(dealer_id=dealer_id)
    result = Analysis(date_from=date_from, date_to=date_to)
    now = timezone.now()
    totals = rows.aggregate(
        total=Count("id"),
        open=Count("id", filter=~Q(step=Step.ARCHIVED)),
        overdue=Count(
            "id", filter=~Q(step=Step.ARCHIVED) & Q(resolved_at__isnull=True, resolution_due__lt=now)
        ),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        resolved_in_time=Count("id", filter=Q(sla_met=True)),
        responded=Count("id", filter=Q(first_responded_at__isnull=False)),
        responded_in_time=Count("id", filter=Q(first_responded_at__lte=F("first_response_due"))),
        satisfaction=Avg("satisfaction"),
    )
    for name in (
        "total",
        "open",
        "overdue",
        "resolved",
        "resolved_in_time",
        "responded",
        "responded_in_time",
    ):
        setattr(result, name, totals[name])
    if totals["satisfaction"] is not None:
        result.average_satisfaction = round(float(totals["satisfaction"]), 1)
    result.by_type = _labelled(_grouped(rows, "complaint_type"), ComplaintType.choices)
    result.by_severity = _labelled(_grouped(rows, "severity"), Severity.choices)
    result.by_dealer = [
        (f"{code} {name}", n)
        for code, name, n in rows.values_list("dealer__code", "dealer__name")
        .annotate(n=Count("id"))
        .order_by("-n", "dealer__code")
    ]
    months = (
        rows.annotate(month=TruncMonth("received_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    result.by_month = [
        (timezone.localtime(m).strftime("%Y-%m") if isinstance(m, datetime) else str(m)[:7], n)
        for m, n in months
    ]
    result.top_causes = _labelled(
        _grouped(rows.exclude(root_cause=""), "root_cause")[:TOP], RootCause.choices
    )
    result.average_working_days = average_working_days(rows)
    result.repeat_complainants = list(
        rows.values("customer_id", "customer__name")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("-n", "customer__name")[:TOP]
    )
    actions = improvement_actions_for(actor).filter(created_at__gte=start, created_at__lt=end)
    if dealer_id is not None:
        actions = actions.filter(dealer_id=dealer_id)
    result.actions_by_status = _labelled(_grouped(actions.order_by(), "status"), ActionStatus.choices)
    return result


def improvement_actions_due(actor: Actor, *, limit: int = TOP) -> list[ImprovementAction]:
    return list(
        improvement_actions_for(actor)
        .filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        .select_related("owner")
        .order_by("due_on", "id")[:limit]
    )
