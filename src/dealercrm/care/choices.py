from django.db import models
from django.utils.translation import gettext_lazy as _

from dealercrm.followups.choices import EventKind


class Occasion(models.TextChoices):
    BIRTHDAY = "birthday", _("Birthday")
    ANNIVERSARY = "anniversary", _("Purchase anniversary")
    FESTIVAL_SPRING = "festival_spring", _("Spring Festival")
    FESTIVAL_DRAGON_BOAT = "festival_dragon_boat", _("Dragon Boat Festival")
    FESTIVAL_MID_AUTUMN = "festival_mid_autumn", _("Mid-Autumn Festival")
    FESTIVAL_NEW_YEAR = "festival_new_year", _("New Year's Day")
    FESTIVAL_NATIONAL_DAY = "festival_national_day", _("National Day")
    INSURANCE = "insurance", _("Insurance renewal")
    INSPECTION = "inspection", _("Annual inspection due")


FESTIVALS = (
    Occasion.FESTIVAL_SPRING,
    Occasion.FESTIVAL_DRAGON_BOAT,
    Occasion.FESTIVAL_MID_AUTUMN,
    Occasion.FESTIVAL_NEW_YEAR,
    Occasion.FESTIVAL_NATIONAL_DAY,
)

# The follow-up event a call rule records (festival greetings go to every owner: messages only).
CALL_KINDS = {
    Occasion.BIRTHDAY: EventKind.CARE_BIRTHDAY,
    Occasion.ANNIVERSARY: EventKind.CARE_ANNIVERSARY,
    Occasion.INSURANCE: EventKind.INSURANCE_DUE,
    Occasion.INSPECTION: EventKind.INSPECTION_DUE,
}


class CareAction(models.TextChoices):
    MESSAGE = "message", _("Send a message")
    CALL = "call", _("Call (follow-up purpose)")
