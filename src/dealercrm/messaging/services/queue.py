"""Putting messages in the outbox. Idempotent on `source_key`; consent is checked when they are sent."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.models import Customer
from dealercrm.messaging.choices import MessageStatus, SuppressedReason
from dealercrm.messaging.models import MessageTemplate, OutboundMessage
from dealercrm.vehicles.models import Vehicle

BATCH = 1000


@dataclass(frozen=True)
class Recipient:
    customer_id: int
    source_key: str
    vehicle_id: int | None = None
    context: dict = field(default_factory=dict)


def _check(template: MessageTemplate, actor) -> None:
    if actor is not None:
        actor.check_dealer(template.dealer_id)
        if actor.is_read_only:
            raise PermissionDenied
    if not template.is_active:
        raise ValidationError({"template": [_("This template is switched off: switch it on to send it.")]})


def _json_safe(context: dict) -> dict:
    return json.loads(json.dumps(context or {}, cls=DjangoJSONEncoder))


def _chunks(items: Iterable, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@transaction.atomic
def messages_queue(
    *,
    template: MessageTemplate,
    recipients: Iterable[Recipient],
    send_after: datetime,
    ref_type: str = "",
    ref_id: int | None = None,
    actor=None,
) -> int:
    """Queue one message per recipient (a source_key already queued is skipped; another dealer's customer is
    ignored). Returns the number of messages created."""
    _check(template, actor)
    created = 0
    for chunk in _chunks(recipients, BATCH):
        by_key = {r.source_key: r for r in chunk}
        customer_ids = set(
            Customer.objects.filter(
                dealer_id=template.dealer_id, pk__in={r.customer_id for r in by_key.values()}
            ).values_list("pk", flat=True)
        )
        wanted_vehicles = {r.vehicle_id for r in by_key.values() if r.vehicle_id}
        vehicle_ids = (
            set(
                Vehicle.objects.filter(dealer_id=template.dealer_id, pk__in=wanted_vehicles).values_list(
                    "pk", flat=True
                )
            )
            if wanted_vehicles
            else set()
        )
        existing = set(
            OutboundMessage.objects.filter(source_key__in=list(by_key)).values_list("source_key", flat=True)
        )
        rows = [
            OutboundMessage(
                dealer_id=template.dealer_id,
                customer_id=r.customer_id,
                vehicle_id=r.vehicle_id if r.vehicle_id in vehicle_ids else None,
                channel=template.channel,
                purpose=template.purpose,
                template=template,
                context=_json_safe(r.context),
                source_key=r.source_key,
                ref_type=ref_type,
                ref_id=ref_id,
                send_after=send_after,
                created_by_id=getattr(actor, "user_id", None),
            )
            for r in by_key.values()
            if r.customer_id in customer_ids and r.source_key not in existing
        ]
        OutboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    return created


_COLUMNS = (
    "created_at",
    "updated_at",
    "dealer_id",
    "customer_id",
    "vehicle_id",
    "channel",
    "purpose",
    "template_id",
    "context",
    "to_address",
    "subject",
    "body",
    "source_key",
    "ref_type",
    "ref_id",
    "status",
    "suppressed_reason",
    "send_after",
    "attempts",
    "next_attempt_at",
    "provider",
    "provider_message_id",
    "sent_at",
    "delivered_at",
    "error",
    "created_by_id",
)


def _placeholder(column: str) -> str:
    """PostgreSQL types the literals of a SELECT list as text: cast each to its column's type there."""
    if connection.vendor != "postgresql":
        return "%s"
    field = {f.attname: f for f in OutboundMessage._meta.concrete_fields}[column]
    db_type = field.target_field.rel_db_type(connection) if field.is_relation else field.db_type(connection)
    return f"CAST(%s AS {db_type})"


@transaction.atomic
def messages_queue_select(
    *,
    template: MessageTemplate,
    customers: QuerySet,
    key_prefix: str,
    send_after: datetime,
    ref_type: str = "",
    ref_id: int | None = None,
    actor=None,
    context: dict | None = None,
) -> int:
    """Queue the template for every customer of a queryset in one INSERT ... SELECT (no Python loop):
    source_key = f"{key_prefix}:{customer_id}", existing keys are skipped (ON CONFLICT DO NOTHING / INSERT OR
    IGNORE), customers of another dealer are left out; `context` (optional) is shared by every message.
    Returns the number of messages created."""
    _check(template, actor)
    ids_sql, ids_params = (
        customers.filter(dealer_id=template.dealer_id).order_by().values("id").query.sql_with_params()
    )
    quote = connection.ops.quote_name
    now = timezone.now()
    fixed = {
        "created_at": now,
        "updated_at": now,
        "dealer_id": template.dealer_id,
        "vehicle_id": None,
        "channel": template.channel,
        "purpose": template.purpose,
        "template_id": template.pk,
        "context": json.dumps(_json_safe(context or {}), ensure_ascii=False),
        "to_address": "",
        "subject": "",
        "body": "",
        "ref_type": ref_type,
        "ref_id": ref_id,
        "status": MessageStatus.QUEUED,
        "suppressed_reason": "",
        "send_after": send_after,
        "attempts": 0,
        "next_attempt_at": None,
        "provider": "",
        "provider_message_id": "",
        "sent_at": None,
        "delivered_at": None,
        "error": "",
        "created_by_id": getattr(actor, "user_id", None),
    }
    select, params = [], []
    for column in _COLUMNS:
        if column == "customer_id":
            select.append("picked.id")
        elif column == "source_key":
            select.append("%s || CAST(picked.id AS VARCHAR(20))")
            params.append(f"{key_prefix}:")
        else:
            select.append(_placeholder(column))
            value = fixed[column]
            params.append(
                connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
            )
    table = quote(OutboundMessage._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    body = f"SELECT {', '.join(select)} FROM ({ids_sql}) picked"
    if connection.vendor == "postgresql":
        sql = f"INSERT INTO {table} ({columns}) {body} ON CONFLICT (source_key) DO NOTHING"
    else:
        sql = f"INSERT OR IGNORE INTO {table} ({columns}) {body}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids_params])
        return max(cursor.rowcount, 0)


@transaction.atomic
def messages_cancel(*, ref_type: str, ref_id: int | None, actor=None) -> int:
    """Withdraw the messages of one producer (a campaign, an event) still waiting in the outbox: one UPDATE.
    Messages already sent stay as they are. Returns how many were withdrawn."""
    rows = OutboundMessage.objects.filter(ref_type=ref_type, ref_id=ref_id, status=MessageStatus.QUEUED)
    if actor is not None:
        if actor.is_read_only:
            raise PermissionDenied
        rows = actor.scope(rows)
    return rows.update(
        status=MessageStatus.SUPPRESSED,
        suppressed_reason=SuppressedReason.CANCELLED,
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
