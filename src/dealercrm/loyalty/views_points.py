"""Points pages: a dealer's policy, a customer's points (balance, lots, ledger, redeem for accessories,
manual adjustment, reversing a redemption)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.loyalty.points_choices import REF_ENTRY, REF_MANUAL, REF_ORDER, RedeemReason
from dealercrm.loyalty.points_forms import AdjustForm, CancelForm, PointsPolicyForm, RedeemForm
from dealercrm.loyalty.selectors import points as selectors
from dealercrm.loyalty.services.points import points_adjust, points_redeem, points_redemption_cancel
from dealercrm.loyalty.services.points_policy import points_policy_ensure, points_policy_update
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm

PAGE_SIZE = 25
POLICY_FIELDS = ("points_per_yuan", "yuan_per_point", "expiry_months", "max_redeem_percent")


def _policy_dealer(request) -> Dealer | None:
    """The actor's dealer; group-wide administrators pick one with ?dealer=<id>."""
    actor = request.actor
    if actor.dealer_id is not None:
        return get_object_or_404(Dealer, pk=actor.dealer_id)
    raw = (request.GET.get("dealer") or request.POST.get("dealer") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    return get_object_or_404(Dealer, pk=int(raw))


@requires(Perm.MANAGE_LOYALTY)
def points_policy(request):
    dealer = _policy_dealer(request)
    if dealer is None:
        dealers = Dealer.objects.filter(is_active=True).order_by("code")
        return render(request, "loyalty/points_policy.html", {"dealers": dealers, "form": None})
    policy = points_policy_ensure(dealer)
    initial = {name: getattr(policy, name) for name in POLICY_FIELDS}
    form = PointsPolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            points_policy_update(actor=request.actor, policy=policy, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Points policy saved."))
            url = redirect("loyalty:points-policy").url
            return redirect(f"{url}?dealer={dealer.pk}" if request.actor.dealer_id is None else url)
    return render(request, "loyalty/points_policy.html", {"form": form, "dealer": dealer, "policy": policy})


def reason_label(entry) -> str:
    """What a ledger row was for, in words."""
    if entry.kind == "earn":
        return _("Repair order")
    if entry.ref_type == REF_ORDER:
        return RedeemReason.REPAIR_ORDER.label
    if entry.ref_type in (RedeemReason.ACCESSORIES, RedeemReason.OTHER):
        return RedeemReason(entry.ref_type).label
    if entry.ref_type == REF_ENTRY:
        return _("Lot expired") if entry.kind == "expire" else _("Redemption reversed")
    if entry.ref_type == REF_MANUAL:
        return _("Manual adjustment")
    return ""


def _customer_page(request, customer, *, redeem_form=None, adjust_form=None, status=200):
    actor = request.actor
    page_obj = Paginator(selectors.customer_ledger(actor, customer.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = list(page_obj.object_list)
    done = selectors.reversed_ids(entries)
    for entry in entries:
        entry.reason = reason_label(entry)
        entry.can_reverse = entry.kind == "redeem" and entry.pk not in done
        entry.was_reversed = entry.pk in done
    can_redeem = actor.can(Perm.REDEEM_POINTS)
    can_manage = actor.can(Perm.MANAGE_LOYALTY)
    context = {
        "customer": customer,
        "summary": selectors.customer_points(actor, customer.pk),
        "lots": selectors.customer_lots(actor, customer.pk),
        "policy": points_policy_ensure(customer.dealer),
        "page_obj": page_obj,
        "entries": entries,
        "can_redeem": can_redeem,
        "can_manage": can_manage,
        "can_reverse": can_redeem or can_manage,
        "redeem_form": redeem_form or RedeemForm(),
        "adjust_form": adjust_form or AdjustForm(),
    }
    return render(request, "loyalty/points_customer.html", context, status=status)


def _customers(actor):
    return customers_for(actor).select_related("dealer")


@requires_object(Perm.VIEW_LOYALTY, _customers)
def points_customer(request, customer):
    return _customer_page(request, customer)


@requires_object(Perm.REDEEM_POINTS, _customers)
def points_customer_redeem(request, customer):
    if request.method != "POST":
        return redirect("loyalty:points-customer", customer.pk)
    form = RedeemForm(request.POST)
    if form.is_valid():
        try:
            points_redeem(actor=request.actor, customer=customer, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(points)s points redeemed.") % {"points": f"{form.cleaned_data['points']:,}"}
            )
            return redirect("loyalty:points-customer", customer.pk)
    return _customer_page(request, customer, redeem_form=form, status=400)


@requires_object(Perm.MANAGE_LOYALTY, _customers)
def points_customer_adjust(request, customer):
    if request.method != "POST":
        return redirect("loyalty:points-customer", customer.pk)
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            points_adjust(actor=request.actor, customer=customer, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Points adjusted."))
            return redirect("loyalty:points-customer", customer.pk)
    return _customer_page(request, customer, adjust_form=form, status=400)


# Reversing needs REDEEM_POINTS or MANAGE_LOYALTY: the service checks which (403), once the entry is found (404).
@requires_object(Perm.VIEW_LOYALTY, selectors.points_for)
def points_entry_cancel(request, entry):
    if request.method != "POST":
        return redirect("loyalty:points-customer", entry.customer_id)
    form = CancelForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        back = points_redemption_cancel(actor=request.actor, entry=entry, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(points)s points given back.") % {"points": f"{back.points:,}"})
    next_url = request.POST.get("next", "")
    if next_url.startswith("/loyalty/") and "//" not in next_url:
        return redirect(next_url)
    return redirect("loyalty:points-customer", entry.customer_id)
