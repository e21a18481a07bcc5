"""The segment builder (a form per rule, a live count refreshed by htmx as the rules change) and the list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.campaigns import selectors, services
from dealercrm.campaigns.forms import SegmentForm
from dealercrm.campaigns.views.common import acting_dealer, page_of
from dealercrm.core.forms import apply_service_errors
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_CAMPAIGNS)
def segment_list(request):
    rows = selectors.segments_for(request.actor).select_related("dealer", "created_by").order_by("name", "id")
    page_obj = page_of(request, rows)
    return render(
        request,
        "campaigns/segments.html",
        {
            "page_obj": page_obj,
            "segments": page_obj.object_list,
            "can_manage": request.actor.can(Perm.MANAGE_CAMPAIGNS) and request.actor.dealer_id,
        },
    )


def _builder(request, *, dealer_id: int, segment=None):
    actor = request.actor
    initial = SegmentForm.initial_from(segment.name, segment.rules) if segment else {}
    bound = request.POST if request.method == "POST" else None
    form = SegmentForm(bound, initial=initial, choices=selectors.segment_choices(dealer_id))
    if bound is not None:
        actor.require(Perm.MANAGE_CAMPAIGNS)
        if form.is_valid():
            name = form.cleaned_data["name"]
            try:
                if segment is None:
                    segment = services.segment_create(
                        actor=actor, dealer=acting_dealer(actor), name=name, rules=form.rules
                    )
                else:
                    services.segment_update(actor=actor, segment=segment, name=name, rules=form.rules)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Segment “%(name)s” saved: %(n)d customers.")
                    % {"name": segment.name, "n": segment.last_count},
                )
                return redirect("campaigns:segments")
    return render(
        request,
        "campaigns/segment_form.html",
        {
            "form": form,
            "segment": segment,
            "can_manage": actor.can(Perm.MANAGE_CAMPAIGNS),
            "campaigns": segment.campaigns.order_by("-created_at")[:10] if segment else [],
            "current_count": None
            if segment is None or actor.can(Perm.MANAGE_CAMPAIGNS)
            else (selectors.segment_count(actor, dealer_ids=[dealer_id], rules=segment.rules)),
        },
    )


@requires(Perm.MANAGE_CAMPAIGNS)
def segment_new(request):
    return _builder(request, dealer_id=acting_dealer(request.actor).pk)


@requires_object(Perm.VIEW_CAMPAIGNS, selectors.segments_for)
def segment_edit(request, segment):
    return _builder(request, dealer_id=segment.dealer_id, segment=segment)


def _count(request, dealer_id: int):
    form = SegmentForm(request.POST, choices=selectors.segment_choices(dealer_id), need_name=False)
    context = {"form": form, "count": None}
    if form.is_valid():
        rules = form.rules
        context["count"] = selectors.segment_count(request.actor, dealer_ids=[dealer_id], rules=rules)
        if "consent" not in rules:
            sms = {**rules, "consent": "sms"}
            context["sms_count"] = selectors.segment_count(request.actor, dealer_ids=[dealer_id], rules=sms)
    return render(request, "campaigns/_segment_count.html", context)


@requires(Perm.MANAGE_CAMPAIGNS)
@require_POST
def segment_count(request):
    """htmx: the count of the rules being built (no name needed, nothing saved)."""
    return _count(request, acting_dealer(request.actor).pk)


@requires_object(Perm.VIEW_CAMPAIGNS, selectors.segments_for)
@require_POST
def segment_recount(request, segment):
    return _count(request, segment.dealer_id)


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.segments_for)
@require_POST
def segment_delete(request, segment):
    try:
        services.segment_delete(actor=request.actor, segment=segment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("campaigns:segment-edit", pk=segment.pk)
    messages.success(request, _("Segment deleted."))
    return redirect("campaigns:segments")
