"""Repair orders: the workshop board (htmx moves), opening an order, lines, approvals, the road to hand-over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dealercrm.core.forms import apply_service_errors
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.service import selectors, services
from dealercrm.service.choices import TRANSITIONS, Concern, OrderStatus, ServiceType
from dealercrm.service.forms import LineForm, OrderOpenForm
from dealercrm.service.models import RepairOrder
from dealercrm.service.services.appointments import advisors_of
from dealercrm.service.views.common import PAGE_SIZE, bound, object_view
from dealercrm.vehicles.selectors import vehicle_get

S = OrderStatus
MOVE_LABELS = {
    (S.CHECKED_IN, S.IN_PROGRESS): gettext_lazy("Start work"),
    (S.CHECKED_IN, S.CANCELLED): gettext_lazy("Cancel order"),
    (S.IN_PROGRESS, S.WAITING_PARTS): gettext_lazy("Wait for parts"),
    (S.IN_PROGRESS, S.QUALITY_CHECK): gettext_lazy("To quality check"),
    (S.WAITING_PARTS, S.IN_PROGRESS): gettext_lazy("Parts arrived"),
    (S.QUALITY_CHECK, S.READY): gettext_lazy("Passed quality check"),
    (S.QUALITY_CHECK, S.IN_PROGRESS): gettext_lazy("Failed: rework"),
    (S.READY, S.HANDED_OVER): gettext_lazy("Hand over"),
}


def moves_for(order: RepairOrder) -> list[tuple[str, str]]:
    return [(to, str(MOVE_LABELS[(order.status, to)])) for to in TRANSITIONS.get(order.status, ())]


def _board_context(request) -> dict:
    columns = selectors.board(request.actor)
    for column in columns:
        for order in column.orders:
            order.moves = moves_for(order)
    return {"columns": columns, "can_work": request.actor.can(Perm.WORK_SERVICE)}


@requires(Perm.VIEW_SERVICE)
def board(request):
    return render(request, "service/board.html", _board_context(request))


@requires(Perm.VIEW_SERVICE)
def order_list(request):
    status = request.GET.get("status", "")
    if status not in ("", "open", *OrderStatus.values):
        status = ""
    page_obj = Paginator(selectors.order_list(request.actor, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page_obj,
        "orders": page_obj.object_list,
        "status": status,
        "statuses": OrderStatus.choices,
    }
    return render(request, "service/orders.html", context)


@requires(Perm.WORK_SERVICE)
def order_open(request):
    """Check a vehicle in: ?vehicle=<pk> for a walk-in, ?appointment=<pk> for a booking."""
    actor = request.actor
    appointment = None
    raw = request.GET.get("appointment", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        appointment = selectors.appointment_get(actor, int(raw))
        vehicle = appointment.vehicle
    else:
        raw = request.GET.get("vehicle", "").strip()
        if not raw.isdigit():
            raise Http404
        vehicle = vehicle_get(actor, int(raw))
    advisors = advisors_of(vehicle.dealer_id)
    initial = {"service_type": appointment.service_type if appointment else ServiceType.MAINTENANCE}
    initial["concern"] = Concern.ROUTINE
    initial["description"] = appointment.concern if appointment else ""
    advisor_id = appointment.advisor_id if appointment and appointment.advisor_id else actor.user_id
    if advisors.filter(pk=advisor_id).exists():
        initial["advisor"] = advisor_id
    form = bound(OrderOpenForm, request, advisors=advisors, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            order = services.order_open(
                actor=actor, vehicle=vehicle, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Repair order %(number)s opened.") % {"number": order.number})
            return redirect("service:order", order.pk)
    readings = list(vehicle.readings.order_by("-read_on", "-id")[:3])
    context = {"form": form, "vehicle": vehicle, "appointment": appointment, "readings": readings}
    return render(request, "service/order_form.html", context)


def _order_page(request, order, line_form=None):
    order = selectors.order_get(request.actor, order.pk)  # fresh, with its lines
    lines = list(order.lines.all())
    context = {
        "order": order,
        "lines": lines,
        "pending": [line for line in lines if line.approval == "pending"],
        "moves": moves_for(order),
        "line_form": line_form or LineForm(),
        "can_work": request.actor.can(Perm.WORK_SERVICE),
        "editable": order.status in (S.CHECKED_IN, S.IN_PROGRESS, S.WAITING_PARTS),
    }
    return render(request, "service/order.html", context)


@object_view(Perm.VIEW_SERVICE, selectors.order_get, methods=("GET",))
def order_detail(request, order):
    return _order_page(request, order)


@object_view(Perm.WORK_SERVICE, selectors.order_get, methods=("POST",))
def order_line_add(request, order):
    form = bound(LineForm, request)
    if form.is_valid():
        try:
            services.order_line_add(actor=request.actor, order=order, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Line added. It waits for the customer's approval."))
            return redirect("service:order", order.pk)
    return _order_page(request, order, form)


@object_view(Perm.WORK_SERVICE, selectors.order_get, methods=("POST",))
def order_decide(request, order):
    """POST decision=approve|decline, optionally line=<id> (repeated); without lines: every pending line."""
    ids = [int(v) for v in request.POST.getlist("line") if v.isdigit()]
    approve = request.POST.get("decision") == "approve"
    try:
        lines = services.order_decide(actor=request.actor, order=order, approve=approve, line_ids=ids or None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if approve:
            messages.success(request, _("The customer approved %(n)s line(s).") % {"n": len(lines)})
        else:
            messages.success(request, _("The customer declined %(n)s line(s).") % {"n": len(lines)})
    return redirect("service:order", order.pk)


@object_view(Perm.WORK_SERVICE, selectors.order_get, methods=("POST",))
def order_move(request, order):
    """POST to=<status>. From the board (htmx) the board comes back; from the order page, the order page."""
    to = request.POST.get("to", "")
    error = ""
    try:
        services.order_move(actor=request.actor, order=order, to=to)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        return render(
            request, "service/_board.html", {**_board_context(request), "error": error, "moved": order.pk}
        )
    if error:
        messages.error(request, error)
    elif to == S.HANDED_OVER:
        messages.success(
            request,
            _("%(number)s handed over. The follow-up team will call in three days.")
            % {"number": order.number},
        )
    return redirect("service:order", order.pk)
