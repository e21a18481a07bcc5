"""Order pages: place an order for a lead, the order page (status, discount, checklist, delivery)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.org.roles import Perm
from dealercrm.sales import selectors, services
from dealercrm.sales.access import DESK_PERMS, requires_sales
from dealercrm.sales.choices import DiscountApproval, OrderStatus
from dealercrm.sales.forms import (
    AllocateForm,
    ChecklistForm,
    DecisionForm,
    DeliverForm,
    DiscountForm,
    OrderForm,
    ReasonForm,
)
from dealercrm.sales.models import CHECKLIST
from dealercrm.sales.services.delivery import missing_items
from dealercrm.sales.views.common import call_service, form_page


@requires_sales(Perm.WORK_LEADS, fetch=selectors.lead_get)
def order_create(request, lead):
    initial = {"model": lead.model_id, "trim": lead.trim, "colour": lead.colour, "discount": 0, "deposit": 0}
    form = OrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        order = call_service(
            form, services.order_place, actor=request.actor, lead=lead, fields=form.cleaned_data
        )
        if order is not None:
            if order.discount_approval == DiscountApproval.PENDING:
                messages.warning(
                    request, _("Order signed. The discount needs the GM's approval before payment.")
                )
            else:
                messages.success(request, _("Order signed."))
            return redirect("sales:order", pk=order.pk)
    return form_page(request, form, title=_("Place an order: %(lead)s") % {"lead": lead}, lead=lead)


def _order_page(request, order, status: int = 200, **bound):
    actor = request.actor
    delivery = order.delivery
    open_order = order.status not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED)
    can_work = actor.can(Perm.WORK_LEADS) and open_order
    can_deliver = (can_work or actor.can(Perm.MANAGE_SALES)) and order.status == OrderStatus.ALLOCATED
    context = {
        "order": order,
        "lead": order.lead,
        "delivery": delivery,
        "checklist": delivery.checklist(),
        "missing": missing_items(delivery),
        "can_work": can_work,
        "can_manage": actor.can(Perm.MANAGE_SALES),
        "can_approve": actor.can(Perm.APPROVE_DISCOUNT)
        and order.discount_approval == DiscountApproval.PENDING,
        "checklist_form": bound.get("checklist_form")
        or ChecklistForm(initial={name: getattr(delivery, name) for name, _label in CHECKLIST}),
        "allocate_form": bound.get("allocate_form") or AllocateForm(),
        "cancel_form": bound.get("cancel_form") or ReasonForm(),
        "discount_form": bound.get("discount_form") or DiscountForm(initial={"discount": order.discount}),
        "decision_form": bound.get("decision_form") or DecisionForm(),
        "deliver_form": (
            bound.get("deliver_form")
            or DeliverForm(initial={"vin": order.allocated_vin, "delivered_on": timezone.localdate()})
        )
        if can_deliver
        else None,
    }
    return render(request, "sales/order_detail.html", context, status=status)


def _order(actor, pk):
    return selectors.order_get(actor, pk)


@requires_sales(DESK_PERMS, fetch=_order)
def order_detail(request, order):
    return _order_page(request, order)


def _done(request, message: str, order):
    messages.success(request, message)
    return redirect("sales:order", pk=order.pk)


@requires_sales(Perm.WORK_LEADS, fetch=_order)
@require_POST
def order_pay(request, order):
    try:
        services.order_advance(actor=request.actor, order=order, to=OrderStatus.PAID)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("sales:order", pk=order.pk)
    return _done(request, _("Payment recorded."), order)


@requires_sales(Perm.WORK_LEADS, fetch=_order)
@require_POST
def order_allocate(request, order):
    form = AllocateForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.order_advance,
        actor=request.actor,
        order=order,
        to=OrderStatus.ALLOCATED,
        vin=form.cleaned_data["vin"],
    ):
        return _done(request, _("Vehicle allocated."), order)
    return _order_page(request, order, status=400, allocate_form=form)


@requires_sales(Perm.WORK_LEADS, fetch=_order)
@require_POST
def order_cancel(request, order):
    form = ReasonForm(request.POST)
    if form.is_valid() and call_service(
        form, services.order_cancel, actor=request.actor, order=order, reason=form.cleaned_data["reason"]
    ):
        return _done(request, _("Order cancelled; the lead is back in the pipeline."), order)
    return _order_page(request, order, status=400, cancel_form=form)


@requires_sales(Perm.APPROVE_DISCOUNT, fetch=_order)
@require_POST
def discount_decide(request, order):
    form = DecisionForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.discount_decide,
        actor=request.actor,
        order=order,
        approve=form.cleaned_data["decision"] == "approve",
        comment=form.cleaned_data["comment"],
    ):
        return _done(request, _("Discount decision recorded."), order)
    return _order_page(request, order, status=400, decision_form=form)


@requires_sales(Perm.WORK_LEADS, fetch=_order)
@require_POST
def discount_change(request, order):
    form = DiscountForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.discount_change,
        actor=request.actor,
        order=order,
        discount=form.cleaned_data["discount"],
    ):
        return _done(request, _("Discount changed."), order)
    return _order_page(request, order, status=400, discount_form=form)


@requires_sales(Perm.WORK_LEADS, fetch=_order)
@require_POST
def checklist(request, order):
    form = ChecklistForm(request.POST)
    if form.is_valid() and call_service(
        form, services.delivery_checklist_update, actor=request.actor, order=order, items=form.cleaned_data
    ):
        return _done(request, _("Checklist saved."), order)
    return _order_page(request, order, status=400, checklist_form=form)


@requires_sales((Perm.WORK_LEADS, Perm.MANAGE_SALES), fetch=_order)
@require_POST
def deliver(request, order):
    form = DeliverForm(request.POST)
    if form.is_valid() and call_service(
        form, services.delivery_complete, actor=request.actor, order=order, **form.cleaned_data
    ):
        return _done(request, _("Delivered: the car is registered to its new owner."), order)
    return _order_page(request, order, status=400, deliver_form=form)
