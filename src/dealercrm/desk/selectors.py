"""Pages composed from every app's selectors. desk owns no business rule and nothing imports it."""

from dataclasses import dataclass, field

from django.conf import settings

from dealercrm.core.lookups import LOOKUP_LABELS, Lookup, classify
from dealercrm.customers import selectors as customers
from dealercrm.customers.models import Customer, TimelineEntry
from dealercrm.desk import business
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.service import selectors as service_selectors
from dealercrm.vehicles import selectors as vehicles


@dataclass
class SearchHit:
    customer: customers.CustomerCard
    matched: str  # which lookup found it
    plates: list[str]

    @property
    def matched_label(self) -> str:
        return str(LOOKUP_LABELS[self.matched])


def search(actor: Actor, query: str, limit: int | None = None) -> list[SearchHit]:
    """Customers matching a mobile, last four, plate, VIN, last six of a VIN, name or pinyin.

    One indexed query per plausible lookup (most specific first) until `limit` customers are found, then two to
    fill the cards and one for their plates: bounded, whatever the data size.
    """
    limit = limit or settings.DEALERCRM_SEARCH_LIMIT
    matched: dict[int, str] = {}
    for lookup in classify(query):
        for finder in customers.customer_id_queries(actor, lookup) + vehicles.owner_id_queries(actor, lookup):
            for customer_id in finder[:limit]:
                matched.setdefault(customer_id, lookup.kind)
            if len(matched) >= limit:
                break
        if len(matched) >= limit:
            break
    ids = list(matched)[:limit]
    plates = vehicles.plates_by_customer(actor, ids) if ids else {}
    return [
        SearchHit(card, matched[card.id], plates.get(card.id, []))
        for card in customers.customer_cards(actor, ids)
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
    service: object = None  # service.selectors.customer_service_summary
    business: list = field(default_factory=list)  # desk.business.BusinessRow: leads, complaints, policies
    standing: dict | None = None  # desk.business.loyalty_standing


def customer_360(actor: Actor, pk: int) -> Customer360:
    customer = customers.customer_profile(actor, pk, also=("loyalty__tier",))
    entries, has_more = customers.timeline_page(actor, customer)
    relationships = customers.customer_relationships(actor, customer)
    return Customer360(
        customer=customer,
        contacts=[(c, customers.contact_display(actor, c.kind, c.value)) for c in customer.contacts.all()],
        id_number=customers.id_number_display(actor, customer.id_number),
        vehicles=vehicles.customer_vehicles(actor, customer),
        timeline=entries,
        timeline_has_more=has_more,
        relationships=relationships,
        service=service_selectors.customer_service_summary(actor, customer),
        business=business.open_business(actor, customer),
        standing=business.loyalty_standing(customer) if actor.can(Perm.VIEW_LOYALTY) else None,
    )
