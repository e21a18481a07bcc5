"""Writes for customers. Every state change is one function here: validated, atomic, on the timeline.

Input validation raises django.core.exceptions.ValidationError keyed by field, so forms and serializers show
each message next to its field, and nothing is half saved.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.masking import mask_phone
from dealercrm.core.validators import (
    mobile_tail,
    normalize_email,
    normalize_landline,
    normalize_mobile,
    normalize_resident_id,
    normalize_wechat,
)
from dealercrm.customers import timeline as tl
from dealercrm.customers.choices import BirthdayCalendar, Channel, ContactKind, CustomerKind, Language
from dealercrm.customers.models import (
    Address,
    Consent,
    ContactPoint,
    Customer,
    Relationship,
    Tag,
    TimelineEntry,
)
from dealercrm.customers.names import pinyin_keys
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer

NORMALIZERS = {
    ContactKind.MOBILE: normalize_mobile,
    ContactKind.LANDLINE: normalize_landline,
    ContactKind.EMAIL: normalize_email,
    ContactKind.WECHAT: normalize_wechat,
}

# Fields a person may edit on the customer record itself.
CUSTOMER_FIELDS = (
    "kind",
    "name",
    "gender",
    "birthday",
    "birthday_calendar",
    "language",
    "id_number",
    "occupation",
    "customer_class",
    "source",
    "note",
)


@dataclass(frozen=True)
class ContactInput:
    kind: str
    value: str
    is_primary: bool = False


def timeline_append(
    *,
    customer: Customer,
    kind: str,
    summary: str = "",
    actor: Actor | None = None,
    occurred_at: datetime | None = None,
    ref: object | None = None,
) -> TimelineEntry:
    """The one way any app writes to a customer's timeline."""
    return TimelineEntry.objects.create(
        dealer_id=customer.dealer_id,
        customer=customer,
        kind=kind,
        summary=summary[:300],
        actor_id=actor.user_id if actor else None,
        occurred_at=occurred_at or timezone.now(),
        ref_type=ref._meta.label_lower if ref is not None else "",
        ref_id=getattr(ref, "pk", None),
    )


def contact_normalize(kind: str, value: str) -> str:
    return NORMALIZERS[ContactKind(kind)](value)


def _clean_customer_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in CUSTOMER_FIELDS}
    errors: dict[str, list[str]] = {}
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            errors["name"] = [_("Enter the customer's name.")]
    if cleaned.get("id_number"):
        try:
            cleaned["id_number"] = normalize_resident_id(cleaned["id_number"])
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    birthday = cleaned.get("birthday")
    if isinstance(birthday, date) and birthday > timezone.localdate():
        errors["birthday"] = [_("The birthday cannot be in the future.")]
    if "birthday_calendar" in cleaned and cleaned["birthday_calendar"] not in BirthdayCalendar.values:
        errors["birthday_calendar"] = [_("Choose solar or lunar.")]
    if "language" in cleaned and cleaned["language"] not in Language.values:
        errors["language"] = [_("Choose Chinese or English.")]
    if errors:
        raise ValidationError(errors)
    if "name" in cleaned:
        cleaned["name_pinyin"], cleaned["name_initials"] = pinyin_keys(cleaned["name"])
    return cleaned


