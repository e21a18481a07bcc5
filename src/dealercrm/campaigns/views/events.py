"""Owner club events: the list, the event form, and one event's page (invite, register, attendance)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.campaigns import selectors, services
from dealercrm.campaigns.choices import SEAT_HOLDERS, EventStatus, RegistrationStatus
from dealercrm.campaigns.forms import ClubEventForm, InviteForm, RegisterForm
from dealercrm.campaigns.models import Registration
from dealercrm.campaigns.services.events import EVENT_FIELDS, invitation_template
from dealercrm.campaigns.views.common import acting_dealer, page_of
from dealercrm.core.forms import apply_service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.messaging.services import templates_ensure_defaults
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm

REGISTRATIONS_PAGE = 50


def _registrations_for(actor):
    return actor.scope(Registration.objects.all(), "event__dealer")


@requires(Perm.VIEW_CAMPAIGNS)
def event_list(request):
    page_obj = page_of(request, selectors.event_list(request.actor))
    return render(
        request,
        "campaigns/events.html",
        {
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "can_manage": request.actor.can(Perm.MANAGE_CAMPAIGNS) and request.actor.dealer_id,
        },
    )


def _save(request, form, event=None):
    fields = {k: form.cleaned_data.get(k) for k in EVENT_FIELDS}
    try:
        if event is None:
            event = services.event_create(
                actor=request.actor, dealer=acting_dealer(request.actor), fields=fields
            )
        else:
            services.event_update(actor=request.actor, event=event, fields=fields)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, _("Event saved."))
    return redirect("campaigns:event", pk=event.pk)


@requires(Perm.MANAGE_CAMPAIGNS)
def event_new(request):
    acting_dealer(request.actor)
    form = ClubEventForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and (done := _save(request, form)):
        return done
    return render(request, "campaigns/event_form.html", {"form": form, "event": None})


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.events_for)
def event_edit(request, event):
    form = ClubEventForm(request.POST if request.method == "POST" else None, instance=event)
    if form.is_bound and form.is_valid() and (done := _save(request, form, event)):
        return done
    return render(request, "campaigns/event_form.html", {"form": form, "event": event})


def _invite_form(request, event, data=None) -> InviteForm:
    form = InviteForm(
        data,
        segments=selectors.segments_for(request.actor).filter(dealer_id=event.dealer_id).order_by("name"),
        templates=selectors.templates_for_campaigns(event.dealer_id),
    )
    default = invitation_template(event.dealer_id)
    if default is not None:
        form.fields["template"].initial = default.pk
    return form


@requires_object(Perm.VIEW_CAMPAIGNS, selectors.events_for)
def event_detail(request, event, invite_form=None, register_form=None):
    event = selectors.event_list(request.actor).get(pk=event.pk)
    status = request.GET.get("status", "")
    status = status if status in RegistrationStatus.values else ""
    page_obj = page_of(request, selectors.registration_list(event, status=status), REGISTRATIONS_PAGE)
    can_manage = request.actor.can(Perm.MANAGE_CAMPAIGNS)
    context = {
        "event": event,
        "page_obj": page_obj,
        "registrations": page_obj.object_list,
        "status": status,
        "statuses": RegistrationStatus.choices,
        "can_manage": can_manage,
        "is_open": event.status == EventStatus.OPEN,
        "started": event.starts_at <= timezone.now(),
        "seats_free": max(event.capacity - event.seats_taken, 0),
    }
    if can_manage:
        templates_ensure_defaults(event.dealer)  # the club event invitation among messaging's defaults
        context["invite_form"] = invite_form or _invite_form(request, event)
        context["register_form"] = register_form or RegisterForm()
        if context["started"] and event.status != EventStatus.CANCELLED:
            context["seat_holders"] = selectors.registration_list(event).filter(status__in=SEAT_HOLDERS)
    return render(request, "campaigns/event_detail.html", context)


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.events_for)
@require_POST
def event_invite(request, event):
    form = _invite_form(request, event, request.POST)
    if form.is_valid():
        try:
            done = services.event_invite(
                actor=request.actor,
                event=event,
                segment=form.cleaned_data["segment"],
                template=form.cleaned_data["template"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(invited)d customers invited, %(messages)d invitations queued.") % done
            )
            return redirect("campaigns:event", pk=event.pk)
    return event_detail.__wrapped__(request, event, invite_form=form)


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.events_for)
@require_POST
def event_register(request, event):
    form = RegisterForm(request.POST)
    if form.is_valid():
        customer = customers_for(request.actor).filter(pk=form.cleaned_data["customer"]).first()
        try:
            if customer is None:
                raise ValidationError({"customer": [_("No such customer at this dealer.")]})
            registration = services.registration_register(
                actor=request.actor, event=event, customer=customer, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request, _("The event is full: %(name)s is on the waiting list.") % {"name": customer}
                )
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": customer})
            return redirect("campaigns:event", pk=event.pk)
    return event_detail.__wrapped__(request, event, register_form=form)


@requires_object(Perm.MANAGE_CAMPAIGNS, _registrations_for)
@require_POST
def registration_cancel(request, registration):
    try:
        promoted = services.registration_cancel(actor=request.actor, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = _("Registration cancelled.")
        if promoted:
            names = ", ".join(r.customer.name for r in promoted)
            text += " " + _("Moved up from the waiting list: %(names)s.") % {"names": names}
        messages.success(request, text)
    return redirect("campaigns:event", pk=registration.event_id)


@requires_object(Perm.MANAGE_CAMPAIGNS, _registrations_for)
@require_POST
def registration_confirm(request, registration):
    """Register an invited (or cancelled) customer from the list."""
    try:
        services.registration_register(
            actor=request.actor, event=registration.event, customer=registration.customer
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaigns:event", pk=registration.event_id)


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.events_for)
@require_POST
def event_attendance(request, event):
    ids = [int(v) for v in request.POST.getlist("attended") if v.isdigit() and len(v) < 10]
    try:
        done = services.attendance_record(actor=request.actor, event=event, attended=ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Attendance recorded: %(attended)d came, %(no_show)d did not; %(followups)d follow-up calls planned."
            )
            % done,
        )
    return redirect("campaigns:event", pk=event.pk)
