"""Reads for complaints, always through the acting staff member's scope (another dealer's complaint is a 404)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dealercrm.complaints.choices import OPEN_STEPS, Step
from dealercrm.complaints.models import Complaint, ComplaintEvent, ImprovementAction, Notification
from dealercrm.complaints.services.common import HANDLER_ROLES, User
from dealercrm.complaints.sla import counter_for, policy_for, time_left, unknown_years
from dealercrm.core.business import business_rows
from dealercrm.customers.models import ContactPoint
from dealercrm.customers.selectors import contact_display
from dealercrm.org.access import Actor
from dealercrm.org.models import StaffProfile

_LIST_RELATED = ("customer", "vehicle", "assignee", "dealer")


def complaints_for(actor: Actor) -> QuerySet[Complaint]:
    return actor.scope(Complaint.objects.all())


def complaint_get(actor: Actor, pk: int) -> Complaint:
    return get_object_or_404(complaints_for(actor).select_related(*_LIST_RELATED), pk=pk)


def customer_complaint_rows(actor: Actor, customer_id: int) -> QuerySet:
    """The customer's complaints as rows of the 360 page's open-business list (core.business)."""
    return business_rows(
        complaints_for(actor).filter(customer_id=customer_id),
        kind="complaint",
        on=TruncDate("received_at"),
        title=F("title"),
        state=F("step"),
        due=TruncDate("resolution_due"),
    )


def complaint_list(
    actor: Actor,
    *,
    state: str = "open",
    severity: str = "",
    complaint_type: str = "",
    mine: bool = False,
    overdue: bool = False,
    customer_id: int | None = None,
) -> QuerySet[Complaint]:
    """Open complaints soonest-due first; closed ones newest first."""
    rows = complaints_for(actor).select_related(*_LIST_RELATED)
    if state == "open":
        rows = rows.filter(step__in=OPEN_STEPS).order_by("resolution_due", "id")
    elif state == "closed":
        rows = rows.filter(step=Step.ARCHIVED).order_by("-closed_at", "-id")
    else:
        rows = rows.order_by("-received_at", "-id")
    if severity:
        rows = rows.filter(severity=severity)
    if complaint_type:
        rows = rows.filter(complaint_type=complaint_type)
    if mine:
        rows = rows.filter(assignee_id=actor.user_id)
    if overdue:
        now = timezone.now()
        rows = rows.filter(step__in=OPEN_STEPS).filter(
            Q(resolved_at__isnull=True, resolution_due__lt=now)
            | Q(first_responded_at__isnull=True, first_response_due__lt=now)
        )
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id)
    return rows


def with_time_left(complaints, now: datetime | None = None) -> list[Complaint]:
    """Each complaint gets .left (resolution) and .first_left (first response): one calendar query in all."""
    complaints = list(complaints)
    now = now or timezone.now()
    counter = counter_for([m for c in complaints for m in (c.resolution_due, c.first_response_due)], now)
    for c in complaints:
        c.left = time_left(c.resolution_due, now, counter, finished=c.resolved_at is not None)
        c.first_left = time_left(
            c.first_response_due, now, counter, finished=c.first_responded_at is not None
        )
    return complaints


def calendar_warning_years(complaints) -> list[int]:
    """Years of these deadlines without an official schedule: the page says Monday-Friday was assumed."""
    return unknown_years([c.resolution_due for c in complaints] + [c.first_response_due for c in complaints])


def complaint_detail(actor: Actor, pk: int) -> Complaint:
    """The complaint with its events, options and improvement actions, in a fixed number of queries."""
    rows = (
        complaints_for(actor)
        .select_related(*_LIST_RELATED, "received_by")
        .prefetch_related(
            Prefetch("events", queryset=ComplaintEvent.objects.select_related("actor")),
            "options",
            Prefetch("improvement_actions", queryset=ImprovementAction.objects.select_related("owner")),
        )
    )
    return get_object_or_404(rows, pk=pk)


def customer_contact(actor: Actor, customer_id: int) -> str:
    """A customer's primary contact, masked for roles without full access."""
    contact = (
        ContactPoint.objects.filter(customer_id=customer_id, is_primary=True)
        .values_list("kind", "value")
        .first()
    )
    return contact_display(actor, *contact) if contact else ""


