"""Campaigns: a segment x a message template x a time. Launching queues one outbox message per customer of the
segment (set-based, through messaging); consent, quiet hours and the frequency cap are checked by messaging when
each message is sent, never here."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.campaigns.choices import OPEN_CAMPAIGN, CampaignStatus
from dealercrm.campaigns.models import Campaign, Segment
from dealercrm.campaigns.selectors import segment_customers
from dealercrm.messaging import services as messaging
from dealercrm.messaging.choices import MessageStatus
from dealercrm.messaging.models import MessageTemplate, OutboundMessage
from dealercrm.org.access import Actor, system_actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm

CAMPAIGN_REF = "campaigns.campaign"
FIELDS = ("name", "segment", "template", "scheduled_at", "response_days")


def campaign_key_prefix(campaign: Campaign) -> str:
    return f"{CAMPAIGN_REF}:{campaign.pk}"


def _clean(dealer_id: int, fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean = {}
    name = (fields.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Give the campaign a name.")]
    elif len(name) > 120:
        errors["name"] = [_("At most 120 characters.")]
    clean["name"] = name
    segment = fields.get("segment")
    if not isinstance(segment, Segment) or segment.dealer_id != dealer_id:
        errors["segment"] = [_("Choose one of this dealer's segments.")]
    clean["segment"] = segment
    template = fields.get("template")
    if not isinstance(template, MessageTemplate) or template.dealer_id != dealer_id or not template.is_active:
        errors["template"] = [_("Choose one of this dealer's active message templates.")]
    clean["template"] = template
    scheduled_at = fields.get("scheduled_at")
    if scheduled_at is not None and not isinstance(scheduled_at, datetime):
        errors["scheduled_at"] = [_("Enter a date and time.")]
    elif scheduled_at is not None and not 2000 <= scheduled_at.year <= 2100:
        errors["scheduled_at"] = [_("Enter a date between 2000 and 2100.")]
    clean["scheduled_at"] = scheduled_at
    days = fields.get("response_days", 7)
    if days in (None, ""):
        days = 7
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        errors["response_days"] = [_("Count results over 1 to 90 days.")]
    clean["response_days"] = days
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def campaign_create(*, actor: Actor, dealer: Dealer, fields: dict) -> Campaign:
    """A draft, or a scheduled campaign when `scheduled_at` is given."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(dealer.pk)
    data = _clean(dealer.pk, fields)
    status = CampaignStatus.SCHEDULED if data["scheduled_at"] else CampaignStatus.DRAFT
    return Campaign.objects.create(dealer=dealer, status=status, created_by_id=actor.user_id, **data)


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("segment", "template").get(pk=campaign.pk)


@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, fields: dict) -> Campaign:
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(campaign.dealer_id)
    locked = _locked(campaign)
    if locked.status not in OPEN_CAMPAIGN:
        raise ValidationError(_("This campaign has been launched or cancelled: it can no longer be changed."))
    data = _clean(locked.dealer_id, {**{k: getattr(locked, k) for k in FIELDS}, **fields})
    for key, value in data.items():
        setattr(locked, key, value)
    locked.status = CampaignStatus.SCHEDULED if locked.scheduled_at else CampaignStatus.DRAFT
    locked.save()
    return locked


@transaction.atomic
def campaign_launch(
    *, actor: Actor, campaign: Campaign, now: datetime | None = None, immediately: bool = True
) -> int:
    """Queue the campaign's messages for every customer of its segment; returns how many were queued.

    Idempotent: a launched campaign is not launched again, and each message's source key
    ("campaigns.campaign:<id>:<customer id>") is unique in the outbox. `immediately=False` (the daily job)
    keeps the scheduled time as the moment messaging may send them.
    """
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(campaign.dealer_id)
    now = now or timezone.now()
    locked = _locked(campaign)
    if locked.status in (CampaignStatus.SENDING, CampaignStatus.SENT):
        return 0
    if locked.status == CampaignStatus.CANCELLED:
        raise ValidationError(_("This campaign was cancelled."))
    if not locked.template.is_active:
        raise ValidationError({"template": [_("The message template is no longer active.")]})
    send_after = now
    if not immediately and locked.scheduled_at and locked.scheduled_at > now:
        send_after = locked.scheduled_at
    customers = segment_customers(None, dealer_ids=[locked.dealer_id], rules=locked.segment.rules)
    queued = messaging.messages_queue_select(
        template=locked.template,
        customers=customers,
        key_prefix=campaign_key_prefix(locked),
        send_after=send_after,
        ref_type=CAMPAIGN_REF,
        ref_id=locked.pk,
        actor=actor,
    )
    locked.recipients = OutboundMessage.objects.filter(ref_type=CAMPAIGN_REF, ref_id=locked.pk).count()
    locked.status = CampaignStatus.SENDING if locked.recipients else CampaignStatus.SENT
    locked.launched_at = now
    locked.launched_by_id = actor.user_id
    if immediately:
        locked.scheduled_at = now
    locked.save()
    campaign.status, campaign.recipients, campaign.launched_at = locked.status, locked.recipients, now
    return queued


@transaction.atomic
def campaign_delete(*, actor: Actor, campaign: Campaign) -> None:
    """Only a draft or a scheduled campaign (nothing queued yet) may be deleted; launched ones are kept."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(campaign.dealer_id)
    locked = _locked(campaign)
    if locked.status not in OPEN_CAMPAIGN or locked.launched_at is not None:
        raise ValidationError(_("A launched or cancelled campaign is kept with its results."))
    locked.delete()


@transaction.atomic
def campaign_cancel(*, actor: Actor, campaign: Campaign, now: datetime | None = None) -> Campaign:
    """Cancel a draft or scheduled campaign; a sending one has its waiting messages withdrawn."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(campaign.dealer_id)
    locked = _locked(campaign)
    if locked.status in (CampaignStatus.SENT, CampaignStatus.CANCELLED):
        raise ValidationError(_("Only a campaign not yet sent can be cancelled."))
    if locked.status == CampaignStatus.SENDING:
        messaging.messages_cancel(ref_type=CAMPAIGN_REF, ref_id=locked.pk, actor=actor)
    locked.status = CampaignStatus.CANCELLED
    locked.cancelled_at = now or timezone.now()
    locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    return locked


def campaigns_launch_due(*, on: date) -> dict[str, int]:
    """The daily job: launch campaigns scheduled up to the end of `on`, and mark as sent the launched ones
    with nothing left waiting in the outbox."""
    end = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    actor = system_actor()
    launched = queued = 0
    due = Campaign.objects.filter(status=CampaignStatus.SCHEDULED, scheduled_at__lt=end).order_by(
        "scheduled_at"
    )
    for campaign in due.only("pk", "dealer_id"):  # a handful a day; each launch is one INSERT ... SELECT
        queued += campaign_launch(actor=actor, campaign=campaign, immediately=False)
        launched += 1
    waiting = OutboundMessage.objects.filter(
        ref_type=CAMPAIGN_REF, ref_id=OuterRef("pk"), status=MessageStatus.QUEUED
    )
    finished = (
        Campaign.objects.filter(status=CampaignStatus.SENDING)
        .exclude(Exists(waiting))
        .update(status=CampaignStatus.SENT, updated_at=timezone.now())
    )
    return {"launched": launched, "queued": queued, "finished": finished}
