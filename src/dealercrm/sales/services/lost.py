"""Lost leads (战败): the consultant asks with a reason, a sales manager approves or sends the lead back.

An approved lost lead leaves the pipeline and becomes a lead_follow_up event for the follow-up engine, so the
COC calls the prospect later to win them back (reactivation).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.choices import CustomerClass
from dealercrm.customers.models import Customer
from dealercrm.customers.services import timeline_append
from dealercrm.followups.choices import EventKind
from dealercrm.followups.services import record_event
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales import timeline as tl
from dealercrm.sales.choices import LeadStatus, LostReason, Stage
from dealercrm.sales.models import Lead
from dealercrm.sales.services.common import LEAD_REF, locked_lead, reopen


def lost_source(lead: Lead) -> str:
    """The follow-up engine's idempotency key for this lead's reactivation call."""
    return f"{LEAD_REF}:{lead.pk}:lost"


@transaction.atomic
def lost_request(*, actor: Actor, lead: Lead, reason: str, competitor: str = "", note: str = "") -> Lead:
    actor.require(Perm.WORK_LEADS)
    lead = locked_lead(actor, lead)
    competitor, note = (competitor or "").strip(), (note or "").strip()
    errors: dict[str, list[str]] = {}
    if lead.status != LeadStatus.OPEN:
        raise ValidationError(_("Only an open lead can be declared lost."))
    if reason not in LostReason.values:
        errors["reason"] = [_("Choose why the lead was lost.")]
    elif reason == LostReason.COMPETITOR and not competitor:
        errors["competitor"] = [_("Say which competitor the prospect bought.")]
    elif reason == LostReason.OTHER and not note:
        errors["note"] = [_("Explain the reason.")]
    if errors:
        raise ValidationError(errors)
    lead.status = LeadStatus.LOST_PENDING
    lead.lost_reason = reason
    lead.lost_competitor = competitor if reason == LostReason.COMPETITOR else ""
    lead.lost_note = note
    lead.lost_requested_by_id = actor.user_id
    lead.lost_requested_at = timezone.now()
    lead.save()
    timeline_append(
        customer=lead.customer, kind=tl.LOST_REQUESTED, actor=actor, summary=lost_summary(lead), ref=lead
    )
    return lead


def lost_summary(lead: Lead) -> str:
    parts = [str(LostReason(lead.lost_reason).label)]
    if lead.lost_competitor:
        parts.append(lead.lost_competitor)
    if lead.lost_note:
        parts.append(lead.lost_note)
    return " · ".join(parts)


@transaction.atomic
def lost_decide(*, actor: Actor, lead: Lead, approve: bool, comment: str = "") -> Lead:
    """A sales manager's decision on a lost request. Approving hands the prospect to the COC for reactivation."""
    actor.require(Perm.MANAGE_SALES)
    lead = locked_lead(actor, lead)
    if lead.status != LeadStatus.LOST_PENDING:
        raise ValidationError(_("This lead is not waiting for a lost decision."))
    now = timezone.now()
    today = timezone.localdate()
    lead.lost_decided_by_id = actor.user_id
    lead.lost_decided_at = now
    comment = (comment or "").strip()
    if not approve:
        if not comment:
            raise ValidationError({"comment": [_("Tell the consultant why the lead is not lost.")]})
        reopen(lead, today)
        lead.lost_reason = lead.lost_competitor = lead.lost_note = ""
        lead.save()
        timeline_append(customer=lead.customer, kind=tl.LOST_REJECTED, actor=actor, summary=comment, ref=lead)
        return lead
    lead.status = LeadStatus.LOST
    lead.stage = Stage.LOST
    lead.lost_at = now
    lead.next_follow_up_on = None
    lead.save()
    summary = lost_summary(lead) + (f" · {comment}" if comment else "")
    timeline_append(customer=lead.customer, kind=tl.LOST_APPROVED, actor=actor, summary=summary, ref=lead)
    customer = lead.customer
    still_in_play = customer.leads.exclude(pk=lead.pk).exclude(status=LeadStatus.LOST).exists()
    if customer.customer_class == CustomerClass.PROSPECT and not still_in_play:
        Customer.objects.filter(pk=customer.pk).update(customer_class=CustomerClass.LOST)
    record_event(
        kind=EventKind.LEAD_FOLLOW_UP,
        customer=customer,
        occurred_on=today,
        source=lost_source(lead),
        actor=actor,
    )
    return lead
