"""Pages (standing): membership tiers of a dealer and its win-back policy. Managers edit; others read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import apply_service_errors
from dealercrm.loyalty.models import LoyaltyProfile
from dealercrm.loyalty.selectors import standing as selectors
from dealercrm.loyalty.services.tiers import (
    TIER_FIELDS,
    policy_for,
    standing_policy_set,
    tier_delete,
    tier_save,
    tiers_ensure_defaults,
)
from dealercrm.loyalty.standing_forms import PolicyForm, TierForm
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_LOYALTY)
def tiers(request):
    actor = request.actor
    if actor.dealer_id and not actor.is_read_only:
        tiers_ensure_defaults(get_object_or_404(Dealer, pk=actor.dealer_id))
    rows = list(selectors.tiers_for(actor))
    holders = dict(
        LoyaltyProfile.objects.filter(tier__in=rows).values_list("tier").annotate(n=Count("customer_id"))
    )
    for tier in rows:
        tier.holders = holders.get(tier.pk, 0)
    can_manage = actor.can(Perm.MANAGE_LOYALTY)
    policy = policy_for(actor.dealer_id) if actor.dealer_id else None
    policy_form = None
    if policy is not None and can_manage:
        policy_form = PolicyForm(
            initial={"winback_threshold": policy.winback_threshold, "winback_calls": policy.winback_calls}
        )
    context = {
        "tiers": rows,
        "can_manage": can_manage,
        "policy": policy,
        "policy_form": policy_form,
        "actor": actor,
    }
    return render(request, "loyalty/standing_tiers.html", context)


def _dealers_for(actor):
    """Admins (no dealer of their own) choose the dealer of a new tier."""
    return None if actor.dealer_id else list(Dealer.objects.filter(is_active=True).order_by("code"))


def _save(request, form, tier=None):
    actor = request.actor
    if tier is not None:
        dealer = tier.dealer
    else:
        dealer_id = actor.dealer_id or form.cleaned_data.get("dealer")
        dealer = get_object_or_404(Dealer, pk=dealer_id)
    fields = {name: form.cleaned_data.get(name) for name in TIER_FIELDS}
    try:
        tier_save(actor=actor, dealer=dealer, tier=tier, fields=fields)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, _("Tier saved. Owners move to their new tier at the next nightly recompute."))
    return redirect("loyalty:tiers")


@requires(Perm.MANAGE_LOYALTY)
def tier_new(request):
    dealers = _dealers_for(request.actor)
    form = TierForm(request.POST if request.method == "POST" else None, dealers=dealers)
    if form.is_bound and form.is_valid():
        done = _save(request, form)
        if done is not None:
            return done
    return render(request, "loyalty/standing_tier_form.html", {"form": form, "tier": None})


@requires_object(Perm.MANAGE_LOYALTY, selectors.tiers_for)
def tier_edit(request, tier):
    initial = {name: getattr(tier, name) for name in TIER_FIELDS}
    form = TierForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        done = _save(request, form, tier)
        if done is not None:
            return done
    return render(request, "loyalty/standing_tier_form.html", {"form": form, "tier": tier})


@requires_object(Perm.MANAGE_LOYALTY, selectors.tiers_for)
@require_POST
def tier_remove(request, tier):
    try:
        tier_delete(actor=request.actor, tier=tier)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tier deleted."))
    return redirect("loyalty:tiers")


@requires(Perm.MANAGE_LOYALTY)
@require_POST
def policy_save(request):
    actor = request.actor
    if actor.dealer_id is None:
        messages.error(request, _("The win-back policy is set by each dealer's managers."))
        return redirect("loyalty:tiers")
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            standing_policy_set(
                actor=actor,
                dealer=get_object_or_404(Dealer, pk=actor.dealer_id),
                winback_threshold=form.cleaned_data["winback_threshold"],
                winback_calls=form.cleaned_data["winback_calls"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Win-back policy saved: it applies from the next nightly recompute."))
    return redirect("loyalty:tiers")
