"""Message templates and the outbox: every SMS, e-mail and WeChat message is a row here before any provider."""

from datetime import time

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dealercrm.core.models import DealerScopedModel, staff_ref
from dealercrm.messaging.choices import (
    InboundAction,
    MessageChannel,
    MessagePurpose,
    MessageStatus,
    SuppressedReason,
)


class MessageTemplate(DealerScopedModel):
    """Text in zh-Hans and en with {variables}; the customer's language picks the version."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    purpose = models.CharField(_("message type"), max_length=10, choices=MessagePurpose.choices)
    subject_zh = models.CharField(_("subject (Chinese)"), max_length=120, blank=True)
    body_zh = models.TextField(_("text (Chinese)"))
    subject_en = models.CharField(_("subject (English)"), max_length=120, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    wechat_template_id = models.CharField(_("WeChat template ID"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["dealer", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "code"], name="messaging_template_code_unique"),
            models.CheckConstraint(
                condition=Q(channel__in=MessageChannel.values), name="messaging_template_channel"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OutboundMessage(DealerScopedModel):
    """One message to one customer. Consent, quiet hours and the frequency cap are checked when it is sent,
    not when it is queued; `source_key` makes every producer idempotent (a re-run queues nothing twice)."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="messages", verbose_name=_("customer")
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("vehicle"),
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    purpose = models.CharField(_("message type"), max_length=10, choices=MessagePurpose.choices)
    template = models.ForeignKey(
        MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("template"),
    )  # fmt: skip
    context = models.JSONField(_("variables"), default=dict, blank=True)
    to_address = models.CharField(_("to"), max_length=120, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    source_key = models.CharField(_("source"), max_length=120, unique=True)
    ref_type = models.CharField(_("reference type"), max_length=40, blank=True)  # e.g. "campaigns.campaign"
    ref_id = models.BigIntegerField(_("reference id"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    suppressed_reason = models.CharField(
        _("why not sent"), max_length=16, choices=SuppressedReason.choices, blank=True, default=""
    )
    send_after = models.DateTimeField(_("send after"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    provider_message_id = models.CharField(_("provider message ID"), max_length=80, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_by = staff_ref(_("queued by"))

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        indexes = [
            models.Index(fields=["send_after"], condition=Q(status="queued"), name="messaging_due_idx"),
            models.Index(fields=["customer", "-sent_at"], name="messaging_customer_idx"),
            models.Index(fields=["ref_type", "ref_id", "status"], name="messaging_ref_idx"),
            models.Index(fields=["dealer", "-created_at"], name="messaging_dealer_idx"),
            models.Index(fields=["provider_message_id"], name="messaging_provider_id_idx"),
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="queued"), name="messaging_retry_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=MessageChannel.values), name="messaging_message_channel"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="messaging_message_status"
            ),
        ]


class InboundMessage(models.Model):
    """A message a customer sent us (an SMS reply). One row per matched customer (the same mobile may belong to
    customers of several dealers); a sender nobody knows gets one row without customer. Campaigns count these
    as "responded"."""

    dealer = models.ForeignKey(
        "org.Dealer", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("dealer")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, null=True, blank=True, related_name="inbound_messages",
        verbose_name=_("customer"),
    )  # fmt: skip
    channel = models.CharField(
        _("channel"), max_length=10, choices=MessageChannel.choices, default=MessageChannel.SMS
    )
    from_address = models.CharField(_("from"), max_length=120)
    body = models.TextField(_("text"), blank=True)
    received_at = models.DateTimeField(_("received at"))
    action = models.CharField(
        _("action"), max_length=10, choices=InboundAction.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-received_at"], name="messaging_inbound_customer_idx"),
            models.Index(fields=["dealer", "-received_at"], name="messaging_inbound_dealer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.body[:30]}"


class MessagingPolicy(models.Model):
    """Per dealer: the hours messages may go out (local time) and the marketing frequency cap."""

    dealer = models.OneToOneField(
        "org.Dealer", on_delete=models.CASCADE, related_name="messaging_policy", verbose_name=_("dealer")
    )
    send_from = models.TimeField(_("send from"), default=time(9, 0))
    send_until = models.TimeField(_("send until"), default=time(21, 0))
    cap_messages = models.PositiveSmallIntegerField(
        _("marketing messages at most"), default=4, help_text=_("per customer, across all campaigns")
    )
    cap_days = models.PositiveSmallIntegerField(_("in days"), default=30)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("messaging policy")
        verbose_name_plural = _("messaging policies")
        constraints = [
            models.CheckConstraint(condition=Q(send_from__lt=F("send_until")), name="messaging_policy_hours"),
            models.CheckConstraint(condition=Q(cap_days__gte=1), name="messaging_policy_cap_days"),
        ]

    def __str__(self) -> str:
        return f"{self.dealer}: {self.send_from:%H:%M}-{self.send_until:%H:%M}"
