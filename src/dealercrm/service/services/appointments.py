"""Appointments: book a half-day slot within the workshop's capacity, cancel, no-show, the day-before reminder."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.services import timeline_append
from dealercrm.followups.services import record_event, record_events
from dealercrm.org.access import Actor
from dealercrm.org.models import StaffRole
from dealercrm.org.roles import Role
from dealercrm.service import timeline as tl
from dealercrm.service.choices import TAKES_A_BAY, AppointmentStatus, HalfDay, ServiceType
from dealercrm.service.models import Appointment, Workshop
from dealercrm.vehicles.models import Vehicle

BOOK_AHEAD_DAYS = 180


def advisors_of(dealer_id: int):
    """Users who are service advisors at the dealer."""
    staff = StaffRole.objects.filter(role=Role.SERVICE_ADVISOR, staff__dealer_id=dealer_id)
    return get_user_model().objects.filter(pk__in=staff.values("staff__user_id")).order_by("username")


def workshop_locked(dealer_id: int) -> Workshop:
    """The dealer's workshop row, locked until the transaction ends: bookings at one dealer queue up here."""
    Workshop.objects.get_or_create(dealer_id=dealer_id)
    return Workshop.objects.select_for_update().get(dealer_id=dealer_id)


def slot_taken(dealer_id: int, on: date, half_day: str) -> int:
    return Appointment.objects.filter(
        dealer_id=dealer_id, on=on, half_day=half_day, status__in=TAKES_A_BAY
    ).count()


def _summary(appointment: Appointment) -> str:
    return f"{appointment.vehicle} · {appointment.on:%Y-%m-%d} {appointment.get_half_day_display()}"


@transaction.atomic
def appointment_book(
    *,
    actor: Actor,
    vehicle: Vehicle,
    on: date,
    half_day: str,
    advisor=None,
    service_type: str = ServiceType.MAINTENANCE,
    concern: str = "",
) -> Appointment:
    """Book a half-day. A full half-day is refused: the count is taken under the workshop's row lock."""
    actor.check_dealer(vehicle.dealer_id)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if on < today:
        errors["on"] = [_("Choose today or a later date.")]
    elif on > today + timedelta(days=BOOK_AHEAD_DAYS):
        errors["on"] = [
            _("Appointments can be booked up to %(days)s days ahead.") % {"days": BOOK_AHEAD_DAYS}
        ]
    if half_day not in HalfDay.values:
        errors["half_day"] = [_("Choose morning or afternoon.")]
    if service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service type.")]
    if vehicle.current_owner_id is None:
        errors["vehicle"] = [_("Record who owns this vehicle before booking it in.")]
    if advisor is not None and not advisors_of(vehicle.dealer_id).filter(pk=advisor.pk).exists():
        errors["advisor"] = [_("Choose a service advisor of this dealer.")]
    if errors:
        raise ValidationError(errors)
    workshop = workshop_locked(vehicle.dealer_id)
    booked = Appointment.objects.filter(vehicle=vehicle, status=AppointmentStatus.BOOKED).first()
    if booked is not None:
        raise ValidationError(
            {"vehicle": [_("This vehicle is already booked in for %(slot)s.") % {"slot": _summary(booked)}]}
        )
    if slot_taken(vehicle.dealer_id, on, half_day) >= workshop.capacity(half_day):
        raise ValidationError(
            {"half_day": [_("This half-day is fully booked. Choose another half-day or date.")]}
        )
    appointment = Appointment.objects.create(
        dealer_id=vehicle.dealer_id,
        customer_id=vehicle.current_owner_id,
        vehicle=vehicle,
        on=on,
        half_day=half_day,
        advisor=advisor,
        service_type=service_type,
        concern=(concern or "").strip()[:300],
        booked_by_id=actor.user_id,
    )
    timeline_append(
        customer=appointment.customer,
        kind=tl.APPOINTMENT_BOOKED,
        actor=actor,
        summary=_summary(appointment),
        ref=appointment,
    )
    return appointment


def _locked_booking(actor: Actor, appointment: Appointment) -> Appointment:
    actor.check_dealer(appointment.dealer_id)
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("customer", "vehicle")
        .get(pk=appointment.pk)
    )
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(
            _("This appointment is already %(status)s.")
            % {"status": appointment.get_status_display().lower()}
        )
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: Actor, appointment: Appointment, reason: str = "") -> Appointment:
    appointment = _locked_booking(actor, appointment)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status", "updated_at"])
    summary = _summary(appointment) + (f" · {reason.strip()}" if reason and reason.strip() else "")
    timeline_append(
        customer=appointment.customer,
        kind=tl.APPOINTMENT_CANCELLED,
        actor=actor,
        summary=summary,
        ref=appointment,
    )
    return appointment


@transaction.atomic
def appointment_no_show(*, actor: Actor, appointment: Appointment) -> Appointment:
    """The customer did not come: the slot is freed and the follow-up engine gets appointment_no_show."""
    appointment = _locked_booking(actor, appointment)
    if appointment.on > timezone.localdate():
        raise ValidationError(_("An appointment can be marked as missed from its day on."))
    appointment.status = AppointmentStatus.NO_SHOW
    appointment.save(update_fields=["status", "updated_at"])
    timeline_append(
        customer=appointment.customer,
        kind=tl.APPOINTMENT_NO_SHOW,
        actor=actor,
        summary=_summary(appointment),
        ref=appointment,
    )
    record_event(
        kind="appointment_no_show",
        customer=appointment.customer,
        vehicle=appointment.vehicle,
        occurred_on=appointment.on,
        source=f"service.appointment:{appointment.pk}",
        actor=actor,
    )
    return appointment


@transaction.atomic
def appointments_remind(*, on: date) -> dict[str, int]:
    """appointment_reminder events, the day before, for tomorrow's bookings (idempotent by source)."""
    tomorrow = on + timedelta(days=1)
    rows = Appointment.objects.filter(on=tomorrow, status=AppointmentStatus.BOOKED).values_list(
        "id", "customer_id", "vehicle_id"
    )
    events = [
        (customer_id, vehicle_id, tomorrow, f"service.appointment:{pk}")
        for pk, customer_id, vehicle_id in rows
    ]
    purposes = record_events(kind="appointment_reminder", events=events) if events else 0
    return {"reminded": len(events), "purposes": purposes}


@transaction.atomic
def appointments_mark_no_shows(*, on: date) -> dict[str, int]:
    """Bookings of past days nobody turned up for become no-shows (one day's bookings at most, not the fleet)."""
    from dealercrm.org.access import system_actor

    actor = system_actor()
    missed = list(
        Appointment.objects.filter(on__lt=on, status=AppointmentStatus.BOOKED)
        .select_related("customer", "vehicle")
        .select_for_update(of=("self",))
    )
    now = timezone.now()
    for appointment in missed:
        appointment.status, appointment.updated_at = AppointmentStatus.NO_SHOW, now
        timeline_append(
            customer=appointment.customer,
            kind=tl.APPOINTMENT_NO_SHOW,
            actor=actor,
            summary=_summary(appointment),
            ref=appointment,
        )
    Appointment.objects.bulk_update(missed, ["status", "updated_at"], batch_size=1000)
    events = [(a.customer_id, a.vehicle_id, a.on, f"service.appointment:{a.pk}") for a in missed]
    purposes = record_events(kind="appointment_no_show", events=events) if events else 0
    return {"no_shows": len(missed), "purposes": purposes}
