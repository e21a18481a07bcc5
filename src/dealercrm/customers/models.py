"""Customers: the owner or prospect, how to reach them, what they agreed to, who they are related to.

Search keys (pinyin, initials, the last four digits of a mobile) are stored columns with their own indexes,
written by customers.services only. The prefix indexes for name search are vendor-specific and live in
migration 0002 (varchar_pattern_ops on PostgreSQL, NOCASE on SQLite).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dealercrm.core.models import DealerScopedModel, TimeStampedModel, staff_ref
from dealercrm.customers.choices import (
    AddressKind,
    BirthdayCalendar,
    Channel,
    ContactKind,
    CustomerClass,
    CustomerKind,
    CustomerSource,
    Gender,
    Language,
    RelationshipKind,
)


class Tag(DealerScopedModel):
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["dealer", "name"], name="customers_tag_unique")]

    def __str__(self) -> str:
        return self.name


class Customer(DealerScopedModel):
    kind = models.CharField(
        _("kind"), max_length=10, choices=CustomerKind.choices, default=CustomerKind.PERSON
    )
    name = models.CharField(_("name"), max_length=100)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, blank=True, editable=False)
    name_initials = models.CharField(_("pinyin initials"), max_length=40, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True, default="")
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    birthday_calendar = models.CharField(
        _("birthday kept by"),
        max_length=5,
        choices=BirthdayCalendar.choices,
        default=BirthdayCalendar.SOLAR,
        help_text=_("For a lunar birthday enter the solar date of birth; greetings follow the lunar date."),
    )
    id_number = models.CharField(_("resident ID number"), max_length=18, blank=True)
    language = models.CharField(
        _("language for messages"), max_length=7, choices=Language.choices, default=Language.ZH_HANS
    )
    occupation = models.CharField(_("occupation"), max_length=60, blank=True)
    customer_class = models.CharField(
        _("class"), max_length=10, choices=CustomerClass.choices, default=CustomerClass.PROSPECT
    )
    source = models.CharField(_("source"), max_length=20, choices=CustomerSource.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="customers", verbose_name=_("tags"))
    data_quality = models.PositiveSmallIntegerField(
        _("data quality"), default=0, help_text=_("0-100, recomputed nightly")
    )
    created_by = staff_ref(_("created by"))
    history = HistoricalRecords(
        excluded_fields=["name_pinyin", "name_initials", "data_quality", "updated_at"]
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["dealer", "name"], name="customers_name_idx"),
            models.Index(
                fields=["dealer", "id_number"], name="customers_idnumber_idx", condition=~Q(id_number="")
            ),
            models.Index(fields=["dealer", "customer_class", "-created_at"], name="customers_class_idx"),
            # Segments count a dealer's customers by id (EXISTS per rule), an index-only scan.
            models.Index(fields=["dealer", "id"], name="customers_dealer_id_idx"),
            # The care calendar: the day's birthdays are `birthday IN (one date per birth year)`.
            models.Index(
                fields=["birthday"], condition=Q(birthday__isnull=False), name="customers_birthday_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CustomerKind.values), name="customers_kind_known"),
            models.CheckConstraint(
                condition=Q(customer_class__in=CustomerClass.values), name="customers_class_known"
            ),
            models.CheckConstraint(condition=Q(data_quality__lte=100), name="customers_quality_range"),
            models.CheckConstraint(
                condition=Q(birthday_calendar__in=BirthdayCalendar.values), name="customers_birthday_calendar"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="customers_language_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPoint(DealerScopedModel):
    """A way to reach a customer. `value` is normalized (11-digit mobile, lower-case e-mail domain)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=120)
    tail4 = models.CharField(_("last four digits"), max_length=4, blank=True, editable=False)
    is_primary = models.BooleanField(_("primary"), default=False)
    verified = models.BooleanField(_("verified"), default=False)
    wrong_number = models.BooleanField(_("wrong number"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["-is_primary", "kind", "id"]
        indexes = [
            models.Index(fields=["dealer", "value"], name="customers_contact_value_idx"),
            models.Index(
                fields=["dealer", "tail4"], name="customers_contact_tail4_idx", condition=Q(kind="mobile")
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["customer", "kind", "value"], name="customers_contact_unique"),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_primary=True), name="customers_contact_one_primary"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ContactKind.values), name="customers_contact_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Address(TimeStampedModel):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AddressKind.choices, default=AddressKind.HOME)
    province = models.CharField(_("province"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    district = models.CharField(_("district"), max_length=30, blank=True)
    line = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)

    class Meta:
        indexes = [models.Index(fields=["city", "customer"], name="customers_address_city_idx")]  # segments
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return "".join(p for p in [self.province, self.city, self.district, self.line] if p)


class Consent(TimeStampedModel):
    """The customer's current yes / no for one channel; the history table keeps every change."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="consents", verbose_name=_("customer")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    granted = models.BooleanField(_("granted"))
    recorded_at = models.DateTimeField(_("recorded at"))
    source = models.CharField(_("source"), max_length=60, help_text=_("how the customer told us"))
    recorded_by = staff_ref(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        indexes = [  # segments: "SMS consent granted"
            models.Index(
                fields=["channel", "customer"],
                condition=Q(granted=True),
                name="customers_consent_granted_idx",
            )
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "channel"], name="customers_consent_unique"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="customers_consent_channel_known"
            ),
        ]


class Relationship(TimeStampedModel):
    """`customer` is related to `related` as `kind` (e.g. related is customer's spouse)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="relationships", verbose_name=_("customer")
    )
    related = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="related_to", verbose_name=_("related customer")
    )
    kind = models.CharField(_("relationship"), max_length=24, choices=RelationshipKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "related", "kind"], name="customers_relationship_unique"
            ),
            models.CheckConstraint(
                condition=~Q(customer=models.F("related")), name="customers_relationship_not_self"
            ),
        ]


class TimelineEntry(DealerScopedModel):
    """One line of the customer's story. Every app appends through customers.services.timeline_append."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("customer")
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    kind = models.CharField(_("kind"), max_length=40)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    actor = staff_ref(_("by"))
    ref_type = models.CharField(_("reference type"), max_length=40, blank=True)
    ref_id = models.BigIntegerField(_("reference id"), null=True, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["customer", "-occurred_at", "-id"], name="customers_timeline_idx")]
