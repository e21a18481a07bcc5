"""The checkout box of a repair order: the member's tier price, the points balance and redeeming points with a
preview of their value. The order itself stays the service app's page; this box links back to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.loyalty.points_choices import REF_ORDER, RedeemReason
from dealercrm.loyalty.points_forms import OrderRedeemForm
from dealercrm.loyalty.selectors import points as selectors
from dealercrm.loyalty.services.points import points_redeem
from dealercrm.loyalty.services.points_ledger import MAX_POINTS, value_of
from dealercrm.org.permissions import requires_object
from dealercrm.org.roles import Perm
from dealercrm.service.selectors import orders_for


def _orders(actor):
    return orders_for(actor).select_related("dealer", "customer", "vehicle")


def _order_page(request, order, *, form=None, status=200):
    actor = request.actor
    checkout = selectors.order_checkout(actor, order)
    redemptions = list(
        selectors.points_for(actor)
        .filter(customer_id=order.customer_id, kind="redeem", ref_type=REF_ORDER, ref_id=order.pk)
        .order_by("id")
    )
    done = selectors.reversed_ids(redemptions)
    for entry in redemptions:
        entry.was_reversed = entry.pk in done
    context = {
        "order": order,
        **checkout,
        "redemptions": redemptions,
        "form": form or OrderRedeemForm(),
        "can_redeem": actor.can(Perm.REDEEM_POINTS) and checkout["is_open"],
        "can_reverse": actor.can(Perm.REDEEM_POINTS) or actor.can(Perm.MANAGE_LOYALTY),
    }
    return render(request, "loyalty/points_order.html", context, status=status)


@requires_object(Perm.VIEW_LOYALTY, _orders)
def points_order(request, order):
    return _order_page(request, order)


@requires_object(Perm.REDEEM_POINTS, _orders)
def points_order_redeem(request, order):
    if request.method != "POST":
        return redirect("loyalty:points-order", order.pk)
    form = OrderRedeemForm(request.POST)
    if form.is_valid():
        try:
            points_redeem(
                actor=request.actor,
                customer=order.customer,
                order=order,
                reason=RedeemReason.REPAIR_ORDER,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(points)s points redeemed on %(order)s.")
                % {"points": f"{form.cleaned_data['points']:,}", "order": order.number},
            )
            return redirect("loyalty:points-order", order.pk)
    order.refresh_from_db()
    return _order_page(request, order, form=form, status=400)


@requires_object(Perm.REDEEM_POINTS, _orders)
def points_order_member_price(request, order):
    """Apply the customer's tier discount to the order (loyalty.services.pricing, the one pricing rule)."""
    if request.method != "POST":
        return redirect("loyalty:points-order", order.pk)
    from dealercrm.loyalty.services.pricing import order_member_price_apply

    try:
        order_member_price_apply(actor=request.actor, order=order)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Member price applied to %(order)s.") % {"order": order.number})
    return redirect("loyalty:points-order", order.pk)


@requires_object(Perm.VIEW_LOYALTY, _orders)
def points_order_preview(request, order):
    """htmx: what the typed points are worth and whether this order can take them."""
    checkout = selectors.order_checkout(request.actor, order)
    raw = (request.GET.get("points") or "").strip()
    points = int(raw) if raw.isdigit() and len(raw) <= 9 else None
    context = {"points": points, **checkout}
    if points is not None and 0 < points <= MAX_POINTS:
        context["value"] = value_of(points, checkout["policy"])
        context["too_many"] = points > checkout["max_points"]
    return render(request, "loyalty/points_preview.html", context)
