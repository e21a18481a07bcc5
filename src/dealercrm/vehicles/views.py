"""Thin views for vehicles: who may open the page, which selector or service it calls, what it renders."""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import apply_service_errors, field_errors
from dealercrm.customers import selectors as customer_selectors
from dealercrm.customers.models import Customer
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.vehicles import selectors, services
from dealercrm.vehicles.forms import ReadingForm, TransferForm, VehicleFilterForm, VehicleForm
from dealercrm.vehicles.models import Vehicle

PAGE_SIZE = 25
_LATIN = re.compile(r"^[A-Za-z]+$")
_HAN = re.compile(r"^[\u3400-\u9fff\u00b7]+$")  # a Chinese name (· joins transliterated ones)


def _bound(form_class, request, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


@requires(Perm.VIEW_VEHICLES)
def vehicles_list(request):
    filters = VehicleFilterForm(request.GET)
    model = filters.cleaned_data.get("model") if filters.is_valid() else None
    rows = selectors.vehicle_list(request.actor, model_id=model.pk if model else None)
    if request.actor.is_group_wide:
        rows = rows.select_related("dealer")  # the dealer column
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "vehicles": page_obj.object_list,
        "filtered": bool(model),
    }
    return render(request, "vehicles/list.html", context)


def _owner_from_query(request) -> Customer | None:
    """?owner=<pk>: a customer this actor may see (another dealer's is a 404)."""
    raw = request.GET.get("owner", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return customer_selectors.customer_get(request.actor, int(raw))


@requires(Perm.EDIT_VEHICLES)
def vehicle_create(request):
    actor: Actor = request.actor
    owner = _owner_from_query(request)
    # Staff register at their own dealer (or the owner's); group-wide staff without an owner choose one.
    dealers = Dealer.objects.filter(is_active=True) if owner is None and actor.dealer_id is None else None
    form = _bound(VehicleForm, request, dealers=dealers)
    if form.is_bound and form.is_valid():
        if owner is not None:
            dealer = owner.dealer
        elif dealers is not None:
            dealer = form.cleaned_data["dealer"]
        else:
            dealer = get_object_or_404(Dealer, pk=actor.dealer_id)
        try:
            vehicle = services.vehicle_create(
                actor=actor, dealer=dealer, fields=form.service_fields(), owner=owner
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Vehicle %(vehicle)s registered.") % {"vehicle": vehicle})
            if owner is not None:
                return redirect("desk:customer", owner.pk)
            return redirect("vehicles:detail", vehicle.pk)
    context = {"form": form, "owner": owner, "validate_url": reverse("vehicles:validate")}
    return render(request, "vehicles/vehicle_form.html", context)


@requires(Perm.EDIT_VEHICLES)
@require_POST
def vehicle_validate(request):
    """htmx: the inline errors of the field that just changed."""
    return field_errors(request, VehicleForm(request.POST))


@requires(Perm.VIEW_VEHICLES)
def vehicle_detail(request, pk: int):
    vehicle = selectors.vehicle_detail(request.actor, pk)
    readings = list(vehicle.readings.all())  # oldest first
    context = {
        "vehicle": vehicle,
        "ownerships": list(vehicle.ownerships.all()),
        "readings": readings[::-1],
        "trend": [(r.read_on, r.km) for r in readings],
        "can_edit": request.actor.can(Perm.EDIT_VEHICLES),
        "can_record": request.actor.can(Perm.RECORD_ODOMETER),
    }
    return render(request, "vehicles/detail.html", context)


@requires(Perm.EDIT_VEHICLES)
def vehicle_edit(request, pk: int):
    vehicle = selectors.vehicle_get(request.actor, pk)
    form = _bound(VehicleForm, request, vehicle=vehicle)
    if form.is_bound and form.is_valid():
        try:
            services.vehicle_update(actor=request.actor, vehicle=vehicle, fields=form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Vehicle %(vehicle)s saved.") % {"vehicle": vehicle})
            return redirect("vehicles:detail", vehicle.pk)
    context = {"form": form, "vehicle": vehicle, "validate_url": reverse("vehicles:validate")}
    return render(request, "vehicles/vehicle_form.html", context)


@requires(Perm.RECORD_ODOMETER)
def reading_add(request, pk: int):
    vehicle = selectors.vehicle_detail(request.actor, pk)
    form = _bound(ReadingForm, request)
    if form.is_bound and form.is_valid():
        try:
            reading = services.odometer_record(actor=request.actor, vehicle=vehicle, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Reading of %(km)s km recorded.") % {"km": reading.km})
            return redirect("vehicles:detail", vehicle.pk)
    recent = list(vehicle.readings.all())[-5:][::-1]
    return render(request, "vehicles/reading_form.html", {"form": form, "vehicle": vehicle, "recent": recent})


def _owner_candidates(actor: Actor, vehicle: Vehicle, query: str) -> list[tuple]:
    """(customer card, masked contact) of the vehicle's dealer matching a mobile (or its last 4), a name or pinyin."""
    exclude = [vehicle.current_owner_id] if vehicle.current_owner_id else []
    picked = customer_selectors.pick_customers(
        actor, query, limit=settings.DEALERCRM_SEARCH_LIMIT, dealer_id=vehicle.dealer_id, exclude=exclude
    )
    return [(card, card.contact) for card in picked]


@requires(Perm.EDIT_VEHICLES)
def vehicle_transfer(request, pk: int):
    actor: Actor = request.actor
    vehicle = selectors.vehicle_get(actor, pk)
    customers = customer_selectors.customers_for(actor).filter(dealer_id=vehicle.dealer_id)
    form = _bound(TransferForm, request, customers=customers)
    if form.is_bound and form.is_valid():
        new_owner = form.cleaned_data["new_owner"]
        try:
            services.ownership_transfer(
                actor=actor, vehicle=vehicle, new_owner=new_owner, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(vehicle)s now belongs to %(name)s.") % {"vehicle": vehicle, "name": new_owner.name},
            )
            return redirect("vehicles:detail", vehicle.pk)
    query = request.GET.get("q", "").strip()
    candidates = _owner_candidates(actor, vehicle, query) if query else []
    selected = form.cleaned_data.get("new_owner") if form.is_bound and hasattr(form, "cleaned_data") else None
    if selected is not None and all(c.pk != selected.pk for c, _shown in candidates):
        candidates.insert(0, (selected, ""))  # keep the pick visible when the form comes back with an error
    context = {
        "vehicle": vehicle,
        "form": form,
        "query": query,
        "candidates": candidates,
        "selected_id": selected.pk if selected else None,
    }
    return render(request, "vehicles/transfer.html", context)
