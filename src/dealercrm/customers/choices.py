from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class Gender(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class BirthdayCalendar(models.TextChoices):
    """Many owners keep their birthday by the lunar calendar: greetings go out on that day each year."""

    SOLAR = "solar", _("Solar (Gregorian)")
    LUNAR = "lunar", _("Lunar")


class Language(models.TextChoices):
    """The language messages to the customer are written in (values are Django language codes)."""

    ZH_HANS = "zh-hans", _("Chinese")
    EN = "en", _("English")


class CustomerClass(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    OWNER = "owner", _("Owner")
    LOST = "lost", _("Lost")


class CustomerSource(models.TextChoices):
    SHOWROOM = "showroom", _("Showroom")
    HOTLINE = "hotline", _("Hotline")
    EVENT = "event", _("Outreach event")
    WEB = "web", _("Web / app")
    OEM = "oem", _("OEM or group HQ")
    REFERRAL = "referral", _("Referral")
    SERVICE = "service", _("Service walk-in")
    IMPORT = "import", _("DMS import")


class ContactKind(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    LANDLINE = "landline", _("Landline")
    EMAIL = "email", _("E-mail")
    WECHAT = "wechat", _("WeChat ID")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    WECHAT = "wechat", _("WeChat")


class AddressKind(models.TextChoices):
    HOME = "home", pgettext_lazy("address", "Home")
    WORK = "work", _("Work")
    REGISTERED = "registered", _("Registered")


class RelationshipKind(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    FAMILY = "family", _("Family member")
    DECISION_INFLUENCER = "decision_influencer", _("Decision influencer")
    REFERRAL = "referral", _("Referred by")
