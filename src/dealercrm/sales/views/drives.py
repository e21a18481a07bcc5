"""Test drive pages: book a demo car for a lead, the drive's feedback, cancel; the demo fleet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales import selectors, services
from dealercrm.sales.access import DESK_PERMS, requires_sales
from dealercrm.sales.choices import TestDriveStatus
from dealercrm.sales.forms import DemoVehicleForm, FeedbackForm, TestDriveForm
from dealercrm.sales.models import DemoVehicle
from dealercrm.sales.views.common import actor_dealer, call_service, form_page


@requires_sales(Perm.WORK_LEADS, fetch=selectors.lead_get)
def test_drive_book(request, lead):
    actor = request.actor
    fleet = selectors.demo_fleet(actor, lead.dealer_id)
    today = timezone.localdate()
    form = TestDriveForm(request.POST or None, fleet=fleet, initial={"day": today})
    day = today
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"]
        data = form.cleaned_data
        drive = call_service(
            form,
            services.test_drive_book,
            actor=actor,
            lead=lead,
            demo_vehicle=data["demo_vehicle"],
            starts_at=form.starts_at(),
            minutes=data["minutes"],
            licence_number=data["licence_number"],
            licence_expires_on=data["licence_expires_on"],
            route=data["route"],
        )
        if drive is not None:
            messages.success(request, _("Test drive booked."))
            return redirect("sales:lead", pk=lead.pk)
    return form_page(
        request,
        form,
        title=_("Book a test drive: %(lead)s") % {"lead": lead},
        template="sales/test_drive_form.html",
        lead=lead,
        day=day,
        bookings=selectors.bookings_on(lead.dealer_id, day),
        fleet_empty=not fleet.exists(),
    )


def _test_drive(actor: Actor, pk: int):
    return selectors.test_drive_get(actor, pk)


@requires_sales(DESK_PERMS, fetch=_test_drive)
def test_drive_detail(request, drive):
    actor = request.actor
    can_work = actor.can(Perm.WORK_LEADS) and drive.status == TestDriveStatus.BOOKED
    form = FeedbackForm(request.POST or None) if can_work else None
    if request.method == "POST":
        actor.require(Perm.WORK_LEADS)
        if form is not None and form.is_valid():
            done = call_service(
                form,
                services.test_drive_complete,
                actor=actor,
                drive=drive,
                scores=form.scores(),
                notes=form.cleaned_data["feedback_notes"],
            )
            if done is not None:
                messages.success(request, _("Feedback saved: the test drive is done."))
                return redirect("sales:lead", pk=drive.lead_id)
    context = {
        "drive": drive,
        "lead": drive.lead,
        "form": form,
        "licence": selectors.licence_display(actor, drive.licence_number),
    }
    return render(request, "sales/test_drive_detail.html", context)


@requires_sales(Perm.WORK_LEADS, fetch=_test_drive)
@require_POST
def test_drive_cancel(request, drive):
    try:
        services.test_drive_cancel(
            actor=request.actor, drive=drive, no_show=request.POST.get("no_show") == "1"
        )
    except ValidationError as exc:  # already done or cancelled
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Test drive cancelled; the car is free again."))
    return redirect("sales:lead", pk=drive.lead_id)


@requires_sales(DESK_PERMS)
def fleet(request):
    actor = request.actor
    rows = selectors.demo_fleet(actor, active_only=False)
    form = DemoVehicleForm() if actor.can(Perm.MANAGE_SALES) and actor.dealer_id else None
    return render(request, "sales/fleet.html", {"fleet": rows, "form": form})


@requires_sales(Perm.MANAGE_SALES)
def fleet_add(request):
    actor = request.actor
    form = DemoVehicleForm(request.POST or None)
    dealer = actor_dealer(actor)
    if request.method == "POST" and form.is_valid() and dealer is not None:
        car = call_service(form, services.demo_vehicle_add, actor=actor, dealer=dealer, **form.cleaned_data)
        if car is not None:
            messages.success(request, _("%(car)s added to the demo fleet.") % {"car": car.plate})
            return redirect("sales:fleet")
    return form_page(request, form, title=_("Add a demo car"))


def _demo_car(actor: Actor, pk: int) -> DemoVehicle:
    return get_object_or_404(actor.scope(DemoVehicle.objects.all()), pk=pk)


@requires_sales(Perm.MANAGE_SALES, fetch=_demo_car)
@require_POST
def fleet_toggle(request, car):
    services.demo_vehicle_retire(actor=request.actor, demo_vehicle=car, active=not car.is_active)
    messages.success(request, _("Demo fleet updated."))
    return redirect("sales:fleet")
