from django.db import models
from django.utils.translation import gettext_lazy as _


class OdometerSource(models.TextChoices):
    DELIVERY = "delivery", _("Delivery")
    REPAIR_ORDER = "repair_order", _("Repair order")
    CALL = "call", _("Customer call")
    IMPORT = "import", _("DMS import")
    MANUAL = "manual", _("Entered by staff")
