from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

VEHICLE_ADDED = register_kind("vehicle_added", _("Vehicle added"))
VEHICLE_UPDATED = register_kind("vehicle_updated", _("Vehicle updated"))
OWNERSHIP_STARTED = register_kind("ownership_started", _("Became owner"))
OWNERSHIP_ENDED = register_kind("ownership_ended", _("Ownership ended"))
ODOMETER_RECORDED = register_kind("odometer_recorded", _("Odometer reading"))
