"""Writes for test drives: the demo fleet, booking a car for a time slot, the drive's feedback, cancellation."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.validators import normalize_plate, normalize_resident_id
from dealercrm.customers.services import timeline_append
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm
from dealercrm.sales import timeline as tl
from dealercrm.sales.choices import LeadStatus, Stage, TestDriveStatus
from dealercrm.sales.models import DemoVehicle, Lead, TestDrive, TestDriveSlot
from dealercrm.sales.models.drives import SCORE_FIELDS, SLOT_MINUTES
from dealercrm.sales.services.common import locked_lead, note_contact
from dealercrm.vehicles.models import VehicleModel

DURATIONS = (30, 60, 90, 120)
MAX_DAYS_AHEAD = 90


@transaction.atomic
def demo_vehicle_add(
    *, actor: Actor, dealer: Dealer, model: VehicleModel, plate: str, colour: str = ""
) -> DemoVehicle:
    actor.check_dealer(dealer.pk)
    actor.require(Perm.MANAGE_SALES)
    plate = normalize_plate(plate) if (plate or "").strip() else ""
    if not plate:
        raise ValidationError({"plate": [_("Enter the demo car's plate.")]})
    if DemoVehicle.objects.filter(dealer=dealer, plate=plate).exists():
        raise ValidationError({"plate": [_("This car is already in the demo fleet.")]})
    return DemoVehicle.objects.create(dealer=dealer, model=model, plate=plate, colour=(colour or "").strip())


@transaction.atomic
def demo_vehicle_retire(*, actor: Actor, demo_vehicle: DemoVehicle, active: bool = False) -> DemoVehicle:
    actor.check_dealer(demo_vehicle.dealer_id)
    actor.require(Perm.MANAGE_SALES)
    demo_vehicle.is_active = active
    demo_vehicle.save(update_fields=["is_active", "updated_at"])
    return demo_vehicle


def slot_starts(starts_at: datetime, minutes: int) -> list[datetime]:
    return [starts_at + timedelta(minutes=m) for m in range(0, minutes, SLOT_MINUTES)]


def _clean_booking(
    lead: Lead,
    demo_vehicle: DemoVehicle,
    starts_at: datetime,
    minutes: int,
    licence_number: str,
    expires: date,
) -> str:
    now = timezone.now()
    if starts_at < now - timedelta(minutes=SLOT_MINUTES):
        raise ValidationError({"starts_at": [_("This time has passed.")]})
    if starts_at > now + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"starts_at": [_("Book at most 90 days ahead.")]})
    errors: dict[str, list[str]] = {}
    if lead.status != LeadStatus.OPEN:
        errors["lead"] = [_("Only an open lead can book a test drive.")]
    if demo_vehicle.dealer_id != lead.dealer_id or not demo_vehicle.is_active:
        errors["demo_vehicle"] = [_("Choose a car of this dealer's demo fleet.")]
    local = timezone.localtime(starts_at)
    if local.minute % SLOT_MINUTES or local.second or local.microsecond:
        errors["starts_at"] = [_("Test drives start on the hour or the half hour.")]
    if minutes not in DURATIONS:
        errors["minutes"] = [_("A test drive lasts 30, 60, 90 or 120 minutes.")]
    try:
        licence = normalize_resident_id(licence_number)
    except ValidationError:
        errors["licence_number"] = [
            _("Enter the 18-character driving licence number (the holder's ID number).")
        ]
        licence = ""
    if expires is None or expires < local.date():
        errors["licence_expires_on"] = [_("The driving licence has expired by the day of the test drive.")]
    if errors:
        raise ValidationError(errors)
    return licence


@transaction.atomic
def test_drive_book(
    *,
    actor: Actor,
    lead: Lead,
    demo_vehicle: DemoVehicle,
    starts_at: datetime,
    minutes: int,
    licence_number: str,
    licence_expires_on: date,
    route: str = "",
) -> TestDrive:
    """Book a demo car for `minutes` from `starts_at`. A car is never booked twice for the same half hour."""
    actor.require(Perm.WORK_LEADS)
    lead = locked_lead(actor, lead)
    licence = _clean_booking(lead, demo_vehicle, starts_at, minutes, licence_number, licence_expires_on)
    slots = slot_starts(starts_at, minutes)
    taken = TestDriveSlot.objects.filter(demo_vehicle=demo_vehicle, starts_at__in=slots).exists()
    if taken:
        raise ValidationError(
            {"starts_at": [_("%(car)s is already booked at this time.") % {"car": demo_vehicle.plate}]}
        )
    drive = TestDrive.objects.create(
        dealer_id=lead.dealer_id,
        lead=lead,
        demo_vehicle=demo_vehicle,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        licence_number=licence,
        licence_expires_on=licence_expires_on,
        route=(route or "").strip(),
        booked_by_id=actor.user_id,
    )
    try:
        with transaction.atomic():  # a booking made at the same moment wins the race: refuse, save nothing
            TestDriveSlot.objects.bulk_create(
                TestDriveSlot(test_drive=drive, demo_vehicle=demo_vehicle, starts_at=s) for s in slots
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"starts_at": [_("%(car)s is already booked at this time.") % {"car": demo_vehicle.plate}]}
        ) from exc
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    timeline_append(
        customer=lead.customer,
        kind=tl.TEST_DRIVE_BOOKED,
        actor=actor,
        summary=f"{demo_vehicle} · {when}",
        ref=drive,
    )
    return drive


def _locked_drive(actor: Actor, drive: TestDrive) -> tuple[TestDrive, Lead]:
    lead = locked_lead(actor, drive.lead)
    drive = TestDrive.objects.select_related("demo_vehicle__model").get(pk=drive.pk)
    if drive.status != TestDriveStatus.BOOKED:
        raise ValidationError(_("This test drive is no longer booked."))
    return drive, lead


@transaction.atomic
def test_drive_complete(*, actor: Actor, drive: TestDrive, scores: dict, notes: str = "") -> TestDrive:
    """The drive happened: store the prospect's scores (1-5) and notes. It counts as a visit for the cadence."""
    actor.require(Perm.WORK_LEADS)
    drive, lead = _locked_drive(actor, drive)
    now = timezone.now()
    if drive.starts_at > now:
        raise ValidationError(_("This test drive has not started yet."))
    errors = {}
    for name in SCORE_FIELDS:
        value = scores.get(name)
        if value is None and name == "score_overall":
            errors[name] = [_("Ask for the overall impression (1 to 5).")]
        elif value is not None and not 1 <= value <= 5:
            errors[name] = [_("Scores run from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    for name in SCORE_FIELDS:
        setattr(drive, name, scores.get(name))
    drive.feedback_notes = (notes or "").strip()
    drive.status = TestDriveStatus.DONE
    drive.completed_at = now
    drive.save()
    fields = note_contact(lead, at=min(now, drive.ends_at))
    if lead.test_driven_at is None:
        lead.test_driven_at = now
    if lead.stage in (Stage.NEW, Stage.CONTACTED):
        lead.stage = Stage.TEST_DRIVEN
    lead.save(update_fields=[*fields, "test_driven_at"])
    summary = f"{drive.demo_vehicle} · {drive.score_overall}/5"
    if drive.feedback_notes:
        summary += f" · {drive.feedback_notes}"
    timeline_append(customer=lead.customer, kind=tl.TEST_DRIVE_DONE, actor=actor, summary=summary, ref=drive)
    return drive


@transaction.atomic
def test_drive_cancel(*, actor: Actor, drive: TestDrive, no_show: bool = False) -> TestDrive:
    """Cancel a booking (or record that the prospect did not come); the car's slots are free again."""
    actor.require(Perm.WORK_LEADS)
    drive, lead = _locked_drive(actor, drive)
    drive.status = TestDriveStatus.NO_SHOW if no_show else TestDriveStatus.CANCELLED
    drive.save(update_fields=["status", "updated_at"])
    drive.slots.all().delete()
    timeline_append(
        customer=lead.customer,
        kind=tl.TEST_DRIVE_CANCELLED,
        actor=actor,
        summary=f"{drive.demo_vehicle} · {drive.get_status_display()}",
        ref=drive,
    )
    return drive
