"""Service plans (GM), the workshop's capacity, first-time-fix and re-repair rates."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.service import selectors, services
from dealercrm.service.forms import PeriodForm, PlanForm, WorkshopForm
from dealercrm.service.models import ServicePlan, Workshop
from dealercrm.service.services.plans import PLAN_LIMITS
from dealercrm.service.views.common import bound
from dealercrm.vehicles.models import VehicleModel

PLAN_FIELDS = (*PLAN_LIMITS, "typical_km_per_day")


@requires(Perm.VIEW_SERVICE)
def plan_list(request):
    context = {
        "rows": selectors.plan_rows(),
        "default": selectors.fleet_default_plan(),
        "can_manage": request.actor.can(Perm.MANAGE_SERVICE_PLANS),
    }
    return render(request, "service/plans.html", context)


def _plan_form(request, model: VehicleModel | None):
    plan = ServicePlan.objects.filter(model=model).first() or selectors.fleet_default_plan()
    initial = {name: getattr(plan, name) for name in PLAN_FIELDS} if plan else {}
    if model is not None and plan is not None and plan.model_id is None:
        initial["typical_km_per_day"] = None  # a model's own plan starts from the default's terms
    form = bound(PlanForm, request, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.plan_save(actor=request.actor, model=model, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Service plan saved. Due dates follow in tonight's recompute."))
            return redirect("service:plans")
    title = str(model) if model else _("Fleet default")
    return render(request, "service/plan_form.html", {"form": form, "title": title, "model": model})


@requires(Perm.MANAGE_SERVICE_PLANS)
def plan_edit(request, model_id: int):
    return _plan_form(request, get_object_or_404(VehicleModel, pk=model_id))


@requires(Perm.MANAGE_SERVICE_PLANS)
def plan_default(request):
    return _plan_form(request, None)


@requires(Perm.MANAGE_SERVICE_PLANS)
def workshop_edit(request):
    """The actor's dealer's bays per half-day (group-wide staff pick the dealer with ?dealer=<code>)."""
    actor = request.actor
    if actor.dealer_id is not None:
        dealer = get_object_or_404(Dealer, pk=actor.dealer_id)
    else:
        dealer = get_object_or_404(Dealer, code=request.GET.get("dealer", ""))
    workshop = Workshop.objects.filter(dealer=dealer).first() or Workshop(dealer=dealer)
    form = bound(
        WorkshopForm,
        request,
        initial={"am_capacity": workshop.am_capacity, "pm_capacity": workshop.pm_capacity},
    )
    if form.is_bound and form.is_valid():
        try:
            services.workshop_set(actor=actor, dealer=dealer, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Workshop capacity saved."))
            return redirect("service:appointments")
    return render(request, "service/workshop_form.html", {"form": form, "dealer": dealer})


@requires(Perm.VIEW_SERVICE)
def fix_rates(request):
    form = PeriodForm(request.GET)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or today - timedelta(days=90)
    end = data.get("end") or today
    per_dealer, per_advisor = selectors.fix_rates(request.actor, start=start, end=end)
    context = {"form": form, "start": start, "end": end, "per_dealer": per_dealer, "per_advisor": per_advisor}
    return render(request, "service/rates.html", context)
