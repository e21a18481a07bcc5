"""Reads for messaging, always scoped to the acting user (a dealer's staff see their dealer, HQ every dealer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dealercrm.customers.choices import ContactKind
from dealercrm.customers.selectors import contact_display, customers_for
from dealercrm.messaging.choices import MessageChannel, MessagePurpose, MessageStatus
from dealercrm.messaging.models import InboundMessage, MessageTemplate, OutboundMessage
from dealercrm.messaging.rendering import fill, sms_segments
from dealercrm.messaging.services.templates import render_values
from dealercrm.org.access import Actor

KIND_OF_CHANNEL = {
    MessageChannel.SMS: ContactKind.MOBILE,
    MessageChannel.EMAIL: ContactKind.EMAIL,
    MessageChannel.WECHAT: ContactKind.WECHAT,
}


def templates_for(actor: Actor) -> QuerySet[MessageTemplate]:
    return actor.scope(MessageTemplate.objects.all())


def template_list(actor: Actor, *, channel: str = "", purpose: str = "") -> QuerySet[MessageTemplate]:
    rows = templates_for(actor).select_related("dealer").order_by("dealer__code", "code")
    if channel in MessageChannel.values:
        rows = rows.filter(channel=channel)
    if purpose in MessagePurpose.values:
        rows = rows.filter(purpose=purpose)
    return rows


def messages_for(actor: Actor) -> QuerySet[OutboundMessage]:
    return actor.scope(OutboundMessage.objects.all())


@dataclass(frozen=True)
class OutboxFilters:
    status: str = ""
    channel: str = ""
    purpose: str = ""
    date_from: date | None = None
    date_to: date | None = None
    customer_id: int | None = None
    ref_type: str = ""
    ref_id: int | None = None


def outbox_list(actor: Actor, filters: OutboxFilters = OutboxFilters()) -> QuerySet[OutboundMessage]:
    """Newest first; the filters narrow an indexed (dealer, -created_at) walk."""
    rows = messages_for(actor).select_related("customer", "template", "dealer").order_by("-created_at", "-id")
    if filters.status in MessageStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.channel in MessageChannel.values:
        rows = rows.filter(channel=filters.channel)
    if filters.purpose in MessagePurpose.values:
        rows = rows.filter(purpose=filters.purpose)
    if filters.date_from:
        rows = rows.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.customer_id:
        rows = rows.filter(customer_id=filters.customer_id)
    if filters.ref_type:
        rows = rows.filter(ref_type=filters.ref_type)
        if filters.ref_id is not None:
            rows = rows.filter(ref_id=filters.ref_id)
    return rows


def _day_start(day: date):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time.min))


def message_get(actor: Actor, pk: int) -> OutboundMessage:
    return get_object_or_404(
        messages_for(actor).select_related("customer", "template", "dealer", "vehicle"), pk=pk
    )


def address_display(actor: Actor, message: OutboundMessage) -> str:
    """Where it went, masked for roles without full contact access."""
    if not message.to_address:
        return ""
    return contact_display(
        actor, KIND_OF_CHANNEL.get(message.channel, ContactKind.MOBILE), message.to_address
    )


def inbound_for(actor: Actor) -> QuerySet[InboundMessage]:
    return (
        actor.scope(InboundMessage.objects.all()).select_related("customer").order_by("-received_at", "-id")
    )


# --- preview -------------------------------------------------------------------------------------------------

SAMPLE_CONTEXT = {
    "event": {"zh": "秋季车主自驾游", "en": "Autumn owners' drive"},
    "time": {"zh": "14:00", "en": "14:00"},
    "place": {"zh": "星河汽车展厅", "en": "our showroom"},
    "festival": {"zh": "中秋节", "en": "Mid-Autumn Festival"},
    "insurer": {"zh": "中国人保", "en": "PICC"},
    "link": {"zh": "https://example.com/e/1", "en": "https://example.com/e/1"},
}


def _sample_context(language: str) -> dict:
    today = timezone.localdate()
    values = {k: v[language] for k, v in SAMPLE_CONTEXT.items()}
    values.update({"date": today + timedelta(days=14), "ends_on": today + timedelta(days=30)})
    return values


def _sample_values(template: MessageTemplate, language: str) -> dict:
    en = language == "en"
    return {
        "name": "Zhang Wei" if en else "张伟",
        "surname": "Zhang" if en else "张",
        "title": "Mr" if en else "先生",
        "dealer": template.dealer.name,
        "plate": "粤B12345",
        "model": "Volkswagen 帕萨特",
        "due_date": timezone.localdate() + timedelta(days=30),
        "tier": "Silver" if en else "银卡会员",
        "points": 1280,
        **_sample_context(language),
    }


@dataclass(frozen=True)
class PreviewText:
    language: str
    subject: str
    body: str
    length: int
    segments: int


def template_preview(actor: Actor, template: MessageTemplate, customer_id: int | None = None) -> dict:
    """Both languages rendered for a customer of the template's dealer (or a sample customer)."""
    customer = None
    if customer_id:
        customer = get_object_or_404(
            customers_for(actor).filter(dealer_id=template.dealer_id).select_related("dealer"), pk=customer_id
        )
    texts = []
    for language in ("zh", "en"):
        if customer is not None:
            values = render_values(customer=customer, context=_sample_context(language), language=language)
        else:
            values = _sample_values(template, language)
        if language == "en" and not (template.body_en or "").strip():
            subject, body = "", ""
        elif language == "en":
            subject = fill(template.subject_en or template.subject_zh, values, language)
            body = fill(template.body_en, values, language)
        else:
            subject, body = (
                fill(template.subject_zh, values, language),
                fill(template.body_zh, values, language),
            )
        texts.append(PreviewText(language, subject, body, len(body), sms_segments(body)))
    chosen = "en" if customer is not None and customer.language == "en" and template.body_en.strip() else "zh"
    return {"customer": customer, "texts": texts, "customer_language": chosen if customer else ""}
