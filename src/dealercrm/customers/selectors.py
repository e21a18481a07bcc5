"""Reads for customers, always through the acting staff member's scope."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from dealercrm.core.lookups import Lookup, classify
from dealercrm.core.masking import mask_email, mask_id_number, mask_phone
from dealercrm.customers.choices import ContactKind, CustomerClass
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
# The call pop is the hottest path: a finder turns one Lookup into unevaluated querysets of customer ids, and
# customer_cards fills at most `limit` rows with two plain indexed queries. Plain queries on purpose: an ORM
# query with correlated subqueries costs more to compile than to run. Prefix finders carry no ORDER BY, so the
# database walks the prefix index and stops after `limit` rows ("z" matches a third of a dealer).

CUSTOMER_LOOKUPS = frozenset({"mobile", "landline", "mobile_tail", "name", "pinyin"})


def customer_id_queries(actor: Actor, lookup: Lookup) -> list[QuerySet]:
    if lookup.kind not in CUSTOMER_LOOKUPS:
        return []
    if lookup.kind in ("mobile", "landline", "mobile_tail"):
        contacts = actor.scope(ContactPoint.objects.order_by())
        if lookup.kind == "mobile_tail":
            contacts = contacts.filter(kind=ContactKind.MOBILE, tail4=lookup.value)
        else:
            contacts = contacts.filter(value=lookup.value)
        return [contacts.values_list("customer_id", flat=True)]
    people = customers_for(actor).order_by()
    if lookup.kind == "name":
        return [people.filter(name__startswith=lookup.value).values_list("id", flat=True)]
    return [
        people.filter(name_initials__startswith=lookup.value).values_list("id", flat=True),
        people.filter(name_pinyin__startswith=lookup.value).values_list("id", flat=True),
    ]


@dataclass(frozen=True)
class CustomerCard:
    """What a search result or a picker shows of a customer; the contact already masked for the actor."""

    id: int
    name: str
    customer_class: str
    dealer_id: int
    contact: str

    @property
    def pk(self) -> int:
        return self.id

    @property
    def class_label(self) -> str:
        return str(CustomerClass(self.customer_class).label)


def customer_cards(actor: Actor, ids: list[int]) -> list[CustomerCard]:
    """Cards for `ids`, in that order (two queries)."""
    if not ids:
        return []
    contacts = dict(
        (customer_id, (kind, value))
        for customer_id, kind, value in ContactPoint.objects.filter(customer_id__in=ids, is_primary=True)
        .order_by()
        .values_list("customer_id", "kind", "value")
    )
    rows = customers_for(actor).filter(pk__in=ids).values_list("id", "name", "customer_class", "dealer_id")
    by_id = {
        pk: CustomerCard(
            pk, name, cls, dealer, contact_display(actor, *contacts[pk]) if pk in contacts else ""
        )
        for pk, name, cls, dealer in rows
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def pick_customers(
    actor: Actor, query: str, *, limit: int, dealer_id: int | None = None, exclude: Iterable[int] = ()
) -> list[CustomerCard]:
    """For pickers (a new owner, a spouse): customers matching a mobile, its last four, a name or its pinyin."""
    skip, ids = set(exclude), []
    for lookup in classify(query):
        if lookup.kind in CUSTOMER_LOOKUPS:
            for finder in customer_id_queries(actor, lookup):
                ids += [pk for pk in finder[: 2 * limit] if pk not in skip and pk not in ids]
    cards = [c for c in customer_cards(actor, ids) if dealer_id is None or c.dealer_id == dealer_id]
    return cards[:limit]


# --- the 360 page --------------------------------------------------------------------------------------------


def customer_profile(actor: Actor, pk: int, *, also: tuple[str, ...] = ()) -> Customer:
    """The customer with everything the 360 page shows about the person, in a fixed number of queries.

    `also` names one-to-one rows other apps keep about the customer (e.g. "loyalty__tier"), joined in the same
    query; the caller (the desk) knows those apps, this one does not."""
    rows = (
        customers_for(actor)
        .select_related("dealer", "created_by", *also)
        .prefetch_related(
            "contacts",
            "addresses",
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
        )
    )
    return get_object_or_404(rows, pk=pk)


def customer_relationships(actor: Actor, customer: Customer) -> list[tuple[str, Customer]]:
    """(kind label, the other customer) for both directions of every relationship, in one query."""
    actor.check_dealer(customer.dealer_id)
    rows = Relationship.objects.filter(Q(customer=customer) | Q(related=customer)).select_related(
        "customer", "related"
    )
    return [
        (r.get_kind_display(), r.related if r.customer_id == customer.pk else r.customer)
        for r in rows.order_by("created_at", "id")
    ]


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
