"""A customer's policies: the list, recording one on a vehicle of the customer, correcting one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.customers.models import Customer
from dealercrm.customers.selectors import customers_for
from dealercrm.insurance import selectors, services
from dealercrm.insurance.forms import PolicyForm
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.org.permissions import requires_object
from dealercrm.org.roles import Perm
from dealercrm.vehicles.selectors import vehicles_for


def _customers(actor):
    return customers_for(actor)


def _policies(actor):
    return selectors.policies_for(actor).select_related("customer", "vehicle")


def _vehicles(actor, customer: Customer) -> dict[int, object]:
    rows = vehicles_for(actor).filter(current_owner=customer).select_related("model").order_by("plate", "id")
    return {v.pk: v for v in rows}


@requires_object(Perm.VIEW_INSURANCE, _customers)
def customer_policies(request, customer: Customer):
    context = {
        "customer": customer,
        "policies": selectors.customer_policies(request.actor, customer.pk),
        "can_work": request.actor.can(Perm.WORK_INSURANCE),
    }
    return render(request, "insurance/customer.html", context)


@requires_object(Perm.WORK_INSURANCE, _customers)
def policy_create(request, customer: Customer):
    actor = request.actor
    vehicles = _vehicles(actor, customer)
    choices = [(pk, f"{v} · {v.model}") for pk, v in vehicles.items()]
    initial = {"kind": "commercial", "sold_here": True}
    if len(choices) == 1:
        initial["vehicle"] = choices[0][0]
    form = PolicyForm(request.POST if request.method == "POST" else None, vehicles=choices, initial=initial)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        vehicle = vehicles.get(data.pop("vehicle"))
        try:
            services.policy_create(actor=actor, customer=customer, vehicle=vehicle, fields=data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Policy recorded."))
            return redirect("insurance:customer", customer.pk)
    context = {"form": form, "customer": customer, "policy": None, "no_vehicle": not choices}
    return render(request, "insurance/policy_form.html", context)


@requires_object(Perm.WORK_INSURANCE, _policies)
def policy_edit(request, policy: InsurancePolicy):
    fields = ("kind", "insurer", "policy_number", "starts_on", "ends_on", "premium", "sold_here")
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={k: getattr(policy, k) for k in fields},
        editing=True,
    )
    if form.is_bound and form.is_valid():
        try:
            services.policy_update(actor=request.actor, policy=policy, fields=dict(form.cleaned_data))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("insurance:customer", policy.customer_id)
    context = {"form": form, "customer": policy.customer, "policy": policy, "no_vehicle": False}
    return render(request, "insurance/policy_form.html", context)
