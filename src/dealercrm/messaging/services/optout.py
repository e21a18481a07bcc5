# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""Opting out: the signed unsubscribe link in every e-mail, and inbound SMS replies ("TD" / "退订")."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.validators import normalize_mobile
from dealercrm.customers.choices import Channel, ContactKind
from dealercrm.customers.models import ContactPoint, Customer
from dealercrm.customers.services import consent_set, timeline_append
from dealercrm.messaging import timeline as tl
from dealercrm.messaging.choices import InboundAction, MessageChannel
from dealercrm.messaging.models import InboundMessage
from dealercrm.org.access import system_actor
from dealercrm.org.models import Dealer

UNSUBSCRIBE_SALT = "dealercrm.messaging.unsubscribe"
OPT_OUT_WORDS = frozenset({"TD", "T", "N", "退订", "退定", "UNSUBSCRIBE", "STOP"})
OPT_OUT_SOURCE = "SMS reply TD"
UNSUBSCRIBE_SOURCE = "E-mail unsubscribe link"


def public_base_url() -> str:
    return getattr(settings, "DEALERCRM_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")


def unsubscribe_token(*, customer_id: int, channel: str) -> str:
    return signing.dumps({"c": customer_id, "ch": channel}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, customer_id: int, channel: str) -> str:
    """An absolute link that withdraws the customer's consent for `channel` without logging in (signed)."""
    path = reverse(
        "messaging:unsubscribe", args=[unsubscribe_token(customer_id=customer_id, channel=channel)]
    )
    return public_base_url() + path


def unsubscribe_read(token: str) -> tuple[Customer, str]:
    """The customer and channel a link stands for; signing.BadSignature / Customer.DoesNotExist otherwise."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("ch") not in MessageChannel.values:
        raise signing.BadSignature("bad payload")
    customer = Customer.objects.select_related("dealer").get(pk=int(data["c"]))
    return customer, data["ch"]


@transaction.atomic
def unsubscribe_apply(*, customer: Customer, channel: str) -> None:
    """Withdraw consent for the channel (again: harmless)."""
    actor = system_actor()
    consent_set(actor=actor, customer=customer, channel=channel, granted=False, source=UNSUBSCRIBE_SOURCE)
    timeline_append(customer=customer, kind=tl.UNSUBSCRIBED, summary=channel, actor=actor)


def is_opt_out(body: str) -> bool:
    return (body or "").strip().strip("。.!！").upper() in OPT_OUT_WORDS


def _mobile(number: str) -> str:
    try:
        return normalize_mobile(number)
    except ValidationError:
        return "".join(ch for ch in (number or "") if ch.isdigit() or ch == "+")[:120]


@transaction.atomic
def inbound_sms_record(
    *, from_number: str, body: str, received_at: datetime | None = None, dealer_ids: list[int] | None = None
) -> list[InboundMessage]:
    """Store an SMS a customer sent us: one InboundMessage per customer with that mobile (at any dealer, or
    within `dealer_ids`), one without customer when nobody has it. A reply "TD" / "T" / "N" / "退订" withdraws
    SMS consent of every matching customer (source "SMS reply TD")."""
    if not (from_number or "").strip():
        raise ValidationError({"from_number": [_("Give the sender's number.")]})
    mobile = _mobile(from_number)
    received_at = received_at or timezone.now()
    if dealer_ids is None:
        dealer_ids = list(Dealer.objects.values_list("pk", flat=True))
    customers = list(
        Customer.objects.filter(
            pk__in=ContactPoint.objects.filter(
                dealer_id__in=dealer_ids, kind=ContactKind.MOBILE, value=mobile
            ).values("customer_id")
        ).select_related("dealer")
    )
    opt_out = is_opt_out(body)
    action = InboundAction.OPT_OUT if opt_out and customers else InboundAction.NONE
    text = (body or "")[:2000]
    rows = InboundMessage.objects.bulk_create(
        [
            InboundMessage(
                dealer_id=c.dealer_id,
                customer=c,
                channel=MessageChannel.SMS,
                from_address=mobile,
                body=text,
                received_at=received_at,
                action=action,
            )
            for c in customers
        ]
        or [
            InboundMessage(
                channel=MessageChannel.SMS, from_address=mobile, body=text, received_at=received_at
            )
        ]
    )
    actor = system_actor()
    for customer in customers:
        timeline_append(
            customer=customer, kind=tl.SMS_REPLY, summary=text[:200], actor=actor, occurred_at=received_at
        )
        if opt_out:
            consent_set(
                actor=actor, customer=customer, channel=Channel.SMS, granted=False, source=OPT_OUT_SOURCE,
                at=received_at,
            )  # fmt: skip
    return rows
