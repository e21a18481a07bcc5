"""The outbox: every message, its status and why it was not sent; inbound replies; the sending policy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.messaging import selectors, services
from dealercrm.messaging.forms import OutboxFilterForm, PolicyForm
from dealercrm.messaging.services.policy import POLICY_FIELDS
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm

PAGE_SIZE = 50


@requires(Perm.VIEW_CAMPAIGNS)
def outbox(request):
    actor = request.actor
    form = OutboxFilterForm(request.GET or None)
    filters = selectors.OutboxFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.OutboxFilters(
            **{k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        )
    page_obj = Paginator(selectors.outbox_list(actor, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, selectors.address_display(actor, m)) for m in page_obj.object_list]
    return render(request, "messaging/outbox.html", {"form": form, "page_obj": page_obj, "rows": rows})


@requires_object(Perm.VIEW_CAMPAIGNS, selectors.messages_for)
def message_detail(request, message):
    message = selectors.message_get(request.actor, message.pk)
    return render(
        request,
        "messaging/message.html",
        {"message": message, "address": selectors.address_display(request.actor, message)},
    )


@requires(Perm.VIEW_CAMPAIGNS)
def inbound(request):
    page_obj = Paginator(selectors.inbound_for(request.actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "messaging/inbound.html", {"page_obj": page_obj, "rows": page_obj.object_list})


@requires(Perm.MANAGE_CAMPAIGNS)
def policy_edit(request):
    actor = request.actor
    if actor.dealer_id is None:
        raise Http404  # a policy belongs to a dealer
    dealer = get_object_or_404(Dealer, pk=actor.dealer_id)
    policy = services.messaging_policy_for(dealer)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={k: getattr(policy, k) for k in POLICY_FIELDS},
    )
    if form.is_bound and form.is_valid():
        try:
            services.messaging_policy_update(actor=actor, dealer=dealer, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Sending rules saved."))
            return redirect("messaging:policy")
    return render(request, "messaging/policy.html", {"form": form, "dealer": dealer})
