"""Pages (standing): the at-risk list with win-back calls, and one owner's standing."""

from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.loyalty.selectors import standing as selectors
from dealercrm.loyalty.services.winback import MAX_PER_REQUEST, winback_calls_create
from dealercrm.loyalty.standing_forms import AtRiskFilterForm
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm

PAGE_SIZE = 50
FILTERS = ("category", "tier", "min_score")


def _filters(request, actor, data) -> tuple[AtRiskFilterForm, dict]:
    tiers = list(selectors.tiers_for(actor))
    form = AtRiskFilterForm(data or None, tiers=tiers, show_dealer=actor.is_group_wide)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return form, {
        "category": cleaned.get("category") or "",
        "tier_id": cleaned.get("tier"),
        "min_score": cleaned.get("min_score"),
    }


@requires(Perm.VIEW_LOYALTY)
def home(request):
    """Owners by churn risk, highest first, with the reasons; managers book win-back calls from here."""
    actor = request.actor
    form, filters = _filters(request, actor, {k: v for k, v in request.GET.items() if k in FILTERS})
    page_obj = Paginator(selectors.at_risk_list(actor, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    profiles = selectors.with_reasons(page_obj.object_list)
    dealer_ids = {p.dealer_id for p in profiles} | ({actor.dealer_id} if actor.dealer_id else set())
    thresholds = selectors.thresholds(dealer_ids)
    for profile in profiles:
        profile.threshold = thresholds[profile.dealer_id]
    context = {
        "form": form,
        "filtered": any(v not in (None, "") for v in filters.values()),
        "page_obj": page_obj,
        "profiles": profiles,
        "can_manage": actor.can(Perm.MANAGE_LOYALTY),
        "threshold": thresholds.get(actor.dealer_id) if actor.dealer_id else None,
        "last_run": selectors.last_run(),
        "query": urlencode({k: v for k, v in request.GET.items() if k in FILTERS}),
        "max_per_request": MAX_PER_REQUEST,
        "actor": actor,
    }
    return render(request, "loyalty/standing_home.html", context)


def _ids(values) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


@requires(Perm.MANAGE_LOYALTY)
@require_POST
def winback(request):
    """Book win-back calls: for the ticked owners, or for every owner at risk matching the list's filters."""
    actor = request.actor
    query = request.POST.get("query", "")
    if request.POST.get("scope") == "all":
        _form, filters = _filters(request, actor, dict(_pairs(query)))
        ids = selectors.winback_candidates(actor, limit=MAX_PER_REQUEST, **filters)
    else:
        ids = _ids(request.POST.getlist("customer"))
    if not ids:
        messages.error(request, _("Tick the owners to call first (or choose all at risk)."))
    else:
        created, had = winback_calls_create(actor=actor, customer_ids=ids)
        messages.success(
            request,
            _("Win-back calls booked: %(created)s. Already booked this month: %(had)s.")
            % {"created": created, "had": had},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(reverse("loyalty:home") + (f"?{query}" if query else ""))


def _pairs(query: str):
    return [(k, v) for k, v in parse_qsl(query) if k in FILTERS]


@requires_object(Perm.VIEW_LOYALTY, selectors.customers_in_scope)
def customer(request, customer):
    """One owner's standing: category with due / done, churn risk with each reason, tier and its history."""
    actor = request.actor
    context = {
        "customer": customer,
        "standing": selectors.customer_standing(actor, customer.pk),
        "history": selectors.tier_history(actor, customer.pk),
        "threshold": selectors.thresholds([customer.dealer_id])[customer.dealer_id],
        "can_manage": actor.can(Perm.MANAGE_LOYALTY),
        "last_run": selectors.last_run(),
    }
    return render(request, "loyalty/standing_customer.html", context)
