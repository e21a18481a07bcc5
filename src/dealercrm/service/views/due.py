"""The vehicle's service page (plan, warranty, prediction and its basis), readings, the due / overdue lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.service import selectors, services
from dealercrm.service.forms import ReadingForm
from dealercrm.service.views.common import PAGE_SIZE, bound, object_view
from dealercrm.vehicles.selectors import vehicle_get


def _vehicle_page(request, page, form=None):
    actor = request.actor
    context = {
        "page": page,
        "vehicle": page.vehicle,
        "prediction": page.prediction,
        "orders": selectors.order_list(actor, vehicle_id=page.vehicle.pk)[:10],
        "appointments": selectors.appointments_for(actor)
        .filter(vehicle=page.vehicle)
        .select_related("advisor")
        .order_by("-on", "-id")[:10],
        "reading_form": form or ReadingForm(),
        "today": timezone.localdate(),
        "can_work": actor.can(Perm.WORK_SERVICE),
        "can_record": actor.can(Perm.RECORD_ODOMETER),
    }
    return render(request, "service/vehicle.html", context)


@object_view(Perm.VIEW_SERVICE, vehicle_get, methods=("GET",))
def vehicle_service(request, vehicle):
    return _vehicle_page(request, selectors.vehicle_service(request.actor, vehicle.pk))


@object_view(Perm.RECORD_ODOMETER, vehicle_get, methods=("POST",))
def vehicle_reading(request, vehicle):
    """Record a reading here and the due date moves at once (the vehicles page's readings wait for tonight)."""
    form = bound(ReadingForm, request)
    if form.is_valid():
        try:
            reading = services.vehicle_reading_record(
                actor=request.actor, vehicle=vehicle, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Reading of %(km)s km recorded.") % {"km": f"{reading.km:,}"})
            return redirect("service:vehicle", vehicle.pk)
    return _vehicle_page(request, selectors.vehicle_service(request.actor, vehicle.pk), form)


@requires(Perm.VIEW_SERVICE)
def due_list(request):
    show = "soon" if request.GET.get("show") == "soon" else "overdue"
    rows = selectors.due_list(request.actor, show=show)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"show": show, "page_obj": page_obj, "rows": page_obj.object_list}
    return render(request, "service/due.html", context)
