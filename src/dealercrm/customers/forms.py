"""Forms for the customer pages.

Field-level clean_* methods run the core normalizers so a bad mobile or ID number is reported inline (and by
htmx while typing); the services check everything again and their errors land on the same fields.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealercrm.core.forms import DateInput
from dealercrm.core.validators import (
    normalize_email,
    normalize_landline,
    normalize_mobile,
    normalize_resident_id,
    normalize_wechat,
)
from dealercrm.customers.choices import (
    BirthdayCalendar,
    Channel,
    ContactKind,
    CustomerClass,
    Language,
    RelationshipKind,
)
from dealercrm.customers.models import Address, Consent, Customer, Tag
from dealercrm.customers.services import CUSTOMER_FIELDS, ContactInput, contact_normalize
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer

# Tags are typed as one line: commas (ASCII or Chinese) or the enumeration comma separate them.
_TAG_SEPARATORS = re.compile(r"[,，、;；]+")  # noqa: RUF001 (full-width on purpose)
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


def split_tags(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for name in _TAG_SEPARATORS.split(text or ""):
        if name.strip():
            seen.setdefault(name.strip(), None)
    return list(seen)


def _model_field(model, name: str, **overrides) -> forms.Field:
    """The form field Django derives from the model field (label, choices, max length), adjusted."""
    return model._meta.get_field(name).formfield(**overrides)


class CustomerFieldsForm(forms.Form):
    """The customer's own fields, as customer_update takes them."""

    kind = _model_field(Customer, "kind")
    name = _model_field(Customer, "name")
    gender = _model_field(Customer, "gender")
    birthday = _model_field(Customer, "birthday", widget=DateInput)
    birthday_calendar = _model_field(Customer, "birthday_calendar", required=False)
    language = _model_field(Customer, "language", required=False)
    # Longer than the stored 18 characters: people paste numbers with spaces, the normalizer folds them.
    id_number = forms.CharField(label=_("Resident ID number"), max_length=30, required=False)
    occupation = _model_field(Customer, "occupation")
    customer_class = _model_field(Customer, "customer_class")
    source = _model_field(Customer, "source")
    note = _model_field(Customer, "note", widget=forms.Textarea(attrs={"rows": 3}))

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise ValidationError(_("Enter the customer's name."))
        return name

    def clean_id_number(self) -> str:
        value = (self.cleaned_data.get("id_number") or "").strip()
        return normalize_resident_id(value) if value else ""

    def clean_birthday_calendar(self) -> str:
        return self.cleaned_data.get("birthday_calendar") or BirthdayCalendar.SOLAR

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or Language.ZH_HANS

    def clean_birthday(self):
        birthday = self.cleaned_data.get("birthday")
        if birthday and birthday > timezone.localdate():
            raise ValidationError(_("The birthday cannot be in the future."))
        return birthday

    def customer_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CUSTOMER_FIELDS if name in self.cleaned_data}


class CustomerEditForm(CustomerFieldsForm):
    """Editing: a role that may not see the full ID number gets it masked; sending the mask back keeps it."""

    def __init__(self, *args, customer: Customer, id_number_shown: str, **kwargs):
        self._stored_id_number = customer.id_number
        self._shown_id_number = id_number_shown
        kwargs.setdefault(
            "initial", {**{n: getattr(customer, n) for n in CUSTOMER_FIELDS}, "id_number": id_number_shown}
        )
        super().__init__(*args, **kwargs)

    def clean_id_number(self) -> str:
        value = (self.cleaned_data.get("id_number") or "").strip()
        if self._shown_id_number and value == self._shown_id_number:
            return self._stored_id_number
        return super().clean_id_number()


class CustomerForm(CustomerFieldsForm):
    """A new customer: own fields, one contact of each kind (the mobile is primary) and tags."""

    mobile = forms.CharField(label=_("Mobile"), max_length=30, required=False)
    landline = forms.CharField(label=_("Landline"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=120, required=False)
    wechat = forms.CharField(label=_("WeChat ID"), max_length=40, required=False)
    tags = forms.CharField(
        label=_("Tags"), max_length=400, required=False, help_text=_("Separate tags with commas.")
    )

    CONTACT_FIELDS = {
        "mobile": normalize_mobile,
        "landline": normalize_landline,
        "email": normalize_email,
        "wechat": normalize_wechat,
    }

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        if actor.dealer_id is None:
            # Group-wide staff belong to no dealer: they say which dealer the customer is with.
            queryset = Dealer.objects.filter(is_active=True) if actor.is_group_wide else Dealer.objects.none()
            self.fields = {
                "dealer": forms.ModelChoiceField(queryset=queryset, label=_("Dealer")),
                **self.fields,
            }

    def _clean_contact(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        return self.CONTACT_FIELDS[name](value) if value else ""

    def clean_mobile(self) -> str:
        return self._clean_contact("mobile")

    def clean_landline(self) -> str:
        return self._clean_contact("landline")

    def clean_email(self) -> str:
        return self._clean_contact("email")

    def clean_wechat(self) -> str:
        return self._clean_contact("wechat")

    def clean_tags(self) -> list[str]:
        names = split_tags(self.cleaned_data.get("tags", ""))
        _check_tag_lengths(names)
        return names

    def contact_inputs(self) -> list[ContactInput]:
        return [
            ContactInput(kind, self.cleaned_data[kind], is_primary=(kind == ContactKind.MOBILE))
            for kind in ("mobile", "landline", "email", "wechat")
            if self.cleaned_data.get(kind)
        ]


def _check_tag_lengths(names: list[str]) -> None:
    too_long = [n for n in names if len(n) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            _("A tag has at most %(max)d characters: %(tag)s"),
            params={"max": TAG_MAX_LENGTH, "tag": too_long[0]},
        )


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    value = forms.CharField(label=_("Value"), max_length=120)
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind and value:
            try:
                cleaned["value"] = contact_normalize(kind, value)
            except ValidationError as exc:
                self.add_error("value", exc)
        return cleaned


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    granted = forms.TypedChoiceField(
        label=_("The customer"),
        coerce=lambda v: v == "yes",
        # No default answer: whoever records consent picks what the customer said.
        choices=[
            ("", "---------"),
            ("yes", _("agrees to be contacted")),
            ("no", _("does not agree, or withdraws")),
        ],
    )
    source = _model_field(Consent, "source")


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        max_length=400,
        required=False,
        help_text=_("Separate tags with commas. Leave empty to remove every tag."),
    )

    def clean_tags(self) -> list[str]:
        names = split_tags(self.cleaned_data.get("tags", ""))
        _check_tag_lengths(names)
        return names


class RelationshipForm(forms.Form):
    """`related` offers the customers the search found (the page's `q`), never the whole customer base."""

    q = forms.CharField(widget=forms.HiddenInput, required=False)
    related = forms.TypedChoiceField(label=_("Related customer"), coerce=int, choices=[])
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, candidates: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related"].choices = candidates


class AddressForm(forms.Form):
    kind = _model_field(Address, "kind")
    province = _model_field(Address, "province")
    city = _model_field(Address, "city")
    district = _model_field(Address, "district")
    line = _model_field(Address, "line")
    postcode = _model_field(Address, "postcode")

    def clean_postcode(self) -> str:
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if postcode and not (len(postcode) == 6 and postcode.isdigit()):
            raise ValidationError(_("A postcode has six digits."))
        return postcode


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class CustomerFilterForm(forms.Form):
    customer_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All classes")), *CustomerClass.choices]
    )
    tag = forms.CharField(label=_("Tag"), max_length=TAG_MAX_LENGTH, required=False)
