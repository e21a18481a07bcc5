"""Overview pages: my day, the pipeline board, the funnel, the OEM export; the dealer's sales settings."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm
from dealercrm.sales import reports, selectors, services
from dealercrm.sales.access import DESK_PERMS, requires_sales, sees_dealer_pipeline
from dealercrm.sales.forms import PeriodForm, SettingsForm, SourceOwnerForm
from dealercrm.sales.models import SourceOwner
from dealercrm.sales.services.common import settings_for
from dealercrm.sales.views.common import actor_dealer, call_service, dealer_filter


@requires_sales(DESK_PERMS)
def today(request):
    actor = request.actor
    day = timezone.localdate()
    return render(request, "sales/today.html", {"day": day, "today": selectors.my_day(actor, day)})


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@requires_sales(DESK_PERMS)
def board(request):
    """The pipeline by grade and stage: a consultant's own, or (managers) the dealer's or one consultant's."""
    actor = request.actor
    manager = sees_dealer_pipeline(actor)
    owner_id = _int_param(request, "owner") if manager else None
    dealer_id = dealer_filter(actor, request.GET.get("dealer", ""))
    context = {
        "board": reports.board(actor, owner_id=owner_id, dealer_id=dealer_id),
        "load": reports.consultant_load(actor, dealer_id=dealer_id) if manager else [],
        "manager": manager,
        "owner_id": owner_id,
        "dealer_id": dealer_id,
        "dealers": Dealer.objects.order_by("code") if actor.is_group_wide else [],
    }
    return render(request, "sales/board.html", context)


@requires_sales(Perm.VIEW_SALES)
def funnel(request):
    actor = request.actor
    months = _int_param(request, "months") or 6
    months = min(max(months, 1), 24)
    dealer_id = dealer_filter(actor, request.GET.get("dealer", ""))
    context = {
        "funnel": reports.funnel(actor, months=months, dealer_id=dealer_id),
        "months": months,
        "dealer_id": dealer_id,
        "dealers": Dealer.objects.order_by("code") if actor.is_group_wide else [],
        "period_form": PeriodForm(
            initial={"since": reports.month_start(timezone.localdate()), "until": timezone.localdate()}
        ),
    }
    return render(request, "sales/funnel.html", context)


@requires_sales(Perm.VIEW_SALES)
def oem_export(request):
    """The OEM leads of a period as CSV: reference, deadline, first contact, status (for the OEM's portal)."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(
            request, "sales/form.html", {"form": form, "title": _("OEM lead status export")}, status=400
        )
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    response = StreamingHttpResponse(
        reports.oem_export(request.actor, since=since, until=until), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="oem-leads-{since:%Y%m%d}-{until:%Y%m%d}.csv"'
    return response


@requires_sales(Perm.MANAGE_SALES)
def sales_settings(request):
    """Cadence per grade, OEM response time, discount threshold, assignment mode and fixed owners per source."""
    actor = request.actor
    dealer = actor_dealer(actor)
    if dealer is None:
        messages.error(request, _("Sales settings belong to a dealer: sign in as the dealer's manager."))
        return redirect("sales:board")
    current = settings_for(dealer.pk)
    consultants = selectors.consultant_choices(actor, dealer.pk)
    settings_form = SettingsForm(request.POST if "save_settings" in request.POST else None, instance=current)
    owner_form = SourceOwnerForm(
        request.POST if "save_owner" in request.POST else None, consultants=consultants
    )
    if settings_form.is_bound and settings_form.is_valid():
        fields = {name: settings_form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        if call_service(
            settings_form, services.sales_settings_update, actor=actor, dealer=dealer, fields=fields
        ):
            messages.success(request, _("Sales settings saved."))
            return redirect("sales:settings")
    if owner_form.is_bound and owner_form.is_valid():
        data = owner_form.cleaned_data
        call_service(
            owner_form,
            services.source_owner_set,
            actor=actor,
            dealer=dealer,
            source=data["source"],
            owner_id=data["owner"],
        )
        if not owner_form.errors:
            messages.success(request, _("Assignment rule saved."))
            return redirect("sales:settings")
    context = {
        "settings_form": settings_form,
        "owner_form": owner_form,
        "owners": SourceOwner.objects.filter(dealer=dealer).select_related("owner__staff"),
        "dealer": dealer,
    }
    return render(request, "sales/settings.html", context)
