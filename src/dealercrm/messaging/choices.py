from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    """Values equal customers.choices.Channel values, so a message's channel is also the consent it needs."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    WECHAT = "wechat", _("WeChat")


class MessagePurpose(models.TextChoices):
    """Marketing counts against the frequency cap; every purpose needs the channel's consent."""

    MARKETING = "marketing", _("Campaign")
    CARE = "care", _("Care greeting")
    SERVICE = "service", _("Service notice")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent")


class SuppressedReason(models.TextChoices):
    NONE = "", _("none")
    NO_CONSENT = "no_consent", _("No consent for this channel")
    NO_ADDRESS = "no_address", _("No address for this channel")
    FREQUENCY_CAP = "frequency_cap", _("Frequency cap reached")
    EXPIRED = "expired", _("Too late to send")
    CANCELLED = "cancelled", _("Withdrawn before sending")


class InboundAction(models.TextChoices):
    """What an inbound message did: a reply "TD" / "退订" opts the sender out of SMS."""

    NONE = "", _("none")
    OPT_OUT = "opt_out", _("Opted out")
