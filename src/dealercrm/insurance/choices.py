from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    COMPULSORY = "compulsory", _("Compulsory traffic insurance")
    COMMERCIAL = "commercial", _("Commercial insurance")


class RenewalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    QUOTED = "quoted", _("Quoted")
    RENEWED = "renewed", _("Renewed")
    LOST = "lost", _("Lost")


OPEN_STATUSES = (RenewalStatus.OPEN, RenewalStatus.QUOTED)


class LostReason(models.TextChoices):
    NONE = "", _("none")
    PRICE = "price", _("Price")
    OTHER_INSURER = "other_insurer", _("Went to another insurer")
    SOLD_VEHICLE = "sold_vehicle", _("Vehicle sold")
    NO_RESPONSE = "no_response", _("No response")
    OTHER = "other", _("Other")
