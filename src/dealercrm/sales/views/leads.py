"""Lead pages: the list, a new lead, the lead page, edit, activities, lost, assignment, influencers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import field_errors
from dealercrm.customers.selectors import customer_get, pick_customers
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales import selectors, services
from dealercrm.sales.access import DESK_PERMS, requires_sales
from dealercrm.sales.forms import (
    ActivityForm,
    AssignForm,
    DecisionForm,
    LeadFilterForm,
    LeadForm,
    LeadInterestForm,
    LostRequestForm,
    PickCustomerForm,
)
from dealercrm.sales.selectors import LeadFilters
from dealercrm.sales.views.common import actor_dealer, call_service, form_page

PAGE_SIZE = 25
CANDIDATE_LIMIT = 20


def _back(lead):
    return redirect("sales:lead", pk=lead.pk)


@requires_sales(DESK_PERMS)
def lead_list(request):
    actor = request.actor
    filters = LeadFilterForm(request.GET)
    chosen = LeadFilters()
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = LeadFilters(
            grade=data["grade"],
            status=data["status"],
            stage=data["stage"],
            source=data["source"],
            due=data["due"],
            owner_id=data["owner"],
            dealer_id=data["dealer"],
        )
    rows = selectors.lead_list(actor, chosen)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "filtered": chosen != LeadFilters(),
        "leads": page_obj,
        "day": timezone.localdate(),
    }
    return render(request, "sales/lead_list.html", context)


def _candidates(actor: Actor, request) -> tuple[str, list[tuple[int, str]]]:
    source = request.POST if request.method == "POST" else request.GET
    query = (source.get("q") or "").strip()
    picked = source.get("customer", "")
    cards = pick_customers(actor, query, limit=CANDIDATE_LIMIT, dealer_id=actor.dealer_id) if query else []
    if picked.isdigit() and all(c.id != int(picked) for c in cards):
        customer = customer_get(actor, int(picked))
        return query, [(customer.pk, customer.name)] + [(c.id, c.name) for c in cards]
    return query, [(c.id, " · ".join(p for p in [c.name, c.contact, c.class_label] if p)) for c in cards]


def _lead_form(actor: Actor, request, data=None) -> tuple[LeadForm, str]:
    query, candidates = _candidates(actor, request)
    consultants = None
    if actor.can(Perm.MANAGE_SALES) and actor.dealer_id:
        consultants = selectors.consultant_choices(actor, actor.dealer_id)
    initial = {"q": query, "customer": request.GET.get("customer", "")}
    return LeadForm(data, candidates=candidates, consultants=consultants, initial=initial), query


@requires_sales(Perm.WORK_LEADS)
def lead_create(request):
    actor = request.actor
    data = request.POST if request.method == "POST" and "create" in request.POST else None
    form, query = _lead_form(actor, request, data)
    if data is not None and form.is_valid():
        customer = (
            customer_get(actor, form.cleaned_data["customer"]) if form.cleaned_data["customer"] else None
        )
        dealer = actor_dealer(actor) or (customer.dealer if customer else None)
        lead = None
        if dealer is None:
            form.add_error("customer", _("Staff without a dealer pick an existing customer."))
        else:
            lead = call_service(
                form,
                services.lead_create,
                actor=actor,
                dealer=dealer,
                fields=form.lead_fields(),
                customer=customer,
                new_customer=None if customer else form.new_customer(),
                owner_id=form.cleaned_data.get("owner"),
                contacted=form.cleaned_data["contacted"],
            )
        if lead is not None:
            messages.success(request, _("Lead created for %(name)s.") % {"name": lead.customer.name})
            return _back(lead)
    return form_page(
        request,
        form,
        title=_("New lead"),
        template="sales/lead_form.html",
        query=query,
        validate_url=reverse("sales:lead-validate"),
    )


@requires_sales(Perm.WORK_LEADS)
@require_POST
def lead_validate(request):
    """htmx: the inline errors of the field that changed on the new-lead form."""
    form, _query = _lead_form(request.actor, request, request.POST)
    return field_errors(request, form)


@requires_sales(DESK_PERMS, fetch=selectors.lead_detail)
def lead_detail(request, lead):
    actor = request.actor
    can_work = actor.can(Perm.WORK_LEADS) and not actor.is_read_only
    context = {
        "lead": lead,
        "activities": lead.activities.all(),
        "test_drives": lead.test_drives.all(),
        "orders": lead.orders.all(),
        "influencers": lead.influencers.all(),
        "response": selectors.response_state(lead),
        "response_minutes": selectors.response_minutes(lead),
        "can_work": can_work,
        "can_manage": actor.can(Perm.MANAGE_SALES),
        "activity_form": ActivityForm() if can_work else None,
    }
    return render(request, "sales/lead_detail.html", context)


@requires_sales(Perm.WORK_LEADS, fetch=selectors.lead_get)
def lead_edit(request, lead):
    initial = {name: getattr(lead, name) for name in LeadInterestForm.INTEREST_FIELDS}
    form = LeadInterestForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, services.lead_update, actor=request.actor, lead=lead, fields=form.lead_fields()
        )
    ):
        messages.success(request, _("Lead saved."))
        return _back(lead)
    return form_page(request, form, title=_("Edit lead %(lead)s") % {"lead": lead}, lead=lead)


@requires_sales(Perm.WORK_LEADS, fetch=selectors.lead_get)
def activity_add(request, lead):
    form = ActivityForm(request.POST or None)
    data = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if data is not None and call_service(form, services.activity_add, actor=request.actor, lead=lead, **data):
        messages.success(request, _("Activity logged."))
        return _back(lead)
    return form_page(request, form, title=_("Log an activity: %(lead)s") % {"lead": lead}, lead=lead)


@requires_sales(Perm.WORK_LEADS, fetch=selectors.lead_get)
def lost_request(request, lead):
    form = LostRequestForm(request.POST or None)
    data = form.cleaned_data if request.method == "POST" and form.is_valid() else None
    if data is not None and call_service(form, services.lost_request, actor=request.actor, lead=lead, **data):
        messages.success(request, _("Lost request sent to the sales manager."))
        return _back(lead)
    return form_page(request, form, title=_("Declare lead %(lead)s lost") % {"lead": lead}, lead=lead)


@requires_sales(Perm.MANAGE_SALES, fetch=selectors.lead_get)
def lost_decide(request, lead):
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        comment = form.cleaned_data["comment"]
        if call_service(
            form, services.lost_decide, actor=request.actor, lead=lead, approve=approve, comment=comment
        ):
            messages.success(request, _("Lead marked lost.") if approve else _("Lead back in the pipeline."))
            return _back(lead)
    return form_page(request, form, title=_("Lost request: %(lead)s") % {"lead": lead}, lead=lead)


@requires_sales(Perm.MANAGE_SALES, fetch=selectors.lead_get)
def lead_assign(request, lead):
    actor = request.actor
    form = AssignForm(
        request.POST or None,
        consultants=selectors.consultant_choices(actor, lead.dealer_id),
        initial={"owner": lead.owner_id},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, services.lead_assign, actor=actor, lead=lead, owner_id=form.cleaned_data["owner"]
        )
    ):
        messages.success(request, _("Lead assigned."))
        return _back(lead)
    return form_page(request, form, title=_("Assign lead %(lead)s") % {"lead": lead}, lead=lead)


@requires_sales(Perm.WORK_LEADS, fetch=selectors.lead_get)
def influencer_add(request, lead):
    actor = request.actor
    data = request.POST if request.method == "POST" else None
    query = ((data or request.GET).get("q") or "").strip()
    cards = pick_customers(
        actor, query, limit=CANDIDATE_LIMIT, dealer_id=lead.dealer_id, exclude=[lead.customer_id]
    )
    candidates = [(c.id, " · ".join(p for p in [c.name, c.contact] if p)) for c in cards] if query else []
    form = PickCustomerForm(data, candidates=candidates, initial={"q": query})
    if data is not None and form.is_valid():
        influencer = customer_get(actor, form.cleaned_data["related"])
        if call_service(form, services.influencer_add, actor=actor, lead=lead, influencer=influencer):
            messages.success(request, _("Decision influencer added."))
            return _back(lead)
    return form_page(
        request,
        form,
        title=_("Add a decision influencer: %(lead)s") % {"lead": lead},
        template="sales/pick_customer.html",
        lead=lead,
        query=query,
    )
