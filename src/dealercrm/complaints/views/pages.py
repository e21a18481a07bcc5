"""The complaint list, intake and the complaint page: thin views over complaints.selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.complaints import selectors, services
from dealercrm.complaints.choices import Channel, Severity
from dealercrm.complaints.forms import ComplaintFilterForm, IntakeForm
from dealercrm.core.forms import apply_service_errors, field_errors
from dealercrm.customers.selectors import customer_get, pick_customers
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.vehicles.selectors import customer_vehicles, vehicle_get

PAGE_SIZE = 25
CANDIDATE_LIMIT = 20


@requires(Perm.VIEW_COMPLAINTS)
def complaint_list(request):
    actor = request.actor
    filters = ComplaintFilterForm(request.GET)
    options = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.complaint_list(
        actor,
        state=options.get("state") or "open",
        severity=options.get("severity", ""),
        complaint_type=options.get("complaint_type", ""),
        mine=options.get("mine", False),
        overdue=options.get("overdue", False),
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    complaints = selectors.with_time_left(page_obj.object_list)
    context = {
        "filters": filters,
        "filtered": any(options.get(k) for k in ("severity", "complaint_type", "mine", "overdue"))
        or options.get("state") not in (None, "", "open"),
        "page_obj": page_obj,
        "complaints": complaints,
        "unknown_years": selectors.calendar_warning_years(complaints),
        "can_intake": actor.can(Perm.HANDLE_COMPLAINTS),
    }
    return render(request, "complaints/list.html", context)


def _int_param(request, name: str) -> int | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise Http404
    return int(raw)


def _vehicle_choices(actor, customer) -> list[tuple[int, str]]:
    """The customer's vehicles, current ones first."""
    return [
        (
            item.vehicle.pk,
            f"{item.vehicle} · {item.vehicle.model}" + ("" if item.is_current else f" ({_('former')})"),
        )
        for item in customer_vehicles(actor, customer)
    ]


@requires(Perm.HANDLE_COMPLAINTS)
def complaint_intake(request):
    """?customer=<pk> picks the complainant (from a call: &task=<pk>); ?q= searches for one."""
    actor = request.actor
    customer_id, task_id = _int_param(request, "customer"), _int_param(request, "task")
    customer = customer_get(actor, customer_id) if customer_id is not None else None
    query = (request.GET.get("q") or "").strip()
    candidates = pick_customers(actor, query, limit=CANDIDATE_LIMIT) if query and customer is None else []
    vehicles = _vehicle_choices(actor, customer) if customer is not None else []
    initial = {"channel": Channel.FOLLOW_UP_CALL if task_id else Channel.PHONE, "severity": Severity.GENERAL}
    if len(vehicles) == 1:
        initial["vehicle"] = vehicles[0][0]
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        customer=customer,
        vehicles=vehicles,
        initial=initial,
    )
    dealer_id = customer.dealer_id if customer is not None else actor.dealer_id
    if form.is_bound and form.is_valid():
        vehicle_id = form.cleaned_data.get("vehicle")
        try:
            if dealer_id is None:
                raise ValidationError(_("Staff without a dealer raise complaints for an existing customer."))
            complaint = services.complaint_intake(
                actor=actor,
                dealer=get_object_or_404(Dealer, pk=dealer_id),
                fields=form.service_fields(),
                customer=customer,
                new_customer=form.new_customer(),
                vehicle=vehicle_get(actor, vehicle_id) if vehicle_id else None,
                task_id=task_id,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Complaint #%(pk)s received.") % {"pk": complaint.pk})
            return redirect("complaints:detail", complaint.pk)
    context = {
        "form": form,
        "customer": customer,
        "contact": selectors.customer_contact(actor, customer.pk) if customer else "",
        "task_id": task_id,
        "query": query,
        "candidates": candidates,
        "validate_url": reverse("complaints:validate") + (f"?customer={customer.pk}" if customer else ""),
        "survey_alerts": selectors.survey_alerts(actor)
        if customer is None and not query and actor.can(Perm.VIEW_FOLLOWUPS)
        else [],
    }
    return render(request, "complaints/intake.html", context)


@requires(Perm.HANDLE_COMPLAINTS)
@require_POST
def intake_validate(request):
    """htmx: the inline errors of the intake field that changed (?customer=<pk> when one is picked)."""
    customer_id = _int_param(request, "customer")
    customer = customer_get(request.actor, customer_id) if customer_id is not None else None
    vehicles = _vehicle_choices(request.actor, customer) if customer is not None else []
    return field_errors(request, IntakeForm(request.POST, customer=customer, vehicles=vehicles))


@requires(Perm.VIEW_COMPLAINTS)
def complaint_detail(request, pk: int):
    from dealercrm.complaints.views.steps import detail_context

    complaint = selectors.complaint_detail(request.actor, pk)
    return render(request, "complaints/detail.html", detail_context(request, complaint))
