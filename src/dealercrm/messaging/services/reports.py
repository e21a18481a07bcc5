"""Delivery reports from providers: a sent message becomes delivered, or failed with the provider's reason."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.messaging.choices import MessageStatus
from dealercrm.messaging.models import OutboundMessage

REPORT_STATUSES = (MessageStatus.DELIVERED, MessageStatus.FAILED)


@transaction.atomic
def delivery_report_record(
    *,
    provider_message_id: str,
    status: str,
    at: datetime | None = None,
    error: str = "",
    dealer_ids: list[int] | None = None,
) -> int:
    """Record what the provider says happened to a message it accepted; returns the number of messages changed
    (0 for an unknown id). Repeating a report changes nothing; a late "delivered" never undoes "failed"."""
    provider_message_id = (provider_message_id or "").strip()
    if not provider_message_id:
        raise ValidationError({"provider_message_id": [_("Give the provider's message ID.")]})
    if status not in REPORT_STATUSES:
        raise ValidationError({"status": [_("A delivery report says delivered or failed.")]})
    rows = OutboundMessage.objects.filter(provider_message_id=provider_message_id)
    if dealer_ids is not None:
        rows = rows.filter(dealer_id__in=dealer_ids)
    now = timezone.now()
    if status == MessageStatus.DELIVERED:
        return rows.filter(status=MessageStatus.SENT).update(
            status=MessageStatus.DELIVERED, delivered_at=at or now, updated_at=now
        )
    return rows.filter(status=MessageStatus.SENT).update(
        status=MessageStatus.FAILED, error=(error or _("Not delivered"))[:300], updated_at=now
    )


def delivery_report_known(*, provider_message_id: str, dealer_ids: list[int] | None = None) -> bool:
    rows = OutboundMessage.objects.filter(provider_message_id=(provider_message_id or "").strip())
    if dealer_ids is not None:
        rows = rows.filter(dealer_id__in=dealer_ids)
    return rows.exists()
