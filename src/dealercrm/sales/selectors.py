"""Reads for the sales pipeline, always through the actor's scope (sales.access)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dealercrm.core.business import business_rows
from dealercrm.core.masking import mask_id_number
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales.access import scope_leads, sees_dealer_pipeline
from dealercrm.sales.choices import ACTIVE_STATUSES, LeadSource, LeadStatus, TestDriveStatus
from dealercrm.sales.models import Activity, Delivery, DemoVehicle, Lead, Order, TestDrive
from dealercrm.sales.services.assignment import consultants


def leads_for(actor: Actor) -> QuerySet[Lead]:
    return scope_leads(actor, Lead.objects.all())


def lead_get(actor: Actor, pk: int) -> Lead:
    """The lead, or 404 when it does not exist for this actor (another dealer's, a colleague's)."""
    return get_object_or_404(leads_for(actor).select_related("customer", "dealer", "owner", "model"), pk=pk)


def lead_detail(actor: Actor, pk: int) -> Lead:
    rows = leads_for(actor).select_related("customer", "dealer", "owner__staff", "model", "created_by")
    rows = rows.prefetch_related(
        Prefetch("activities", queryset=Activity.objects.select_related("actor")),
        Prefetch("test_drives", queryset=TestDrive.objects.select_related("demo_vehicle__model")),
        Prefetch("orders", queryset=Order.objects.select_related("model", "delivery").order_by("-id")),
        "influencers",
    )
    return get_object_or_404(rows, pk=pk)


@dataclass(frozen=True)
class LeadFilters:
    grade: str = ""
    status: str = ""
    stage: str = ""
    source: str = ""
    owner_id: int | None = None
    dealer_id: int | None = None
    due: str = ""  # "today": due today or before; "overdue": before today; "unassigned"


def lead_list(actor: Actor, filters: LeadFilters, today: date | None = None) -> QuerySet[Lead]:
    today = today or timezone.localdate()
    rows = leads_for(actor).select_related("customer", "owner__staff", "model", "dealer")
    for name in ("grade", "status", "stage", "source"):
        if getattr(filters, name):
            rows = rows.filter(**{name: getattr(filters, name)})
    if filters.owner_id:
        rows = rows.filter(owner_id=filters.owner_id)
    if filters.dealer_id:
        rows = rows.filter(dealer_id=filters.dealer_id)
    if filters.due == "today":
        rows = rows.filter(status__in=ACTIVE_STATUSES, next_follow_up_on__lte=today)
    elif filters.due == "overdue":
        rows = rows.filter(status__in=ACTIVE_STATUSES, next_follow_up_on__lt=today)
    elif filters.due == "unassigned":
        rows = rows.filter(status__in=ACTIVE_STATUSES, owner__isnull=True)
    return rows.order_by("next_follow_up_on", "-id") if filters.due else rows.order_by("-created_at", "-id")


@dataclass
class Today:
    overdue: list[Lead]
    due_today: list[Lead]
    test_drives: list[TestDrive]
    lost_pending: int
    discounts_pending: int
    unassigned: int


def my_day(actor: Actor, today: date | None = None, limit: int = 100) -> Today:
    """A consultant's follow-ups due today and overdue, today's test drives; approvals waiting for managers."""
    today = today or timezone.localdate()
    mine = (
        leads_for(actor)
        .filter(owner_id=actor.user_id, status__in=ACTIVE_STATUSES, next_follow_up_on__lte=today)
        .select_related("customer", "model", "owner__staff", "dealer")
        .order_by("next_follow_up_on", "grade", "id")[:limit]
    )
    mine = list(mine)
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    drives = list(
        test_drives_for(actor)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .filter(Q(lead__owner_id=actor.user_id) | Q(booked_by_id=actor.user_id))
        .select_related("lead__customer", "demo_vehicle__model")
        .order_by("starts_at")
    )
    manager = sees_dealer_pipeline(actor)
    dealer_leads = leads_for(actor)
    return Today(
        overdue=[lead for lead in mine if lead.next_follow_up_on < today],
        due_today=[lead for lead in mine if lead.next_follow_up_on == today],
        test_drives=drives,
        lost_pending=dealer_leads.filter(status=LeadStatus.LOST_PENDING).count() if manager else 0,
        discounts_pending=(
            orders_for(actor).filter(discount_approval="pending").count()
            if actor.can(Perm.APPROVE_DISCOUNT)
            else 0
        ),
        unassigned=dealer_leads.filter(status__in=ACTIVE_STATUSES, owner__isnull=True).count()
        if manager
        else 0,
    )


def customer_leads(actor: Actor, customer_id: int) -> list[Lead]:
    """For the customer 360 page: the customer's leads the actor may see, newest first (one query)."""
    rows = leads_for(actor).filter(customer_id=customer_id).select_related("model", "owner__staff")
    return list(rows.order_by("-created_at", "-id")[:20])


