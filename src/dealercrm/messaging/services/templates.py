"""Message templates: validation at save, the per-dealer defaults, and rendering in the customer's language."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from dealercrm.customers.choices import Gender
from dealercrm.messaging.choices import MessageChannel, MessagePurpose
from dealercrm.messaging.defaults import DEFAULT_TEMPLATES
from dealercrm.messaging.models import MessageTemplate
from dealercrm.messaging.rendering import fill, template_errors
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

TEMPLATE_FIELDS = (
    "code",
    "name",
    "channel",
    "purpose",
    "subject_zh",
    "body_zh",
    "subject_en",
    "body_en",
    "wechat_template_id",
    "is_active",
)
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def template_validate(fields: dict, *, dealer_id: int, instance: MessageTemplate | None = None) -> None:
    """Raise one ValidationError with a translated message per field that is wrong."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = (fields.get("code") or "").strip()
    if not code:
        add("code", _("Give the template a code."))
    elif not _CODE.match(code):
        add("code", _("Use lower-case letters, digits, '_', '-' or '.' in the code."))
    else:
        taken = MessageTemplate.objects.filter(dealer_id=dealer_id, code=code)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            add("code", _("This dealer already has a template with this code."))
    if not (fields.get("name") or "").strip():
        add("name", _("Give the template a name."))
    channel = fields.get("channel")
    if channel not in MessageChannel.values:
        add("channel", _("Choose SMS, e-mail or WeChat."))
    if fields.get("purpose") not in MessagePurpose.values:
        add("purpose", _("Choose the purpose of the messages."))
    for name in ("subject_zh", "body_zh", "subject_en", "body_en"):
        for message in template_errors(fields.get(name) or ""):
            add(name, message)
    body_zh = (fields.get("body_zh") or "").strip()
    if not body_zh:
        add(
            "body_zh",
            _("An SMS needs its text.") if channel == MessageChannel.SMS else _("Write the Chinese text."),
        )
    if channel == MessageChannel.EMAIL:
        if not (fields.get("subject_zh") or "").strip():
            add("subject_zh", _("An e-mail needs a subject."))
        if (fields.get("body_en") or "").strip() and not (fields.get("subject_en") or "").strip():
            add("subject_en", _("An e-mail needs a subject: write the English subject too."))
    if channel == MessageChannel.WECHAT and not (fields.get("wechat_template_id") or "").strip():
        add(
            "wechat_template_id",
            _("A WeChat template message needs the template ID from the official account."),
        )
    if errors:
        raise ValidationError(errors)


def _clean(fields: dict) -> dict:
    data = {k: fields[k] for k in TEMPLATE_FIELDS if k in fields}
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value.strip()
    return data


def _check(actor: Actor, dealer_id: int) -> None:
    actor.check_dealer(dealer_id)
    actor.require(Perm.MANAGE_CAMPAIGNS)


@transaction.atomic
def template_create(*, actor: Actor, dealer, fields: dict) -> MessageTemplate:
    _check(actor, dealer.pk)
    data = _clean(fields)
    template_validate(data, dealer_id=dealer.pk)
    return MessageTemplate.objects.create(dealer=dealer, **data)


@transaction.atomic
def template_update(*, actor: Actor, template: MessageTemplate, fields: dict) -> MessageTemplate:
    _check(actor, template.dealer_id)
    data = {**{k: getattr(template, k) for k in TEMPLATE_FIELDS}, **_clean(fields)}
    template_validate(data, dealer_id=template.dealer_id, instance=template)
    for key, value in data.items():
        setattr(template, key, value)
    template.save()
    return template


def templates_ensure_defaults(dealer) -> int:
    """Create the default templates this dealer lacks (codes in messaging.defaults); returns how many."""
    have = set(MessageTemplate.objects.filter(dealer=dealer).values_list("code", flat=True))
    missing = [t for t in DEFAULT_TEMPLATES if t["code"] not in have]
    if not missing:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        rows = [MessageTemplate(dealer=dealer, **{**t, "name": str(t["name"])}) for t in missing]
    MessageTemplate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- rendering -----------------------------------------------------------------------------------------------


def message_language(template: MessageTemplate, customer) -> str:
    """en when the customer reads English and the template has English text; zh otherwise."""
    return "en" if getattr(customer, "language", "") == "en" and (template.body_en or "").strip() else "zh"


def _surname(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if _CJK.match(name):
        return name[0]
    return name.split()[-1]


def _title(customer, language: str) -> str:
    gender = getattr(customer, "gender", "")
    if gender == Gender.MALE:
        return "Mr" if language == "en" else "先生"
    if gender == Gender.FEMALE:
        return "Ms" if language == "en" else "女士"
    return ""


def _related(obj, name: str):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def first_vehicle(customer):
    """The customer's current vehicle (uses a prefetched `vehicles` when there is one)."""
    vehicles = sorted(customer.vehicles.all(), key=lambda v: v.pk)
    return vehicles[0] if vehicles else None


def render_values(*, customer, vehicle=None, context: dict | None = None, language: str = "zh") -> dict:
    """Every variable's value for one customer (the caller's context wins over what the records say)."""
    if vehicle is None:
        vehicle = first_vehicle(customer)
    profile = _related(customer, "loyalty")
    tier = profile.tier if profile is not None and profile.tier_id else None
    due = _related(vehicle, "service_due") if vehicle is not None else None
    model = vehicle.model if vehicle is not None else None
    values = {
        "name": customer.name,
        "surname": _surname(customer.name),
        "title": _title(customer, language),
        "dealer": customer.dealer.name,
        "plate": (vehicle.plate or vehicle.vin) if vehicle is not None else "",
        "model": " ".join(p for p in [model.brand, model.series] if p) if model is not None else "",
        "due_date": due.next_service_due_on if due is not None else None,
        "tier": tier.name if tier is not None else "",
        "points": profile.points_balance if profile is not None else 0,
    }
    values.update({k: v for k, v in (context or {}).items() if v is not None})
    return values


def render_text(template: MessageTemplate, values: dict, language: str) -> tuple[str, str]:
    if language == "en":
        subject, body = template.subject_en or template.subject_zh, template.body_en
    else:
        subject, body = template.subject_zh, template.body_zh
    return fill(subject, values, language), fill(body, values, language)


def message_render(*, template, customer, vehicle=None, context: dict | None = None) -> tuple[str, str]:
    """(subject, body) of this template for this customer, in the customer's language (zh when no en text)."""
    language = message_language(template, customer)
    values = render_values(customer=customer, vehicle=vehicle, context=context, language=language)
    return render_text(template, values, language)


@transaction.atomic
def template_delete(*, actor: Actor, template: MessageTemplate) -> None:
    """Delete a template no queued message still needs (switch it off instead to keep its history)."""
    from dealercrm.messaging.choices import MessageStatus
    from dealercrm.messaging.models import OutboundMessage

    _check(actor, template.dealer_id)
    if OutboundMessage.objects.filter(template=template, status=MessageStatus.QUEUED).exists():
        raise ValidationError(
            {"template": [_("Messages waiting to be sent use this template: switch it off instead.")]}
        )
    template.delete()
