"""Reads for customers, always through the acting staff member's scope."""

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from dealercrm.core.masking import mask_email, mask_id_number, mask_phone
from dealercrm.customers.choices import ContactKind
from dealercrm.customers.models import Consent, ContactPoint, Customer, Relationship, Tag, TimelineEntry
from dealercrm.customers.timeline import kind_label
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm


def customers_for(actor: Actor) -> QuerySet[Customer]:
    return actor.scope(Customer.objects.all())


def customer_get(actor: Actor, pk: int) -> Customer:
    """The customer, or 404 when it does not exist for this actor (another dealer's included)."""
    return get_object_or_404(customers_for(actor).select_related("dealer"), pk=pk)


def customer_list(actor: Actor, *, customer_class: str = "", tag: str = "") -> QuerySet[Customer]:
    rows = customers_for(actor).select_related("dealer").order_by("-created_at", "-id")
    if customer_class:
        rows = rows.filter(customer_class=customer_class)
    if tag:
        rows = rows.filter(tags__name=tag)
    return rows.prefetch_related(
        Prefetch(
            "contacts", queryset=ContactPoint.objects.filter(is_primary=True), to_attr="primary_contacts"
        )
    )


# --- masking -------------------------------------------------------------------------------------------------


def sees_full_contacts(actor: Actor) -> bool:
    return actor.can(Perm.SEE_FULL_CONTACTS)


def contact_display(actor: Actor, kind: str, value: str) -> str:
    if sees_full_contacts(actor) or kind == ContactKind.WECHAT:
        return value
    if kind == ContactKind.EMAIL:
        return mask_email(value)
    return mask_phone(value)


def id_number_display(actor: Actor, value: str) -> str:
    return value if sees_full_contacts(actor) else mask_id_number(value)


def primary_contact_display(actor: Actor, customer: Customer) -> str:
    """For lists built with customer_list (which prefetches the primary contact)."""
    contacts = getattr(customer, "primary_contacts", None)
    if not contacts:
        return ""
    return contact_display(actor, contacts[0].kind, contacts[0].value)


# --- search --------------------------------------------------------------------------------------------------


def customer_ids_by_contact(actor: Actor, value: str, limit: int) -> list[int]:
    rows = actor.scope(ContactPoint.objects.filter(value=value))
    return list(rows.values_list("customer_id", flat=True)[:limit])


def customer_ids_by_mobile_tail(actor: Actor, tail4: str, limit: int) -> list[int]:
    rows = actor.scope(ContactPoint.objects.filter(kind=ContactKind.MOBILE, tail4=tail4))
    return list(rows.order_by("-customer_id").values_list("customer_id", flat=True)[:limit])


def customer_ids_by_name(actor: Actor, text: str, limit: int) -> list[int]:
    """Chinese characters: a prefix of the name."""
    return list(
        customers_for(actor)
        .filter(name__startswith=text)
        .order_by("name", "id")
        .values_list("id", flat=True)[:limit]
    )


def customer_ids_by_pinyin(actor: Actor, letters: str, limit: int) -> list[int]:
    """Latin letters: a prefix of the full pinyin, or of the initials ("zs" for 张三)."""
    letters = letters.lower()
    scoped = customers_for(actor)
    by_initials = list(
        scoped.filter(name_initials__startswith=letters)
        .order_by("name_initials", "id")
        .values_list("id", flat=True)[:limit]
    )
    if len(by_initials) >= limit:
        return by_initials
    by_full = scoped.filter(name_pinyin__startswith=letters).order_by("name_pinyin", "id")
    seen = set(by_initials)
    return by_initials + [i for i in by_full.values_list("id", flat=True)[:limit] if i not in seen]


def customers_by_ids(actor: Actor, ids: list[int]) -> list[Customer]:
    """Customers in the order of `ids`, with their primary contact and current vehicles' plates prefetched."""
    if not ids:
        return []
    rows = (
        customers_for(actor)
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "contacts", queryset=ContactPoint.objects.filter(is_primary=True), to_attr="primary_contacts"
            )
        )
    )
    by_id = {c.pk: c for c in rows}
    return [by_id[i] for i in ids if i in by_id]


# --- the 360 page --------------------------------------------------------------------------------------------


def customer_profile(actor: Actor, pk: int) -> Customer:
    """The customer with everything the 360 page shows about the person, in a fixed number of queries."""
    rows = (
        customers_for(actor)
        .select_related("dealer", "created_by")
        .prefetch_related(
            "contacts",
            "addresses",
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
            Prefetch("relationships", queryset=Relationship.objects.select_related("related")),
            Prefetch("related_to", queryset=Relationship.objects.select_related("customer")),
        )
    )
    return get_object_or_404(rows, pk=pk)


def timeline_page(
    actor: Actor, customer: Customer, before_id: int | None = None, size: int | None = None
) -> tuple[list[TimelineEntry], bool]:
    """Newest first, `size` at a time, and whether more follow (keyset: stable while entries arrive)."""
    actor.check_dealer(customer.dealer_id)
    size = size or settings.DEALERCRM_TIMELINE_PAGE
    rows = (
        TimelineEntry.objects.filter(customer=customer)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
    if before_id:
        pivot = TimelineEntry.objects.filter(customer=customer, pk=before_id).values("occurred_at").first()
        if pivot:
            rows = rows.filter(occurred_at__lte=pivot["occurred_at"]).exclude(
                occurred_at=pivot["occurred_at"], id__gte=before_id
            )
    entries = list(rows[: size + 1])
    for entry in entries:
        entry.label = kind_label(entry.kind)
    return entries[:size], len(entries) > size


def customer_counts(actor: Actor) -> dict[str, int]:
    """Customers per class in the actor's scope (one grouped query)."""
    rows = customers_for(actor).values_list("customer_class").order_by().annotate(n=Count("id"))
    counts = dict(rows)
    counts["total"] = sum(counts.values())
    return counts
