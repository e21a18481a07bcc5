"""Writes for vehicles: register a car, change hands, record the odometer. Each one atomic and on the timeline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.validators import normalize_plate, normalize_vin, vin_tail
from dealercrm.customers.choices import CustomerClass
from dealercrm.customers.models import Customer
from dealercrm.customers.services import timeline_append
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.vehicles import timeline as tl
from dealercrm.vehicles.choices import OdometerSource
from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleModel

MAX_KM = 2_000_000  # the vehicles_reading_km_range constraint
VEHICLE_FIELDS = ("vin", "plate", "model", "colour", "purchased_on", "first_visit_on", "first_visit_km")


def _clean_vehicle_fields(dealer: Dealer, fields: dict, exclude_pk: int | None = None) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in VEHICLE_FIELDS}
    errors: dict[str, list[str]] = {}
    if "vin" in cleaned:
        try:
            cleaned["vin"] = normalize_vin(cleaned["vin"])
            cleaned["vin_tail6"] = vin_tail(cleaned["vin"])
        except ValidationError as exc:
            errors["vin"] = exc.messages
        else:
            clash = Vehicle.objects.filter(dealer=dealer, vin=cleaned["vin"]).exclude(pk=exclude_pk)
            if clash.exists():
                errors["vin"] = [_("A vehicle with this VIN is already registered at this dealer.")]
    if cleaned.get("plate"):
        try:
            cleaned["plate"] = normalize_plate(cleaned["plate"])
        except ValidationError as exc:
            errors["plate"] = exc.messages
        else:
            clash = Vehicle.objects.filter(dealer=dealer, plate=cleaned["plate"]).exclude(pk=exclude_pk)
            if clash.exists():
                errors["plate"] = [_("Another vehicle at this dealer already has this plate.")]
    elif "plate" in cleaned:
        cleaned["plate"] = ""
    if "model" in cleaned and not isinstance(cleaned["model"], VehicleModel):
        errors["model"] = [_("Choose a vehicle model.")]
    km = cleaned.get("first_visit_km")
    if km is not None and not 0 <= km <= MAX_KM:
        errors["first_visit_km"] = [_("Enter a distance between 0 and %(max)s km.") % {"max": f"{MAX_KM:,}"}]
    today = timezone.localdate()
    for name in ("purchased_on", "first_visit_on"):
        if isinstance(cleaned.get(name), date) and cleaned[name] > today:
            errors[name] = [_("This date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _start_ownership(*, actor: Actor, vehicle: Vehicle, owner: Customer, on: date) -> Ownership:
    ownership = Ownership.objects.create(vehicle=vehicle, customer=owner, started_on=on)
    vehicle.current_owner = owner
    vehicle.save(update_fields=["current_owner", "updated_at"])
    if owner.customer_class != CustomerClass.OWNER:
        Customer.objects.filter(pk=owner.pk).update(customer_class=CustomerClass.OWNER)
        owner.customer_class = CustomerClass.OWNER
    timeline_append(customer=owner, kind=tl.OWNERSHIP_STARTED, actor=actor, summary=str(vehicle), ref=vehicle)
    return ownership


@transaction.atomic
def vehicle_create(
    *,
    actor: Actor,
    dealer: Dealer,
    fields: dict,
    owner: Customer | None = None,
    owned_since: date | None = None,
) -> Vehicle:
    """Register a vehicle (and its first owner). A bad VIN or plate raises ValidationError; nothing is saved."""
    actor.check_dealer(dealer.pk)
    if owner is not None and owner.dealer_id != dealer.pk:
        raise ValidationError({"owner": [_("The owner must be a customer of the same dealer.")]})
    cleaned = _clean_vehicle_fields(dealer, fields)
    vehicle = Vehicle.objects.create(dealer=dealer, **cleaned)
    if owner is not None:
        timeline_append(
            customer=owner,
            kind=tl.VEHICLE_ADDED,
            actor=actor,
            summary=f"{vehicle} · {vehicle.model}",
            ref=vehicle,
        )
        _start_ownership(
            actor=actor,
            vehicle=vehicle,
            owner=owner,
            on=owned_since or vehicle.purchased_on or timezone.localdate(),
        )
    if vehicle.first_visit_km is not None and vehicle.first_visit_on:
        OdometerReading.objects.create(
            vehicle=vehicle,
            km=vehicle.first_visit_km,
            read_on=vehicle.first_visit_on,
            source=OdometerSource.MANUAL,
            recorded_by_id=actor.user_id,
        )
    return vehicle


@transaction.atomic
def vehicle_update(*, actor: Actor, vehicle: Vehicle, fields: dict) -> Vehicle:
    actor.check_dealer(vehicle.dealer_id)
    cleaned = _clean_vehicle_fields(vehicle.dealer, fields, exclude_pk=vehicle.pk)
    changed = [name for name, value in cleaned.items() if getattr(vehicle, name) != value]
    if not changed:
        return vehicle
    for name in changed:
        setattr(vehicle, name, cleaned[name])
    vehicle.save()
    if vehicle.current_owner_id:
        labels = ", ".join(
            str(Vehicle._meta.get_field(n).verbose_name) for n in changed if n in VEHICLE_FIELDS
        )
        timeline_append(
            customer=vehicle.current_owner,
            kind=tl.VEHICLE_UPDATED,
            actor=actor,
            summary=f"{vehicle}: {labels}",
            ref=vehicle,
        )
    return vehicle


@transaction.atomic
def ownership_transfer(*, actor: Actor, vehicle: Vehicle, new_owner: Customer, on: date) -> Ownership:
    """The vehicle changes hands: the open ownership ends on `on`, a new one starts; the past stays."""
    actor.check_dealer(vehicle.dealer_id)
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    if new_owner.dealer_id != vehicle.dealer_id:
        raise ValidationError({"new_owner": [_("The new owner must be a customer of the same dealer.")]})
    current = (
        Ownership.objects.filter(vehicle=vehicle, ended_on__isnull=True).select_related("customer").first()
    )
    if current and current.customer_id == new_owner.pk:
        raise ValidationError({"new_owner": [_("This customer already owns the vehicle.")]})
    if current and on < current.started_on:
        raise ValidationError(
            {
                "on": [
                    _("The transfer date cannot be before the current ownership began (%(day)s).")
                    % {"day": current.started_on.isoformat()}
                ]
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": [_("This date cannot be in the future.")]})
    if current:
        current.ended_on = on
        current.save(update_fields=["ended_on", "updated_at"])
        timeline_append(
            customer=current.customer,
            kind=tl.OWNERSHIP_ENDED,
            actor=actor,
            summary=f"{vehicle} → {new_owner.name}",
            ref=vehicle,
        )
    return _start_ownership(actor=actor, vehicle=vehicle, owner=new_owner, on=on)


@transaction.atomic
def odometer_record(
    *,
    actor: Actor,
    vehicle: Vehicle,
    km: int,
    read_on: date,
    source: str = OdometerSource.MANUAL,
    meter_replaced: bool = False,
) -> OdometerReading:
    """Record a reading. One lower than the reading before it is refused unless the meter was replaced."""
    actor.check_dealer(vehicle.dealer_id)
    errors: dict[str, list[str]] = {}
    if km is None or km < 0:
        errors["km"] = [_("Enter the odometer reading in km.")]
    elif km > MAX_KM:
        errors["km"] = [_("An odometer reading cannot exceed %(max)s km.") % {"max": f"{MAX_KM:,}"}]
    if read_on > timezone.localdate():
        errors["read_on"] = [_("This date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    readings = OdometerReading.objects.filter(vehicle=vehicle)
    previous = readings.filter(read_on__lte=read_on).order_by("-read_on", "-id").first()
    following = readings.filter(read_on__gt=read_on).order_by("read_on", "id").first()
    if not meter_replaced:
        if previous and km < previous.km:
            raise ValidationError(
                {
                    "km": [
                        _(
                            "%(km)s km is below the previous reading of %(prev)s km on %(day)s. "
                            "Tick 'meter replaced' if the odometer was changed."
                        )
                        % {"km": f"{km:,}", "prev": f"{previous.km:,}", "day": previous.read_on.isoformat()}
                    ]
                }
            )
        if following and km > following.km and not following.meter_replaced:
            raise ValidationError(
                {
                    "km": [
                        _("%(km)s km is above the later reading of %(next)s km on %(day)s.")
                        % {"km": f"{km:,}", "next": f"{following.km:,}", "day": following.read_on.isoformat()}
                    ]
                }
            )
    reading = OdometerReading.objects.create(
        vehicle=vehicle,
        km=km,
        read_on=read_on,
        source=source,
        meter_replaced=meter_replaced,
        recorded_by_id=actor.user_id,
    )
    if vehicle.current_owner_id:
        timeline_append(
            customer=vehicle.current_owner,
            kind=tl.ODOMETER_RECORDED,
            actor=actor,
            summary=f"{vehicle} · {km:,} km",
            ref=reading,
        )
    return reading
