"""Reads about service plans, each vehicle's prediction and basis, and the due / overdue lists."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from dealercrm.org.access import Actor
from dealercrm.service.choices import SERVICE_TYPES, OrderStatus
from dealercrm.service.models import RepairOrder, ServicePlan, ServiceReminder, VehicleDue
from dealercrm.service.prediction import LastService, Prediction, Reading, Terms, add_months, predict
from dealercrm.vehicles.models import Vehicle, VehicleModel
from dealercrm.vehicles.selectors import vehicle_detail

SOON_DAYS = 30
OVERDUE_DAYS = 365  # further back than this the customer has gone elsewhere: not an advisor's call list


def plans_for(model_ids: list[int]) -> tuple[dict[int, ServicePlan], ServicePlan | None]:
    """(each model's own plan, the fleet default) in one query."""
    own: dict[int, ServicePlan] = {}
    default = None
    for plan in ServicePlan.objects.filter(model_id__in=model_ids) | ServicePlan.objects.filter(
        model__isnull=True
    ):
        if plan.model_id is None:
            default = plan
        else:
            own[plan.model_id] = plan
    return own, default


def terms_of(own: ServicePlan | None, default: ServicePlan | None) -> Terms | None:
    plan = own or default
    if plan is None:
        return None
    return Terms(
        first_km=plan.first_service_km,
        first_months=plan.first_service_months,
        every_km=plan.every_km,
        every_months=plan.every_months,
        model_km_per_day=own.typical_km_per_day if own else None,
        fleet_km_per_day=default.typical_km_per_day if default else None,
    )


def last_service(vehicle_id: int) -> RepairOrder | None:
    return (
        RepairOrder.objects.filter(
            vehicle_id=vehicle_id, status=OrderStatus.HANDED_OVER, service_type__in=SERVICE_TYPES
        )
        .order_by(Coalesce("reading__read_on", "opened_on").desc(), "-id")
        .first()
    )


@dataclass
class VehicleService:
    vehicle: Vehicle
    plan: ServicePlan | None
    plan_is_default: bool
    prediction: Prediction
    last_service: RepairOrder | None
    readings: list  # newest first
    reminders: list[ServiceReminder]
    stored: VehicleDue | None  # what the reminders use (recomputed nightly and when a repair order lands)

    @property
    def warranty_until(self) -> date | None:
        if self.plan is None or self.vehicle.purchased_on is None:
            return None
        return add_months(self.vehicle.purchased_on, 12 * self.plan.warranty_years)

    @property
    def in_warranty(self) -> bool | None:
        until = self.warranty_until
        if until is None:
            return None
        km = self.prediction.anchor_km if not self.prediction.anchor_assumed else 0
        return timezone.localdate() <= until and (km or 0) <= self.plan.warranty_km

    @property
    def stored_due_on(self) -> date | None:
        return self.stored.next_service_due_on if self.stored else None

    @property
    def stored_differs(self) -> bool:
        """The reminders still use the stored date until tonight's recompute."""
        return self.stored_due_on != self.prediction.due_on


def vehicle_service(actor: Actor, pk: int) -> VehicleService:
    """A vehicle's plan, warranty and due-date prediction with its basis (a fixed number of queries)."""
    vehicle = vehicle_detail(actor, pk)
    rows = list(vehicle.readings.all())
    own, default = plans_for([vehicle.model_id])
    served = last_service(vehicle.pk)
    prediction = predict(
        readings=[Reading(r.pk, r.km, r.read_on, r.meter_replaced) for r in rows],
        terms=terms_of(own.get(vehicle.model_id), default),
        last_service=LastService(served.reading_id, served.km, served.opened_on) if served else None,
        purchased_on=vehicle.purchased_on,
        first_visit_on=vehicle.first_visit_on,
    )
    plan = own.get(vehicle.model_id) or default
    return VehicleService(
        vehicle=vehicle,
        plan=plan,
        plan_is_default=plan is not None and plan.model_id is None,
        prediction=prediction,
        last_service=served,
        readings=rows[::-1],
        reminders=list(vehicle.service_reminders.order_by("-recorded_on", "-id")[:10]),
        stored=VehicleDue.objects.filter(vehicle=vehicle).first(),
    )


def due_list(actor: Actor, *, show: str = "overdue", on: date | None = None) -> QuerySet[VehicleDue]:
    """Vehicles with an owner, overdue (due in the last OVERDUE_DAYS, most recent first) or due soon (next
    SOON_DAYS, soonest first): an index range on (dealer, next_service_due_on)."""
    on = on or timezone.localdate()
    rows = actor.scope(VehicleDue.objects.filter(vehicle__current_owner__isnull=False)).select_related(
        "vehicle__model", "vehicle__current_owner", "dealer"
    )
    if show == "soon":
        soon = rows.filter(
            next_service_due_on__gte=on, next_service_due_on__lte=on + timedelta(days=SOON_DAYS)
        )
        return soon.order_by("next_service_due_on", "vehicle_id")
    overdue = rows.filter(
        next_service_due_on__lt=on, next_service_due_on__gte=on - timedelta(days=OVERDUE_DAYS)
    )
    return overdue.order_by("-next_service_due_on", "-vehicle_id")


def plan_rows() -> list[tuple[VehicleModel, ServicePlan | None]]:
    """Every vehicle model with its own plan (or None: it follows the fleet default). Two queries."""
    own = {plan.model_id: plan for plan in ServicePlan.objects.filter(model__isnull=False)}
    return [(model, own.get(model.pk)) for model in VehicleModel.objects.all()]


def fleet_default_plan() -> ServicePlan | None:
    return ServicePlan.objects.filter(model__isnull=True).first()
