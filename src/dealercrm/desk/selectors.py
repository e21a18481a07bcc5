"""Pages composed from every app's selectors. desk owns no business rule and nothing imports it."""

from dataclasses import dataclass, field

from django.conf import settings

from dealercrm.customers import selectors as customers
from dealercrm.customers.models import Customer, TimelineEntry
from dealercrm.desk.search import LOOKUP_LABELS, Lookup, classify
from dealercrm.org.access import Actor
from dealercrm.vehicles import selectors as vehicles

_FINDERS = {
    "mobile": customers.customer_ids_by_contact,
    "landline": customers.customer_ids_by_contact,
    "mobile_tail": customers.customer_ids_by_mobile_tail,
    "name": customers.customer_ids_by_name,
    "pinyin": customers.customer_ids_by_pinyin,
    "plate": vehicles.customer_ids_by_plate,
    "vin": vehicles.customer_ids_by_vin,
    "vin_tail": vehicles.customer_ids_by_vin_tail,
}


@dataclass
class SearchHit:
    customer: Customer
    matched: str  # which lookup found it
    contact: str  # primary contact, masked for this actor
    plates: list[str]

    @property
    def matched_label(self) -> str:
        return str(LOOKUP_LABELS[self.matched])


def search(actor: Actor, query: str, limit: int | None = None) -> list[SearchHit]:
    """Customers matching a mobile, last four, plate, VIN, last six of a VIN, name or pinyin.

    One indexed query per plausible lookup, then two to fill the rows: bounded, whatever the data size.
    """
    limit = limit or settings.DEALERCRM_SEARCH_LIMIT
    matched: dict[int, str] = {}
    for lookup in classify(query):
        for customer_id in _FINDERS[lookup.kind](actor, lookup.value, limit):
            matched.setdefault(customer_id, lookup.kind)
        if len(matched) >= limit:
            break
    ids = list(matched)[:limit]
    plates = vehicles.plates_by_customer(actor, ids) if ids else {}
    return [
        SearchHit(c, matched[c.pk], customers.primary_contact_display(actor, c), plates.get(c.pk, []))
        for c in customers.customers_by_ids(actor, ids)
    ]


def search_lookups(query: str) -> list[Lookup]:
    return classify(query)


@dataclass
class Customer360:
    customer: Customer
    contacts: list[tuple]  # (ContactPoint, display value)
    id_number: str
    vehicles: list[vehicles.OwnedVehicle]
    timeline: list[TimelineEntry]
    timeline_has_more: bool
    relationships: list[tuple] = field(default_factory=list)  # (kind label, other customer)


def customer_360(actor: Actor, pk: int) -> Customer360:
    customer = customers.customer_profile(actor, pk)
    entries, has_more = customers.timeline_page(actor, customer)
    relationships = [(r.get_kind_display(), r.related) for r in customer.relationships.all()]
    relationships += [(r.get_kind_display(), r.customer) for r in customer.related_to.all()]
    return Customer360(
        customer=customer,
        contacts=[(c, customers.contact_display(actor, c.kind, c.value)) for c in customer.contacts.all()],
        id_number=customers.id_number_display(actor, customer.id_number),
        vehicles=vehicles.customer_vehicles(actor, customer),
        timeline=entries,
        timeline_has_more=has_more,
        relationships=relationships,
    )
