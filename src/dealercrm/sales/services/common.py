"""Helpers the sales services share: the dealer's settings, cadence dates, locking, contact bookkeeping."""

from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from dealercrm.org.access import Actor
from dealercrm.sales.access import check_lead
from dealercrm.sales.choices import LeadSource, LeadStatus, Stage
from dealercrm.sales.models import Lead, SalesSettings

LEAD_REF = "sales.lead"


def settings_for(dealer_id: int) -> SalesSettings:
    """The dealer's sales settings, or the defaults when nobody changed them (unsaved)."""
    found = SalesSettings.objects.filter(dealer_id=dealer_id).first()
    return found if found is not None else SalesSettings.defaults(dealer_id)


def next_follow_up(settings: SalesSettings, grade: str, since: date) -> date:
    return since + timedelta(days=settings.interval(grade))


def response_due(settings: SalesSettings, source: str, received_at: datetime) -> datetime | None:
    """OEM leads: within the dealer's response hours; hotline leads: the same day; others: no deadline."""
    if source == LeadSource.OEM:
        return received_at + timedelta(hours=settings.oem_response_hours)
    if source == LeadSource.HOTLINE:
        local = timezone.localtime(received_at)
        return local.replace(hour=23, minute=59, second=59, microsecond=0)
    return None


def locked_lead(actor: Actor, lead: Lead) -> Lead:
    """The lead re-read under a row lock (PostgreSQL) after the actor's access to it is checked."""
    check_lead(actor, lead)
    rows = Lead.objects.select_related("customer", "dealer")
    if connection.features.has_select_for_update:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=lead.pk)


def note_contact(lead: Lead, *, at: datetime, grade: str | None = None) -> list[str]:
    """The prospect was reached at `at`: first contact, cadence restart, stage. Returns the changed fields."""
    settings = settings_for(lead.dealer_id)
    if grade:
        lead.grade = grade
    day = timezone.localtime(at).date()
    lead.last_contact_at = max(filter(None, [lead.last_contact_at, at]))
    if lead.first_contact_at is None or at < lead.first_contact_at:
        lead.first_contact_at = at
    lead.cadence_from = max(lead.cadence_from, day)
    if lead.status in (LeadStatus.OPEN, LeadStatus.LOST_PENDING):
        lead.next_follow_up_on = next_follow_up(settings, lead.grade, lead.cadence_from)
    if lead.stage == Stage.NEW:
        lead.stage = Stage.CONTACTED
    return [
        "grade",
        "last_contact_at",
        "first_contact_at",
        "cadence_from",
        "next_follow_up_on",
        "stage",
        "updated_at",
    ]


def reopen(lead: Lead, today: date) -> None:
    """Back into the pipeline (a rejected lost request, a cancelled order): due for a call today."""
    lead.status = LeadStatus.OPEN
    lead.cadence_from = today
    lead.next_follow_up_on = today
    lead.stage = (
        Stage.TEST_DRIVEN if lead.test_driven_at else (Stage.CONTACTED if lead.last_contact_at else Stage.NEW)
    )