def _clean_contacts(
    dealer: Dealer, contacts: Iterable[ContactInput], exclude_customer: int | None = None
) -> list[ContactInput]:
    """Normalize every contact; report each bad one under its kind's field name."""
    cleaned, errors = [], {}
    for contact in contacts:
        if not (contact.value or "").strip():
            continue
        try:
            value = contact_normalize(contact.kind, contact.value)
        except ValidationError as exc:
            errors.setdefault(contact.kind, []).extend(exc.messages)
            continue
        if contact.kind == ContactKind.MOBILE:
            holder = (
                ContactPoint.objects.filter(dealer=dealer, kind=ContactKind.MOBILE, value=value)
                .exclude(customer_id=exclude_customer)
                .select_related("customer")
                .first()
            )
            if holder:
                errors.setdefault("mobile", []).append(
                    _("%(mobile)s already belongs to customer %(name)s.")
                    % {"mobile": mask_phone(value), "name": holder.customer.name}
                )
                continue
        if any(c.kind == contact.kind and c.value == value for c in cleaned):
            continue  # the same contact twice in one request: keep it once
        cleaned.append(ContactInput(contact.kind, value, contact.is_primary))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def customer_create(
    *,
    actor: Actor,
    dealer: Dealer,
    fields: dict,
    contacts: Iterable[ContactInput] = (),
    tags: Iterable[str] = (),
) -> Customer:
    """Create a customer with contacts and tags, or raise ValidationError and create nothing."""
    actor.check_dealer(dealer.pk)
    errors: dict[str, list[str]] = {}
    try:
        cleaned = _clean_customer_fields({"kind": CustomerKind.PERSON, **fields})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = {}
    try:
        contact_rows = _clean_contacts(dealer, contacts)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if contact_rows:
        # Exactly one primary contact: the first one marked primary, else the first one given.
        first = next((i for i, c in enumerate(contact_rows) if c.is_primary), 0)
        contact_rows = [ContactInput(c.kind, c.value, i == first) for i, c in enumerate(contact_rows)]
    customer = Customer.objects.create(dealer=dealer, created_by_id=actor.user_id, **cleaned)
    ContactPoint.objects.bulk_create(
        ContactPoint(
            dealer=dealer,
            customer=customer,
            kind=c.kind,
            value=c.value,
            is_primary=c.is_primary,
            tail4=mobile_tail(c.value) if c.kind == ContactKind.MOBILE else "",
        )
        for c in contact_rows
    )
    if tags:
        customer.tags.set(_tags_by_name(dealer, tags))
    timeline_append(
        customer=customer, kind=tl.CUSTOMER_CREATED, actor=actor, summary=customer.name, ref=customer
    )
    return customer


@transaction.atomic
def customer_update(*, actor: Actor, customer: Customer, fields: dict) -> Customer:
    actor.check_dealer(customer.dealer_id)
    cleaned = _clean_customer_fields(fields)
    changed = [name for name, value in cleaned.items() if getattr(customer, name) != value]
    if not changed:
        return customer
    for name in changed:
        setattr(customer, name, cleaned[name])
    customer.save()
    labels = ", ".join(str(Customer._meta.get_field(n).verbose_name) for n in changed if n in CUSTOMER_FIELDS)
    timeline_append(customer=customer, kind=tl.CUSTOMER_UPDATED, actor=actor, summary=labels, ref=customer)
    return customer


@transaction.atomic
def contact_add(
    *, actor: Actor, customer: Customer, kind: str, value: str, is_primary: bool = False
) -> ContactPoint:
    actor.check_dealer(customer.dealer_id)
    if not (value or "").strip():
        raise ValidationError({kind: [_("Enter a value.")]})
    [clean] = _clean_contacts(
        customer.dealer, [ContactInput(kind, value, is_primary)], exclude_customer=customer.pk
    )
    if ContactPoint.objects.filter(customer=customer, kind=kind, value=clean.value).exists():
        raise ValidationError({kind: [_("This customer already has this contact.")]})
    has_primary = ContactPoint.objects.filter(customer=customer, is_primary=True).exists()
    if is_primary and has_primary:
        ContactPoint.objects.filter(customer=customer, is_primary=True).update(is_primary=False)
    contact = ContactPoint.objects.create(
        dealer_id=customer.dealer_id,
        customer=customer,
        kind=kind,
        value=clean.value,
        is_primary=is_primary or not has_primary,
        tail4=mobile_tail(clean.value) if kind == ContactKind.MOBILE else "",
    )
    timeline_append(
        customer=customer, kind=tl.CONTACT_ADDED, actor=actor, summary=contact.get_kind_display(), ref=contact
    )
    return contact


@transaction.atomic
def contact_set_primary(*, actor: Actor, contact: ContactPoint) -> ContactPoint:
    actor.check_dealer(contact.dealer_id)
    ContactPoint.objects.filter(customer_id=contact.customer_id, is_primary=True).update(is_primary=False)
    ContactPoint.objects.filter(pk=contact.pk).update(is_primary=True)
    contact.is_primary = True
    return contact


