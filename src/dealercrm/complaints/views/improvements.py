"""Improvement actions: what changes so complaints do not come back (owner, due date, status)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.complaints import selectors, services
from dealercrm.complaints.choices import ActionStatus
from dealercrm.complaints.forms import ImprovementActionForm
from dealercrm.core.forms import apply_service_errors
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm

PAGE_SIZE = 25


@requires(Perm.VIEW_COMPLAINTS)
def action_list(request):
    status = request.GET.get("status", "")
    status = status if status in ActionStatus.values else ""
    rows = selectors.improvement_action_list(request.actor, status=status)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "actions": page_obj.object_list,
        "status": status,
        "statuses": ActionStatus.choices,
        "can_manage": request.actor.can(Perm.MANAGE_COMPLAINTS),
        "today": timezone.localdate(),
    }
    return render(request, "complaints/actions.html", context)


def _linked(actor, form, dealer_id: int):
    found, missing = selectors.complaints_by_ids(actor, form.cleaned_data["complaints"], dealer_id)
    if missing:
        raise ValidationError(
            {
                "complaints": _("No complaint %(numbers)s at this dealer.")
                % {"numbers": ", ".join(map(str, missing))}
            }
        )
    return found


@requires(Perm.MANAGE_COMPLAINTS)
def action_create(request):
    actor = request.actor
    if actor.dealer_id is None:
        raise Http404  # improvement actions belong to a dealer: its managers write them
    dealer = get_object_or_404(Dealer, pk=actor.dealer_id)
    initial = {}
    raw = request.GET.get("complaint", "")
    if raw.isdigit() and len(raw) < 10:
        initial["complaints"] = str(selectors.complaint_get(actor, int(raw)).pk)
    form = ImprovementActionForm(
        request.POST if request.method == "POST" else None,
        owners=selectors.staff_choices(dealer.pk),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            fields = {k: form.cleaned_data[k] for k in ("title", "description", "owner", "due_on", "status")}
            services.improvement_action_create(
                actor=actor, dealer=dealer, fields=fields, complaints=_linked(actor, form, dealer.pk)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Improvement action saved."))
            return redirect("complaints:actions")
    return render(request, "complaints/action_form.html", {"form": form, "action": None})


@requires(Perm.VIEW_COMPLAINTS)
def action_edit(request, pk: int):
    actor = request.actor
    action = selectors.improvement_action_get(actor, pk)
    actor.require(Perm.MANAGE_COMPLAINTS)
    initial = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "due_on": action.due_on,
        "status": action.status,
        "complaints": ", ".join(
            str(pk) for pk in action.complaints.values_list("pk", flat=True).order_by("pk")
        ),
    }
    form = ImprovementActionForm(
        request.POST if request.method == "POST" else None,
        owners=selectors.staff_choices(action.dealer_id),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            fields = {k: form.cleaned_data[k] for k in ("title", "description", "owner", "due_on", "status")}
            services.improvement_action_update(
                actor=actor, action=action, fields=fields, complaints=_linked(actor, form, action.dealer_id)
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Improvement action saved."))
            return redirect("complaints:actions")
    return render(request, "complaints/action_form.html", {"form": form, "action": action})
