from django.db import models
from django.utils.translation import gettext_lazy as _


class LoyaltyCategory(models.TextChoices):
    """How an owner returns for the services the plan schedules (DESIGN: loyalty category)."""

    NEW = "new", _("No service due yet")
    REGULAR = "regular", _("Returns for every service")
    OCCASIONAL = "occasional", _("Returns sometimes")
    LOST = "lost", _("Lost to another workshop")


class PointsKind(models.TextChoices):
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Redeemed")
    EXPIRE = "expire", _("Expired")
    ADJUST = "adjust", _("Adjusted")