@transaction.atomic
def contact_flag_wrong_number(*, actor: Actor, contact: ContactPoint, wrong: bool = True) -> ContactPoint:
    """Agents flag a number that reaches someone else; it stays on record but is no longer dialled."""
    actor.check_dealer(contact.dealer_id)
    contact.wrong_number = wrong
    contact.save(update_fields=["wrong_number", "updated_at"])
    timeline_append(
        customer=contact.customer,
        kind=tl.CONTACT_FLAGGED,
        actor=actor,
        summary=contact.get_kind_display(),
        ref=contact,
    )
    return contact


@transaction.atomic
def consent_set(
    *, actor: Actor, customer: Customer, channel: str, granted: bool, source: str, at: datetime | None = None
) -> Consent:
    """Record the customer's yes or no for a channel, with when and how they said it."""
    actor.check_dealer(customer.dealer_id)
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    if not (source or "").strip():
        raise ValidationError({"source": [_("Say how the customer gave or withdrew consent.")]})
    consent, _created = Consent.objects.update_or_create(
        customer=customer,
        channel=channel,
        defaults={
            "granted": granted,
            "recorded_at": at or timezone.now(),
            "source": source.strip(),
            "recorded_by_id": actor.user_id,
        },
    )
    state = _("granted") if granted else _("withdrawn")
    timeline_append(
        customer=customer,
        kind=tl.CONSENT_CHANGED,
        actor=actor,
        summary=f"{consent.get_channel_display()}: {state} ({consent.source})",
        ref=consent,
    )
    return consent


TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


def _tags_by_name(dealer: Dealer, names: Iterable[str]) -> list[Tag]:
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    too_long = [n for n in wanted if len(n) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "tags": [
                    _("A tag has at most %(max)d characters: %(tag)s")
                    % {"max": TAG_MAX_LENGTH, "tag": too_long[0]}
                ]
            }
        )
    existing = {t.name: t for t in Tag.objects.filter(dealer=dealer, name__in=wanted)}
    missing = [Tag(dealer=dealer, name=n) for n in wanted if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(dealer=dealer, name__in=wanted)}
    return list(existing.values())


@transaction.atomic
def customer_set_tags(*, actor: Actor, customer: Customer, names: Iterable[str]) -> list[Tag]:
    actor.check_dealer(customer.dealer_id)
    tags = _tags_by_name(customer.dealer, names)
    customer.tags.set(tags)
    timeline_append(
        customer=customer, kind=tl.TAGS_CHANGED, actor=actor, summary=", ".join(sorted(t.name for t in tags))
    )
    return tags


@transaction.atomic
def relationship_add(
    *, actor: Actor, customer: Customer, related: Customer, kind: str, note: str = ""
) -> Relationship:
    actor.check_dealer(customer.dealer_id)
    actor.check_dealer(related.dealer_id)
    if customer.pk == related.pk:
        raise ValidationError({"related": [_("A customer cannot be related to themselves.")]})
    if customer.dealer_id != related.dealer_id:
        raise ValidationError({"related": [_("Both customers must belong to the same dealer.")]})
    relationship, created = Relationship.objects.get_or_create(
        customer=customer, related=related, kind=kind, defaults={"note": note}
    )
    if created:
        timeline_append(
            customer=customer,
            kind=tl.RELATIONSHIP_ADDED,
            actor=actor,
            summary=f"{relationship.get_kind_display()}: {related.name}",
            ref=relationship,
        )
    return relationship


@transaction.atomic
def address_add(*, actor: Actor, customer: Customer, fields: dict) -> Address:
    actor.check_dealer(customer.dealer_id)
    if not (fields.get("line") or "").strip():
        raise ValidationError({"line": [_("Enter the street address.")]})
    postcode = (fields.get("postcode") or "").strip()
    if postcode and not (len(postcode) == 6 and postcode.isdigit()):
        raise ValidationError({"postcode": [_("A postcode has six digits.")]})
    address = Address.objects.create(customer=customer, **fields)
    timeline_append(customer=customer, kind=tl.ADDRESS_ADDED, actor=actor, summary=str(address), ref=address)
    return address


@transaction.atomic
def note_add(*, actor: Actor, customer: Customer, text: str) -> TimelineEntry:
    actor.check_dealer(customer.dealer_id)
    if not (text or "").strip():
        raise ValidationError({"text": [_("Write the note first.")]})
    return timeline_append(customer=customer, kind=tl.NOTE, actor=actor, summary=text.strip())
