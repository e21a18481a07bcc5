"""Writes for leads: create (with a new or existing prospect), edit, assign, decision influencers, activities."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.choices import ContactKind, CustomerClass, RelationshipKind
from dealercrm.customers.models import Customer
from dealercrm.customers.services import ContactInput, customer_create, relationship_add, timeline_append
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm, Role
from dealercrm.sales import timeline as tl
from dealercrm.sales.choices import (
    CONTACT_KINDS,
    ActivityKind,
    Grade,
    LeadSource,
    LeadStatus,
    Purpose,
    TradeInCondition,
)
from dealercrm.sales.models import Activity, Lead
from dealercrm.sales.services.assignment import is_consultant, pick_owner
from dealercrm.sales.services.common import (
    locked_lead,
    next_follow_up,
    note_contact,
    response_due,
    settings_for,
)
from dealercrm.vehicles.models import VehicleModel

LEAD_FIELDS = (
    "source",
    "external_ref",
    "model",
    "trim",
    "colour",
    "budget_min",
    "budget_max",
    "purpose",
    "concerns",
    "grade",
    "trade_in_vehicle",
    "trade_in_km",
    "trade_in_condition",
    "trade_in_offer",
)
MAX_KM = 2_000_000
CLOCK_SLACK = timedelta(minutes=5)  # a device clock a little ahead is not "the future"
MAX_BACKDATE = timedelta(days=30)
MAX_FOLLOW_UP_DAYS = 90


def _clean_lead_fields(dealer_id: int, fields: dict, lead: Lead | None = None) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in LEAD_FIELDS}
    for name in ("external_ref", "trim", "colour", "concerns", "trade_in_vehicle"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    errors: dict[str, list[str]] = {}
    source = cleaned.get("source", lead.source if lead else "")
    if source not in LeadSource.values:
        errors["source"] = [_("Choose where the lead came from.")]
    if "grade" in cleaned and cleaned["grade"] not in Grade.values:
        errors["grade"] = [_("Choose a grade: H, A, B or C.")]
    if cleaned.get("purpose", "") not in Purpose.values:
        errors["purpose"] = [_("Choose a purpose.")]
    if cleaned.get("trade_in_condition", "") not in TradeInCondition.values:
        errors["trade_in_condition"] = [_("Choose a condition.")]
    if "model" in cleaned and cleaned["model"] is not None and not isinstance(cleaned["model"], VehicleModel):
        errors["model"] = [_("Choose a vehicle model.")]
    low = cleaned.get("budget_min", lead.budget_min if lead else None)
    high = cleaned.get("budget_max", lead.budget_max if lead else None)
    if low is not None and high is not None and low > high:
        errors["budget_max"] = [_("The upper end of the budget is below the lower end.")]
    km = cleaned.get("trade_in_km")
    if km is not None and not 0 <= km <= MAX_KM:
        errors["trade_in_km"] = [_("Enter a distance between 0 and %(max)s km.") % {"max": f"{MAX_KM:,}"}]
    offer = cleaned.get("trade_in_offer")
    if offer is not None and offer < 0:
        errors["trade_in_offer"] = [_("An offer cannot be negative.")]
    ref = cleaned.get("external_ref", lead.external_ref if lead else "")
    if ref and source in LeadSource.values:
        clash = Lead.objects.filter(dealer_id=dealer_id, source=source, external_ref=ref)
        if lead is not None:
            clash = clash.exclude(pk=lead.pk)
        if clash.exists():
            errors["external_ref"] = [_("A lead with this reference from this source is already on record.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _prospect(
    actor: Actor, dealer: Dealer, customer: Customer | None, new_customer: dict | None, source: str
):
    if customer is not None:
        if customer.dealer_id != dealer.pk:
            raise ValidationError({"customer": [_("The prospect must be a customer of the same dealer.")]})
        if customer.customer_class == CustomerClass.LOST:
            Customer.objects.filter(pk=customer.pk).update(customer_class=CustomerClass.PROSPECT)
            customer.customer_class = CustomerClass.PROSPECT
        return customer
    data = new_customer or {}
    if not (data.get("mobile") or "").strip():
        raise ValidationError(
            {"mobile": [_("Enter the prospect's mobile number, or pick an existing customer.")]}
        )
    fields = {"name": data.get("name", ""), "customer_class": CustomerClass.PROSPECT, "source": source}
    if data.get("gender"):
        fields["gender"] = data["gender"]
    return customer_create(
        actor=actor,
        dealer=dealer,
        fields=fields,
        contacts=[ContactInput(ContactKind.MOBILE, data["mobile"], True)],
    )


def _owner_for(actor: Actor, dealer: Dealer, owner_id: int | None, source: str) -> int | None:
    if owner_id is not None:
        if owner_id != actor.user_id and not actor.can(Perm.MANAGE_SALES):
            raise ValidationError({"owner": [_("Only a sales manager assigns leads to someone else.")]})
        if not is_consultant(dealer.pk, owner_id):
            raise ValidationError({"owner": [_("Choose a sales consultant of this dealer.")]})
        return owner_id
    if Role.SALES_CONSULTANT in actor.roles and is_consultant(dealer.pk, actor.user_id):
        return actor.user_id  # a consultant's own walk-in or call
    return pick_owner(dealer.pk, source)


@transaction.atomic
def lead_create(
    *,
    actor: Actor,
    dealer: Dealer,
    fields: dict,
    customer: Customer | None = None,
    new_customer: dict | None = None,
    owner_id: int | None = None,
    contacted: bool = False,
    received_at: datetime | None = None,
) -> Lead:
    """A new lead for an existing customer or a new prospect; assigned by the dealer's rules unless given.

    `contacted`: the person creating it is talking with the prospect now (a walk-in, a call), which counts as
    first contact. `received_at`: when the lead arrived (OEM leads come in batches), default now.
    """
    actor.check_dealer(dealer.pk)
    actor.require(Perm.WORK_LEADS)
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + CLOCK_SLACK:
        raise ValidationError({"received_at": [_("A lead cannot arrive in the future.")]})
    if received_at < now - MAX_BACKDATE:
        raise ValidationError({"received_at": [_("Enter leads within 30 days of their arrival.")]})
    cleaned = _clean_lead_fields(dealer.pk, {"grade": Grade.B, **fields})
    prospect = _prospect(actor, dealer, customer, new_customer, cleaned["source"])
    owner = _owner_for(actor, dealer, owner_id, cleaned["source"])
    settings = settings_for(dealer.pk)
    day = timezone.localtime(received_at).date()
    lead = Lead(
        dealer=dealer,
        customer=prospect,
        owner_id=owner,
        assigned_at=now if owner else None,
        created_by_id=actor.user_id,
        cadence_from=day,
        next_follow_up_on=day,
        response_due_at=response_due(settings, cleaned["source"], received_at),
        **cleaned,
    )
    if contacted:
        note_contact(lead, at=received_at)
    lead.save()
    if lead.created_at > received_at:  # the lead's age counts from its arrival (OEM response time)
        Lead.objects.filter(pk=lead.pk).update(created_at=received_at)
        lead.created_at = received_at
    summary = " · ".join(
        str(p)
        for p in [lead.get_source_display(), lead.model or "", _("grade %(g)s") % {"g": lead.grade}]
        if p
    )
    timeline_append(customer=prospect, kind=tl.LEAD_CREATED, actor=actor, summary=summary, ref=lead)
    if owner and owner != actor.user_id:
        _note_assignment(actor, lead)
    return lead


def _note_assignment(actor: Actor, lead: Lead) -> None:
    lead = Lead.objects.select_related("owner__staff", "customer").get(pk=lead.pk)
    name = str(getattr(lead.owner, "staff", "") or lead.owner) if lead.owner else _("nobody")
    timeline_append(customer=lead.customer, kind=tl.LEAD_ASSIGNED, actor=actor, summary=name, ref=lead)


@transaction.atomic
def lead_update(*, actor: Actor, lead: Lead, fields: dict) -> Lead:
    """Change what the prospect wants (vehicle, budget, purpose, concerns, trade-in) or the grade."""
    actor.require(Perm.WORK_LEADS)
    lead = locked_lead(actor, lead)
    cleaned = _clean_lead_fields(lead.dealer_id, fields, lead)
    cleaned.pop("source", None)  # where a lead came from does not change
    if "grade" in cleaned and cleaned["grade"] != lead.grade and lead.status != LeadStatus.OPEN:
        raise ValidationError({"grade": [_("Only an open lead can be regraded.")]})
    changed = [name for name, value in cleaned.items() if getattr(lead, name) != value]
    if not changed:
        return lead
    old_grade = lead.grade
    for name in changed:
        setattr(lead, name, cleaned[name])
    if "grade" in changed:
        today = timezone.localdate()
        lead.cadence_from = max(lead.cadence_from, today)
        lead.next_follow_up_on = next_follow_up(settings_for(lead.dealer_id), lead.grade, lead.cadence_from)
        timeline_append(
            customer=lead.customer,
            kind=tl.LEAD_GRADED,
            actor=actor,
            summary=f"{old_grade} → {lead.grade}",
            ref=lead,
        )
    lead.save()
    others = [str(Lead._meta.get_field(n).verbose_name) for n in changed if n != "grade"]
    if others:
        timeline_append(
            customer=lead.customer, kind=tl.LEAD_UPDATED, actor=actor, summary=", ".join(others), ref=lead
        )
    return lead


@transaction.atomic
def lead_assign(*, actor: Actor, lead: Lead, owner_id: int) -> Lead:
    """A sales manager gives the lead to another consultant of the dealer."""
    actor.require(Perm.MANAGE_SALES)
    lead = locked_lead(actor, lead)
    if not is_consultant(lead.dealer_id, owner_id):
        raise ValidationError({"owner": [_("Choose a sales consultant of this dealer.")]})
    if owner_id == lead.owner_id:
        return lead
    lead.owner_id = owner_id
    lead.assigned_at = timezone.now()
    lead.save(update_fields=["owner", "assigned_at", "updated_at"])
    _note_assignment(actor, lead)
    return lead


@transaction.atomic
def influencer_add(*, actor: Actor, lead: Lead, influencer: Customer) -> Lead:
    """A person who has a say in the purchase (spouse, parent, boss), linked as a customer of the dealer."""
    actor.require(Perm.WORK_LEADS)
    lead = locked_lead(actor, lead)
    if influencer.dealer_id != lead.dealer_id:
        raise ValidationError({"influencer": [_("The influencer must be a customer of the same dealer.")]})
    if influencer.pk == lead.customer_id:
        raise ValidationError({"influencer": [_("The prospect cannot be their own decision influencer.")]})
    lead.influencers.add(influencer)
    relationship_add(
        actor=actor, customer=lead.customer, related=influencer, kind=RelationshipKind.DECISION_INFLUENCER
    )
    return lead


@transaction.atomic
def activity_add(
    *,
    actor: Actor,
    lead: Lead,
    kind: str,
    notes: str,
    next_step: str = "",
    grade: str = "",
    occurred_at: datetime | None = None,
    next_follow_up_on: date | None = None,
) -> Activity:
    """Log a call, visit, message or note. Contact restarts the grade's cadence (or sets the date given)."""
    actor.require(Perm.WORK_LEADS)
    lead = locked_lead(actor, lead)
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + CLOCK_SLACK:
        raise ValidationError({"occurred_at": [_("An activity cannot be in the future.")]})
    if occurred_at < now - MAX_BACKDATE:
        raise ValidationError({"occurred_at": [_("Log activities within 30 days.")]})
    errors: dict[str, list[str]] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose call, visit, message or note.")]
    if not (notes or "").strip():
        errors["notes"] = [_("Write down what was said or done.")]
    if grade and grade not in Grade.values:
        errors["grade"] = [_("Choose a grade: H, A, B or C.")]
    elif grade and grade != lead.grade and lead.status != LeadStatus.OPEN:
        errors["grade"] = [_("Only an open lead can be regraded.")]
    day = timezone.localtime(occurred_at).date()
    if next_follow_up_on is not None:
        if lead.status != LeadStatus.OPEN:
            errors["next_follow_up_on"] = [_("Only an open lead has a next follow-up.")]
        elif not day <= next_follow_up_on <= day + timedelta(days=MAX_FOLLOW_UP_DAYS):
            errors["next_follow_up_on"] = [_("Choose a day within 90 days of the activity.")]
    if errors:
        raise ValidationError(errors)
    old_grade = lead.grade
    activity = Activity.objects.create(
        dealer_id=lead.dealer_id,
        lead=lead,
        kind=kind,
        occurred_at=occurred_at,
        notes=notes.strip(),
        next_step=(next_step or "").strip(),
        grade=grade if grade != old_grade else "",
        actor_id=actor.user_id,
    )
    if kind in CONTACT_KINDS:
        update_fields = note_contact(lead, at=occurred_at, grade=grade or None)
    else:
        update_fields = ["grade", "cadence_from", "next_follow_up_on", "updated_at"]
        if grade and grade != old_grade:
            lead.grade = grade
            lead.cadence_from = max(lead.cadence_from, day)
            lead.next_follow_up_on = next_follow_up(settings_for(lead.dealer_id), grade, lead.cadence_from)
    if next_follow_up_on is not None:
        lead.next_follow_up_on = next_follow_up_on
    lead.save(update_fields=update_fields)
    summary = f"{activity.get_kind_display()}: {activity.notes}"
    if activity.next_step:
        summary += " · " + _("next: %(step)s") % {"step": activity.next_step}
    timeline_append(
        customer=lead.customer,
        kind=tl.SALES_ACTIVITY,
        actor=actor,
        summary=summary,
        occurred_at=occurred_at,
        ref=lead,
    )
    if lead.grade != old_grade:
        timeline_append(
            customer=lead.customer,
            kind=tl.LEAD_GRADED,
            actor=actor,
            summary=f"{old_grade} → {lead.grade}",
            ref=lead,
        )
    return activity
