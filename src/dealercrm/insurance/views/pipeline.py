"""The renewal pipeline: opportunities by status and due date, the renewal rate, and closing one."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import apply_service_errors
from dealercrm.customers.selectors import pick_customers
from dealercrm.insurance import selectors, services
from dealercrm.insurance.choices import OPEN_STATUSES, RenewalStatus
from dealercrm.insurance.forms import LoseForm, PipelineFilterForm, QuoteForm, RatePeriodForm, RenewForm
from dealercrm.insurance.models import RenewalOpportunity
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm

PAGE_SIZE = 25
CANDIDATE_LIMIT = 20


@requires(Perm.VIEW_INSURANCE)
def home(request):
    actor = request.actor
    today = timezone.localdate()
    filters = PipelineFilterForm(request.GET)
    options = filters.cleaned_data if filters.is_valid() else {}
    status = options.get("status") or "active"
    rows = selectors.renewal_list(
        actor,
        status="" if status == "all" else status,
        due_from=options.get("due_from"),
        due_to=options.get("due_to"),
        mine=options.get("mine", False),
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    period = RatePeriodForm(request.GET)
    chosen = period.cleaned_data if period.is_valid() else {}
    rate_from = chosen.get("rate_from") or date(today.year, 1, 1)
    rate_to = chosen.get("rate_to") or date(today.year, 12, 31)
    query = (request.GET.get("q") or "").strip()[:60]
    context = {
        "filters": filters,
        "filtered": status != "active" or any(options.get(k) for k in ("due_from", "due_to", "mine")),
        "page_obj": page_obj,
        "opportunities": page_obj.object_list,
        "counts": [(RenewalStatus(s).label, n) for s, n in selectors.status_counts(actor).items()],
        "period": period,
        "rate_from": rate_from,
        "rate_to": rate_to,
        "rates": selectors.renewal_rates(actor, rate_from, rate_to),
        "query": query,
        "candidates": pick_customers(actor, query, limit=CANDIDATE_LIMIT) if query else [],
        "can_work": actor.can(Perm.WORK_INSURANCE),
        "today": today,
    }
    return render(request, "insurance/home.html", context)


def _scope(actor):
    return selectors.renewals_for(actor)


def _detail(request, opportunity: RenewalOpportunity, *, quote=None, renew=None, lose=None, status=200):
    opportunity = selectors.renewal_get(request.actor, opportunity.pk)
    defaults = services.renewal_defaults(opportunity)
    context = {
        "opportunity": opportunity,
        "is_open": opportunity.status in OPEN_STATUSES,
        "can_work": request.actor.can(Perm.WORK_INSURANCE),
        "quote_form": quote
        or QuoteForm(initial={"premium": opportunity.quoted_premium or opportunity.policy.premium}),
        "renew_form": renew or RenewForm(initial=defaults),
        "lose_form": lose or LoseForm(),
        "history": selectors.customer_policies(request.actor, opportunity.customer_id),
    }
    return render(request, "insurance/renewal.html", context, status=status)


@requires_object(Perm.VIEW_INSURANCE, _scope)
def renewal_detail(request, opportunity: RenewalOpportunity):
    return _detail(request, opportunity)


def _act(request, opportunity, form_class, key: str, call, done: str):
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(dict(form.cleaned_data))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("insurance:renewal", opportunity.pk)
    return _detail(request, opportunity, status=400, **{key: form})


@requires_object(Perm.WORK_INSURANCE, _scope)
@require_POST
def renewal_quote(request, opportunity: RenewalOpportunity):
    return _act(request, opportunity, QuoteForm, "quote",
                lambda d: services.renewal_quote(actor=request.actor, opportunity=opportunity, **d),
                _("Quote recorded."))  # fmt: skip


@requires_object(Perm.WORK_INSURANCE, _scope)
@require_POST
def renewal_renew(request, opportunity: RenewalOpportunity):
    return _act(request, opportunity, RenewForm, "renew",
                lambda d: services.renewal_renew(actor=request.actor, opportunity=opportunity, fields=d),
                _("Renewed: the new policy is recorded."))  # fmt: skip


@requires_object(Perm.WORK_INSURANCE, _scope)
@require_POST
def renewal_lose(request, opportunity: RenewalOpportunity):
    return _act(request, opportunity, LoseForm, "lose",
                lambda d: services.renewal_lose(actor=request.actor, opportunity=opportunity, **d),
                _("Renewal closed as lost."))  # fmt: skip
