"""Pipeline reports: the board (grade by stage), consultants' load, the funnel and the OEM status export.

Each report is a few grouped queries over the actor's scope, whatever the number of leads.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.org.access import Actor
from dealercrm.sales import charts
from dealercrm.sales.choices import ACTIVE_STATUSES, Grade, LeadSource, LeadStatus, LostReason, Stage
from dealercrm.sales.selectors import leads_for, response_minutes, response_state

BOARD_STAGES = (Stage.NEW, Stage.CONTACTED, Stage.TEST_DRIVEN, Stage.ORDERED)


def _pipeline(actor: Actor, owner_id: int | None, dealer_id: int | None):
    rows = leads_for(actor).filter(
        Q(status__in=ACTIVE_STATUSES) | Q(status=LeadStatus.ORDERED, stage=Stage.ORDERED)
    )
    if owner_id:
        rows = rows.filter(owner_id=owner_id)
    if dealer_id:
        rows = rows.filter(dealer_id=dealer_id)
    return rows


@dataclass
class Board:
    rows: list[tuple[str, str, list[tuple[str, int]], int]]  # grade, label, [(stage, count)], total
    stage_totals: list[tuple[str, str, int]]
    total: int
    overdue: int
    lost_pending: int


def board(
    actor: Actor, *, owner_id: int | None = None, dealer_id: int | None = None, today: date | None = None
) -> Board:
    """Leads in the pipeline by grade and stage (open leads, and orders not yet delivered)."""
    today = today or timezone.localdate()
    rows = _pipeline(actor, owner_id, dealer_id)
    counts = {(g, s): n for g, s, n in rows.values_list("grade", "stage").annotate(n=Count("id")).order_by()}
    extra = rows.aggregate(
        overdue=Count("id", filter=Q(status__in=ACTIVE_STATUSES, next_follow_up_on__lt=today)),
        lost_pending=Count("id", filter=Q(status=LeadStatus.LOST_PENDING)),
    )
    grid = []
    for grade in Grade:
        cells = [(stage.value, counts.get((grade.value, stage.value), 0)) for stage in BOARD_STAGES]
        grid.append((grade.value, str(grade.label), cells, sum(n for _s, n in cells)))
    stage_totals = [
        (s.value, str(s.label), sum(counts.get((g.value, s.value), 0) for g in Grade)) for s in BOARD_STAGES
    ]
    return Board(
        grid, stage_totals, sum(n for *_x, n in stage_totals), extra["overdue"], extra["lost_pending"]
    )


def consultant_load(actor: Actor, *, dealer_id: int | None = None, today: date | None = None) -> list[dict]:
    """Per owner (and the unassigned): open leads per grade, overdue, orders waiting for delivery."""
    today = today or timezone.localdate()
    active = Q(status__in=ACTIVE_STATUSES)
    rows = (
        _pipeline(actor, None, dealer_id)
        .values("owner_id", "owner__username", "owner__staff__display_name", "dealer__code")
        .annotate(
            **{g.value: Count("id", filter=active & Q(grade=g.value)) for g in Grade},
            overdue=Count("id", filter=active & Q(next_follow_up_on__lt=today)),
            ordered=Count("id", filter=Q(status=LeadStatus.ORDERED)),
        )
        .order_by("dealer__code", "owner__username")
    )
    result = []
    for row in rows:
        name = row["owner__staff__display_name"] or row["owner__username"] or _("Unassigned")
        grades = [row[g.value] for g in Grade]
        result.append({**row, "name": name, "grades": grades, "open": sum(grades)})
    return result


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


@dataclass
class Funnel:
    months: list[date]
    totals: dict[str, int]
    by_source: list[dict]
    by_month: list[dict]
    lost: list[tuple[str, int]]
    competitors: list[tuple[str, int]]
    funnel_chart: dict
    month_chart: dict
    lost_chart: dict


STEPS = ("leads", "drives", "orders", "deliveries")


def funnel(
    actor: Actor, *, months: int = 6, dealer_id: int | None = None, today: date | None = None
) -> Funnel:
    """Leads created in the last `months` months and how far they got, by source and by month; lost reasons."""
    today = today or timezone.localdate()
    first = month_start(today, months - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    leads = leads_for(actor).filter(created_at__gte=since)
    if dealer_id:
        leads = leads.filter(dealer_id=dealer_id)
    grouped = (
        leads.annotate(month=TruncMonth("created_at"))
        .values("month", "source")
        .annotate(
            leads=Count("id"),
            drives=Count("id", filter=Q(test_driven_at__isnull=False)),
            orders=Count("id", filter=Q(ordered_at__isnull=False)),
            deliveries=Count("id", filter=Q(delivered_at__isnull=False)),
        )
        .order_by()
    )
    month_list = [month_start(today, back) for back in range(months - 1, -1, -1)]
    per_month = {m: dict.fromkeys(STEPS, 0) for m in month_list}
    per_source = {s: dict.fromkeys(STEPS, 0) for s in LeadSource.values}
    for row in grouped:
        month = _as_date(row["month"])
        for step in STEPS:
            if month in per_month:
                per_month[month][step] += row[step]
            per_source.setdefault(row["source"], dict.fromkeys(STEPS, 0))[step] += row[step]
    totals = {step: sum(v[step] for v in per_month.values()) for step in STEPS}
    lost_rows = leads_for(actor).filter(status=LeadStatus.LOST, lost_at__gte=since)
    if dealer_id:
        lost_rows = lost_rows.filter(dealer_id=dealer_id)
    lost_counts = dict(lost_rows.values_list("lost_reason").annotate(n=Count("id")).order_by())
    lost = [(str(reason.label), lost_counts.get(reason.value, 0)) for reason in LostReason]
    competitors = list(
        lost_rows.filter(lost_reason=LostReason.COMPETITOR)
        .values_list("lost_competitor")
        .annotate(n=Count("id"))
        .order_by("-n", "lost_competitor")[:8]
    )
    labels = {
        "leads": _("Leads"),
        "drives": _("Test drives"),
        "orders": _("Orders"),
        "deliveries": _("Deliveries"),
    }
    return Funnel(
        months=month_list,
        totals=totals,
        by_source=[
            {"source": s, "label": str(LeadSource(s).label) if s in LeadSource.values else s, **v}
            for s, v in per_source.items()
        ],
        by_month=[{"month": m, **v} for m, v in per_month.items()],
        lost=lost,
        competitors=competitors,
        funnel_chart=charts.funnel([(labels[s], totals[s]) for s in STEPS]),
        month_chart=charts.month_columns(
            month_list, [(labels[s], [per_month[m][s] for m in month_list]) for s in STEPS]
        ),
        lost_chart=charts.hbars(lost),
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


OEM_HEADER = (
    "lead_id",
    "oem_reference",
    "dealer",
    "received_at",
    "respond_by",
    "first_contact_at",
    "minutes_to_first_contact",
    "response",
    "status",
    "grade",
    "stage",
    "consultant",
    "lost_reason",
)


def oem_export(actor: Actor, *, since: date, until: date) -> Iterator[str]:
    """CSV lines (with a BOM for Excel) of the OEM leads received between the two dates, for the OEM's portal."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until, time.max))
    rows = (
        leads_for(actor)
        .filter(source=LeadSource.OEM, created_at__gte=start, created_at__lte=end)
        .select_related("dealer", "owner")
        .order_by("created_at", "id")
    )
    writer = csv.writer(_Echo())
    now = timezone.now()

    def stamp(value: datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    yield "\ufeff" + writer.writerow(OEM_HEADER)
    for lead in rows.iterator(chunk_size=2000):
        minutes = response_minutes(lead)
        yield writer.writerow(
            (
                lead.pk,
                lead.external_ref,
                lead.dealer.code,
                stamp(lead.created_at),
                stamp(lead.response_due_at),
                stamp(lead.first_contact_at),
                "" if minutes is None else minutes,
                response_state(lead, now),
                lead.status,
                lead.grade,
                lead.stage,
                lead.owner.get_username() if lead.owner else "",
                lead.lost_reason,
            )
        )
