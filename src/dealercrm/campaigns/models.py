"""Campaigns: saved customer segments, campaigns (segment x message template x schedule) and owner club events.

Messages themselves live in the messaging outbox (ref_type "campaigns.campaign" / "campaigns.clubevent");
every change here is made by campaigns.services.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealercrm.campaigns.choices import CampaignStatus, EventStatus, RegistrationStatus
from dealercrm.core.models import DealerScopedModel, TimeStampedModel, staff_ref


class Segment(DealerScopedModel):
    """A saved set of rules (campaigns.rules): which of the dealer's customers it selects is decided at use."""

    name = models.CharField(_("name"), max_length=80)
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    created_by = staff_ref(_("created by"))
    last_count = models.PositiveIntegerField(_("customers at the last count"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["dealer", "name"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "name"], name="campaigns_segment_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(DealerScopedModel):
    """One message template sent to one segment, now or at a scheduled time; results read from the outbox."""

    name = models.CharField(_("name"), max_length=120)
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("segment")
    )
    template = models.ForeignKey(
        "messaging.MessageTemplate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("message template"),
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    response_days = models.PositiveSmallIntegerField(
        _("days counted for results"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("A reply, appointment or visit within this many days after the message counts."),
    )
    created_by = staff_ref(_("created by"))
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    launched_by = staff_ref(_("launched by"))
    recipients = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "scheduled_at"], name="campaigns_due_idx"),
            models.Index(fields=["dealer", "-created_at"], name="campaigns_dealer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CampaignStatus.values), name="campaigns_campaign_status"
            ),
            models.CheckConstraint(
                condition=Q(response_days__gte=1, response_days__lte=90), name="campaigns_response_days"
            ),
            models.CheckConstraint(
                condition=~Q(status=CampaignStatus.SCHEDULED) | Q(scheduled_at__isnull=False),
                name="campaigns_scheduled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClubEvent(DealerScopedModel):
    """An owner club event (a drive, a workshop day, a family open day) with a number of seats."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.OPEN
    )
    created_by = staff_ref(_("created by"))

    class Meta:
        verbose_name = _("owner club event")
        verbose_name_plural = _("owner club events")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["dealer", "-starts_at"], name="campaigns_event_dealer_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="campaigns_event_capacity"),
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="campaigns_event_status"),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(TimeStampedModel):
    """One customer's place at one event: invited, registered (holds a seat), waitlisted, then attended or not."""

    event = models.ForeignKey(
        ClubEvent, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="club_registrations",
        verbose_name=_("customer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = staff_ref(_("changed by"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "id"]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at", "id"], name="campaigns_reg_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "customer"], name="campaigns_registration_unique"),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="campaigns_registration_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.customer_id} {self.status}"