def customer_lead_rows(actor: Actor, customer_id: int) -> QuerySet:
    """The customer's leads the actor may see, as rows of the 360 page's open-business list (core.business)."""
    return business_rows(
        leads_for(actor).filter(customer_id=customer_id),
        kind="lead",
        on=TruncDate("created_at"),
        title=Coalesce(Concat(F("model__brand"), Value(" "), F("model__series")), Value("")),
        state=F("status"),
        due=F("next_follow_up_on"),
    )


def response_state(lead: Lead, now: datetime | None = None) -> str:
    """For leads with a first-contact deadline (OEM, hotline): met, late, pending or breached; else ""."""
    if lead.response_due_at is None:
        return ""
    if lead.first_contact_at is not None:
        return "met" if lead.first_contact_at <= lead.response_due_at else "late"
    return "breached" if (now or timezone.now()) > lead.response_due_at else "pending"


def response_minutes(lead: Lead) -> int | None:
    if lead.first_contact_at is None:
        return None
    return max(0, int((lead.first_contact_at - lead.created_at).total_seconds() // 60))


# --- test drives, orders, deliveries ------------------------------------------------------------------------


def test_drives_for(actor: Actor) -> QuerySet[TestDrive]:
    return scope_leads(actor, TestDrive.objects.all(), lead="lead__")


def test_drive_get(actor: Actor, pk: int) -> TestDrive:
    rows = test_drives_for(actor).select_related(
        "lead__customer", "lead__dealer", "demo_vehicle__model", "booked_by"
    )
    return get_object_or_404(rows, pk=pk)


def licence_display(actor: Actor, value: str) -> str:
    return value if actor.can(Perm.SEE_FULL_CONTACTS) else mask_id_number(value)


def orders_for(actor: Actor) -> QuerySet[Order]:
    return scope_leads(actor, Order.objects.all(), lead="lead__")


def order_get(actor: Actor, pk: int) -> Order:
    rows = orders_for(actor).select_related(
        "lead__customer", "lead__dealer", "customer", "model", "delivery__vehicle", "created_by"
    )
    return get_object_or_404(rows, pk=pk)


def deliveries_for(actor: Actor) -> QuerySet[Delivery]:
    return scope_leads(actor, Delivery.objects.all(), lead="order__lead__")


def demo_fleet(actor: Actor, dealer_id: int | None = None, active_only: bool = True) -> QuerySet[DemoVehicle]:
    rows = actor.scope(DemoVehicle.objects.select_related("model", "dealer"))
    if dealer_id:
        rows = rows.filter(dealer_id=dealer_id)
    if active_only:
        rows = rows.filter(is_active=True)
    return rows.order_by("plate")


def bookings_on(dealer_id: int, day: date) -> list[TestDrive]:
    """Every booking of the dealer's demo fleet on `day` (to pick a free slot; no customer details)."""
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return list(
        TestDrive.objects.filter(
            dealer_id=dealer_id,
            status__in=[TestDriveStatus.BOOKED, TestDriveStatus.DONE],
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("demo_vehicle")
        .order_by("demo_vehicle__plate", "starts_at")
    )


def consultant_choices(actor: Actor, dealer_id: int) -> list[tuple[int, str]]:
    actor.check_dealer(dealer_id)
    rows = consultants(dealer_id).select_related("staff").order_by("username")
    return [(user.pk, str(user.staff)) for user in rows]


def source_label(value: str) -> str:
    return str(LeadSource(value).label) if value in LeadSource.values else value
