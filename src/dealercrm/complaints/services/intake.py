"""The first three steps: receive (intake), classify, assign."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.complaints import timeline as tl
from dealercrm.complaints.choices import Channel, ComplaintType, NotificationKind, Severity, Step
from dealercrm.complaints.models import Complaint
from dealercrm.complaints.services.common import (
    User,
    advance,
    check_next,
    event,
    handler_ids,
    lock,
    notify,
    notify_leadership,
)
from dealercrm.complaints.sla import deadlines_for, policy_for
from dealercrm.customers.models import Customer
from dealercrm.customers.services import ContactInput, customer_create, timeline_append
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm
from dealercrm.vehicles.models import Ownership, Vehicle

INTAKE_FIELDS = (
    "channel",
    "complaint_type",
    "severity",
    "public_incident",
    "title",
    "description",
    "occurred_on",
    "location",
    "staff_involved",
)
MAX_TASK_ID = 2_147_483_647


def _choice(value, choices, field: str, errors: dict) -> str:
    if value not in choices.values:
        errors[field] = [_("Choose one of the listed values.")]
    return value


def _clean_intake(fields: dict, received_at: datetime, task_id: int | None) -> dict:
    cleaned = {k: fields.get(k) for k in INTAKE_FIELDS if k in fields}
    errors: dict[str, list[str]] = {}
    _choice(cleaned.get("channel"), Channel, "channel", errors)
    _choice(cleaned.get("complaint_type"), ComplaintType, "complaint_type", errors)
    _choice(cleaned.get("severity"), Severity, "severity", errors)
    for name, message in (
        ("title", _("Sum the complaint up in a few words.")),
        ("description", _("Describe what happened.")),
    ):
        cleaned[name] = (cleaned.get(name) or "").strip()
        if not cleaned[name]:
            errors[name] = [message]
    for name in ("location", "staff_involved"):
        cleaned[name] = (cleaned.get(name) or "").strip()
    cleaned["public_incident"] = bool(cleaned.get("public_incident"))
    occurred = cleaned.get("occurred_on")
    if occurred is not None and occurred > timezone.localdate(received_at):
        errors["occurred_on"] = [_("It cannot have happened after the complaint was received.")]
    if received_at > timezone.now():
        errors["received_at"] = [_("A complaint cannot be received in the future.")]
    if task_id is not None and not 0 < task_id <= MAX_TASK_ID:
        errors["task"] = [_("No such follow-up task.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _complainant(
    actor: Actor, dealer: Dealer, customer: Customer | None, new_customer: dict | None
) -> Customer:
    if customer is not None:
        if customer.dealer_id != dealer.pk:
            raise ValidationError({"customer": [_("The customer belongs to another dealer.")]})
        return customer
    if not new_customer:
        raise ValidationError({"customer": [_("Pick the customer who complains, or enter a new one.")]})
    mobile = (new_customer.get("mobile") or "").strip()
    try:
        return customer_create(
            actor=actor,
            dealer=dealer,
            fields={"name": new_customer.get("name") or ""},
            contacts=[ContactInput("mobile", mobile, True)] if mobile else [],
        )
    except ValidationError as exc:  # the new customer's fields are called new_name / new_mobile on intake
        raise ValidationError(
            {f"new_{key}": value for key, value in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"new_name": exc.messages}
        ) from exc


@transaction.atomic
def complaint_intake(
    *,
    actor: Actor,
    dealer: Dealer,
    fields: dict,
    customer: Customer | None = None,
    new_customer: dict | None = None,
    vehicle: Vehicle | None = None,
    task_id: int | None = None,
    received_at: datetime | None = None,
    note: str = "",
) -> Complaint:
    """Step 1, receive: the complaint with its deadlines. `new_customer` ({name, mobile}) creates one on the spot.

    An urgent complaint or a public incident notifies the dealer's GM and group HQ at once.
    """
    actor.require(Perm.HANDLE_COMPLAINTS)
    received_at = received_at or timezone.now()
    cleaned = _clean_intake(fields, received_at, task_id)
    complainant = _complainant(actor, dealer, customer, new_customer)
    if vehicle is not None and not Ownership.objects.filter(vehicle=vehicle, customer=complainant).exists():
        raise ValidationError({"vehicle": [_("This vehicle has never belonged to the customer.")]})
    due = deadlines_for(received_at, cleaned["severity"], policy_for(dealer))
    complaint = Complaint.objects.create(
        dealer=dealer,
        customer=complainant,
        vehicle=vehicle,
        task_id=task_id,
        received_at=received_at,
        received_by_id=actor.user_id,
        first_response_due=due.first_response_due,
        resolution_due=due.resolution_due,
        step=Step.RECEIVED,
        **cleaned,
    )
    event(complaint=complaint, actor=actor, note=note, at=received_at)
    timeline_append(
        customer=complainant,
        kind=tl.COMPLAINT_RECEIVED,
        summary=f"#{complaint.pk} {complaint.get_severity_display()}: {complaint.title}",
        actor=actor,
        occurred_at=received_at,
        ref=complaint,
    )
    if complaint.severity == Severity.URGENT:
        notify_leadership(complaint, NotificationKind.URGENT)
    elif complaint.public_incident:
        notify_leadership(complaint, NotificationKind.PUBLIC_INCIDENT)
    return complaint


@transaction.atomic
def complaint_classify(
    *,
    actor: Actor,
    complaint: Complaint,
    complaint_type: str,
    severity: str,
    public_incident: bool = False,
    note: str = "",
) -> Complaint:
    """Step 2: confirm type and severity (a new severity moves the deadlines, counted from receipt)."""
    actor.require(Perm.MANAGE_COMPLAINTS)
    complaint = lock(complaint)
    check_next(complaint, Step.CLASSIFIED)
    errors: dict[str, list[str]] = {}
    _choice(complaint_type, ComplaintType, "complaint_type", errors)
    _choice(severity, Severity, "severity", errors)
    if errors:
        raise ValidationError(errors)
    was_alarming = complaint.severity == Severity.URGENT or complaint.public_incident
    advance(actor=actor, complaint=complaint, to=Step.CLASSIFIED, note=note)
    if severity != complaint.severity:
        due = deadlines_for(complaint.received_at, severity, policy_for(complaint.dealer))
        complaint.first_response_due, complaint.resolution_due = due.first_response_due, due.resolution_due
    complaint.complaint_type, complaint.severity = complaint_type, severity
    complaint.public_incident = bool(public_incident)
    complaint.first_responded_at = complaint.first_responded_at or timezone.now()
    complaint.save()
    if not was_alarming:
        if severity == Severity.URGENT:
            notify_leadership(complaint, NotificationKind.URGENT)
        elif complaint.public_incident:
            notify_leadership(complaint, NotificationKind.PUBLIC_INCIDENT)
    return complaint


@transaction.atomic
def complaint_assign(*, actor: Actor, complaint: Complaint, assignee, note: str = "") -> Complaint:
    """Step 3: a handler of the complaint's dealer takes it; they are notified."""
    actor.require(Perm.MANAGE_COMPLAINTS)
    complaint = lock(complaint)
    check_next(complaint, Step.ASSIGNED)
    assignee_id = assignee.pk if isinstance(assignee, User) else assignee
    if assignee_id not in handler_ids(complaint.dealer_id):
        raise ValidationError(
            {"assignee": [_("Choose a member of this dealer's staff who handles complaints.")]}
        )
    advance(actor=actor, complaint=complaint, to=Step.ASSIGNED, note=note)
    complaint.assignee_id = assignee_id
    complaint.save()
    if assignee_id != actor.user_id:
        notify(complaint, NotificationKind.ASSIGNED, [assignee_id])
    return complaint
