"""Appointments: the day's half-days and bookings, booking a vehicle in, no-show and cancellation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dealercrm.core.forms import apply_service_errors
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.service import selectors, services
from dealercrm.service.forms import AppointmentForm, DayForm
from dealercrm.service.services.appointments import advisors_of
from dealercrm.service.views.common import bound, object_view
from dealercrm.vehicles.selectors import vehicle_get


def _day(request):
    form = DayForm(request.GET)
    return (form.cleaned_data.get("on") if form.is_valid() else None) or timezone.localdate(), form


@requires(Perm.VIEW_SERVICE)
def appointment_day(request):
    on, form = _day(request)
    actor = request.actor
    context = {
        "on": on,
        "form": form,
        "appointments": selectors.appointment_list(actor, on=on),
        "slots": selectors.day_slots(actor.dealer_id, on) if actor.dealer_id else [],
        "can_work": actor.can(Perm.WORK_SERVICE),
        "can_manage": actor.can(Perm.MANAGE_SERVICE_PLANS),
    }
    return render(request, "service/appointments.html", context)


@requires(Perm.WORK_SERVICE)
@require_GET
def slots(request):
    """htmx: what is left of each half-day on the date picked in the booking form."""
    on, _form = _day(request)
    if request.actor.dealer_id is None:
        raise Http404
    return render(
        request, "service/_slots.html", {"on": on, "slots": selectors.day_slots(request.actor.dealer_id, on)}
    )


def _vehicle_from_query(request):
    raw = request.GET.get("vehicle", "").strip()
    if not raw.isdigit():
        raise Http404
    return vehicle_get(request.actor, int(raw))


@requires(Perm.WORK_SERVICE)
def appointment_book(request):
    actor = request.actor
    vehicle = _vehicle_from_query(request)
    advisors = advisors_of(vehicle.dealer_id)
    initial = {"advisor": actor.user_id} if advisors.filter(pk=actor.user_id).exists() else {}
    form = bound(AppointmentForm, request, advisors=advisors, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            appointment = services.appointment_book(actor=actor, vehicle=vehicle, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(vehicle)s booked in for %(day)s, %(half)s.")
                % {
                    "vehicle": vehicle,
                    "day": appointment.on.isoformat(),
                    "half": appointment.get_half_day_display(),
                },
            )
            return redirect("service:appointment", appointment.pk)
    on = form.cleaned_data.get("on") if form.is_bound and hasattr(form, "cleaned_data") else None
    on = on or timezone.localdate()
    context = {
        "form": form,
        "vehicle": vehicle,
        "on": on,
        "slots": selectors.day_slots(vehicle.dealer_id, on),
    }
    return render(request, "service/appointment_form.html", context)


@object_view(Perm.VIEW_SERVICE, selectors.appointment_get, methods=("GET",))
def appointment_detail(request, appointment):
    context = {
        "appointment": appointment,
        "order": getattr(appointment, "repair_order", None),
        "can_work": request.actor.can(Perm.WORK_SERVICE),
        "today": timezone.localdate(),
    }
    return render(request, "service/appointment.html", context)


@object_view(Perm.WORK_SERVICE, selectors.appointment_get, methods=("POST",))
def appointment_status(request, appointment):
    """POST status=cancelled|no_show."""
    status = request.POST.get("status", "")
    try:
        if status == "cancelled":
            services.appointment_cancel(
                actor=request.actor, appointment=appointment, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Appointment cancelled."))
        elif status == "no_show":
            services.appointment_no_show(actor=request.actor, appointment=appointment)
            messages.success(request, _("Marked as a no-show: the follow-up team will call the customer."))
        else:
            messages.error(request, _("Choose what happened to the appointment."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("service:appointment", appointment.pk)