def complainant_contacts(actor: Actor, complaints) -> dict[int, str]:
    """Primary contacts (masked for the actor) per customer of these complaints (one query)."""
    ids = {c.customer_id for c in complaints}
    rows = ContactPoint.objects.filter(customer_id__in=ids, is_primary=True).values_list(
        "customer_id", "kind", "value"
    )
    return {cid: contact_display(actor, kind, value) for cid, kind, value in rows}


def _staff_label(user) -> str:
    profile = getattr(user, "staff", None)
    return (profile.display_name if profile else "") or user.get_username()


def handler_choices(dealer_id: int) -> list[tuple[int, str]]:
    """Staff of the dealer who may handle complaints, for the assign form."""
    users = (
        User.objects.filter(staff__dealer_id=dealer_id, staff__roles__role__in=HANDLER_ROLES, is_active=True)
        .select_related("staff")
        .distinct()
        .order_by("username")
    )
    return [(u.pk, _staff_label(u)) for u in users]


def staff_choices(dealer_id: int) -> list[tuple[int, str]]:
    """Anyone on the dealer's staff, for the owner of an improvement action."""
    profiles = (
        StaffProfile.objects.filter(dealer_id=dealer_id, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    return [(p.user_id, p.display_name or p.user.get_username()) for p in profiles]


def complaint_policy(complaint: Complaint):
    return policy_for(complaint.dealer)


# --- notifications -------------------------------------------------------------------------------------------


def notifications_for(actor: Actor, *, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient_id=actor.user_id).select_related(
        "complaint", "complaint__customer", "complaint__dealer"
    )
    return rows.filter(read=False) if unread_only else rows


def notification_get(actor: Actor, pk: int) -> Notification:
    return get_object_or_404(notifications_for(actor), pk=pk)


def unread_count(actor: Actor) -> int:
    return Notification.objects.filter(recipient_id=actor.user_id, read=False).count()


# --- improvement actions -------------------------------------------------------------------------------------


def improvement_actions_for(actor: Actor) -> QuerySet[ImprovementAction]:
    return actor.scope(ImprovementAction.objects.all())


def improvement_action_list(actor: Actor, *, status: str = "") -> QuerySet[ImprovementAction]:
    rows = (
        improvement_actions_for(actor)
        .select_related("owner", "dealer")
        .prefetch_related(Prefetch("complaints", queryset=Complaint.objects.only("id", "title")))
        .order_by("due_on", "id")
    )
    return rows.filter(status=status) if status else rows


def improvement_action_get(actor: Actor, pk: int) -> ImprovementAction:
    return get_object_or_404(improvement_actions_for(actor).select_related("owner", "dealer"), pk=pk)


def complaints_by_ids(actor: Actor, ids: list[int], dealer_id: int) -> tuple[list[Complaint], list[int]]:
    """The complaints among `ids` this actor sees at the dealer, and the ids that are not."""
    found = list(complaints_for(actor).filter(dealer_id=dealer_id, pk__in=ids).order_by("id"))
    known = {c.pk for c in found}
    return found, [pk for pk in ids if pk not in known]


# --- follow-up complaint candidates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A low survey score from a follow-up call, offered on the intake page (read only)."""

    customer_id: int
    customer_name: str
    task_id: int | None
    summary: str


def survey_alerts(actor: Actor, limit: int = 10) -> list[Candidate]:
    """Open low-score alerts from follow-up calls that may become complaints (followups owns them)."""
    from dealercrm.followups.selectors import complaint_candidates

    rows = complaint_candidates(actor).select_related("customer", "response__questionnaire", "response__call")
    return [
        Candidate(
            customer_id=alert.customer_id,
            customer_name=alert.customer.name,
            task_id=alert.response.call.task_id if alert.response.call_id else None,
            summary=f"{alert.response.questionnaire} · {alert.score}/100 · {alert.created_at:%Y-%m-%d}",
        )
        for alert in rows[:limit]
    ]
