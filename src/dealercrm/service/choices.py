from django.db import models
from django.utils.translation import gettext_lazy as _


class HalfDay(models.TextChoices):
    AM = "am", _("Morning")
    PM = "pm", _("Afternoon")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ARRIVED = "arrived", _("Arrived")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


# Bookings that occupy a bay of their half-day (no-shows and cancellations free it).
TAKES_A_BAY = (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)


class ServiceType(models.TextChoices):
    FIRST_SERVICE = "first_service", _("First service")
    MAINTENANCE = "maintenance", _("Maintenance")
    WARRANTY = "warranty", _("Warranty")
    MINOR_REPAIR = "minor_repair", _("Minor repair")
    MAJOR_REPAIR = "major_repair", _("Major repair")
    INSURANCE_REPAIR = "insurance_repair", _("Insurance repair")
    BODY_PAINT = "body_paint", _("Body and paint")
    ACCESSORY = "accessory", _("Accessory fitting")
    ROADSIDE_RESCUE = "roadside_rescue", _("Roadside rescue")


# A completed order of these types is a service: the next one is counted from it.
SERVICE_TYPES = (ServiceType.FIRST_SERVICE, ServiceType.MAINTENANCE)
# Orders that fix something: a comeback for the same concern within the window is a re-repair.
REPAIR_TYPES = (
    ServiceType.WARRANTY,
    ServiceType.MINOR_REPAIR,
    ServiceType.MAJOR_REPAIR,
    ServiceType.INSURANCE_REPAIR,
    ServiceType.BODY_PAINT,
    ServiceType.ROADSIDE_RESCUE,
)


class Concern(models.TextChoices):
    """What the customer came in for, coarse enough to recognise a comeback for the same concern."""

    ROUTINE = "routine", _("Routine service")
    ENGINE = "engine", _("Engine")
    TRANSMISSION = "transmission", _("Transmission")
    BRAKES = "brakes", _("Brakes")
    STEERING = "steering", _("Steering and suspension")
    ELECTRICAL = "electrical", _("Electrical and electronics")
    BATTERY = "battery", _("Battery and charging")
    AIR_CONDITIONING = "air_conditioning", _("Air conditioning")
    NOISE = "noise", _("Noise or vibration")
    BODY = "body", _("Body and paint")
    TYRES = "tyres", _("Tyres and wheels")
    OTHER = "other", _("Other")


class OrderStatus(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_PARTS = "waiting_parts", _("Waiting for parts")
    QUALITY_CHECK = "quality_check", _("Quality check")
    READY = "ready", _("Ready")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    OrderStatus.CHECKED_IN,
    OrderStatus.IN_PROGRESS,
    OrderStatus.WAITING_PARTS,
    OrderStatus.QUALITY_CHECK,
    OrderStatus.READY,
)
# The workshop's one road: no step may be skipped, quality check always comes before ready.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    OrderStatus.CHECKED_IN: (OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED),
    OrderStatus.IN_PROGRESS: (OrderStatus.WAITING_PARTS, OrderStatus.QUALITY_CHECK),
    OrderStatus.WAITING_PARTS: (OrderStatus.IN_PROGRESS,),
    OrderStatus.QUALITY_CHECK: (OrderStatus.READY, OrderStatus.IN_PROGRESS),
    OrderStatus.READY: (OrderStatus.HANDED_OVER,),
    OrderStatus.HANDED_OVER: (),
    OrderStatus.CANCELLED: (),
}


class LineKind(models.TextChoices):
    LABOUR = "labour", _("Labour")
    PART = "part", _("Part")


class Payer(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    WARRANTY = "warranty", _("Warranty (manufacturer)")
    INSURANCE = "insurance", _("Insurance")


class Approval(models.TextChoices):
    PENDING = "pending", _("Awaiting the customer's approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
