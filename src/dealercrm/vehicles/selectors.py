"""Reads for vehicles, always through the acting staff member's scope."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from dealercrm.core.lookups import Lookup
from dealercrm.customers.models import Customer
from dealercrm.org.access import Actor
from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle


def vehicles_for(actor: Actor) -> QuerySet[Vehicle]:
    return actor.scope(Vehicle.objects.all())


def vehicle_get(actor: Actor, pk: int) -> Vehicle:
    return get_object_or_404(vehicles_for(actor).select_related("dealer", "model", "current_owner"), pk=pk)


def vehicle_list(actor: Actor, *, model_id: int | None = None) -> QuerySet[Vehicle]:
    rows = vehicles_for(actor).select_related("model", "current_owner").order_by("-created_at", "-id")
    if model_id:
        rows = rows.filter(model_id=model_id)
    return rows


def vehicle_detail(actor: Actor, pk: int) -> Vehicle:
    """The vehicle with its ownership history and readings, in a fixed number of queries."""
    rows = (
        vehicles_for(actor)
        .select_related("dealer", "model", "current_owner")
        .prefetch_related(
            Prefetch("ownerships", queryset=Ownership.objects.select_related("customer")),
            Prefetch("readings", queryset=OdometerReading.objects.select_related("recorded_by")),
        )
    )
    return get_object_or_404(rows, pk=pk)


OWNER_LOOKUPS = frozenset({"plate", "vin", "vin_tail"})


def owner_id_queries(actor: Actor, lookup: Lookup) -> list[QuerySet]:
    """Querysets of the current owners' customer ids for a plate, VIN or last six of a VIN."""
    if lookup.kind not in OWNER_LOOKUPS:
        return []
    field = {"plate": "plate", "vin": "vin", "vin_tail": "vin_tail6"}[lookup.kind]
    owned = vehicles_for(actor).filter(current_owner__isnull=False, **{field: lookup.value}).order_by()
    if lookup.kind == "plate":
        owned = owned.exclude(plate="")  # repeats the partial unique index's condition, so SQLite uses it
    return [owned.values_list("current_owner_id", flat=True)]


def plates_by_customer(actor: Actor, customer_ids: list[int]) -> dict[int, list[str]]:
    """Current plates (the VIN where there is no plate yet) per customer, for search results (one query)."""
    found: dict[int, list[str]] = {}
    rows = vehicles_for(actor).filter(current_owner_id__in=customer_ids).order_by("id")
    for owner_id, plate, vin in rows.values_list("current_owner_id", "plate", "vin"):
        found.setdefault(owner_id, []).append(plate or vin)
    return found


@dataclass
class OwnedVehicle:
    vehicle: Vehicle
    ownership: Ownership
    readings: list[OdometerReading]

    @property
    def is_current(self) -> bool:
        return self.ownership.ended_on is None

    @property
    def trend(self) -> list[tuple]:
        return [(r.read_on, r.km) for r in self.readings]

    @property
    def last_km(self) -> int | None:
        return self.readings[-1].km if self.readings else None


def customer_vehicles(actor: Actor, customer: Customer) -> list[OwnedVehicle]:
    """Every vehicle the customer owns or owned, current first, with its readings (two queries)."""
    actor.check_dealer(customer.dealer_id)
    ownerships = (
        Ownership.objects.filter(customer=customer)
        .select_related("vehicle__model")
        .prefetch_related(
            Prefetch("vehicle__readings", queryset=OdometerReading.objects.order_by("read_on", "id"))
        )
        .order_by("ended_on", "-started_on")
    )
    owned = [OwnedVehicle(o.vehicle, o, list(o.vehicle.readings.all())) for o in ownerships]
    owned.sort(key=lambda item: (not item.is_current, -item.ownership.started_on.toordinal()))
    return owned
