"""Forms of the campaigns pages: the segment builder, a campaign, a club event and its small action forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dealercrm.campaigns.models import Campaign, ClubEvent
from dealercrm.campaigns.rules import RULE_KEYS, rules_clean
from dealercrm.core.forms import DateInput
from dealercrm.customers.choices import Channel, CustomerClass
from dealercrm.loyalty.choices import LoyaltyCategory

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _multi(label, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, help_text=help_text, widget=forms.CheckboxSelectMultiple
    )


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput)


def _score(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1})
    )


class SegmentForm(forms.Form):
    """The builder: one field per rule; `rules` holds the checked rules once valid."""

    name = forms.CharField(label=_("Segment name"), max_length=80)
    customer_class = forms.ChoiceField(label=_("Class"), required=False)
    tags = _multi(_("Tags (any of)"))
    tiers = _multi(_("Membership tiers"))
    loyalty = _multi(_("Loyalty"))
    churn_min = _score(_("Churn risk from"))
    churn_max = _score(_("Churn risk up to"))
    models = forms.MultipleChoiceField(
        label=_("Vehicle models"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    series = _multi(_("Series"))
    purchased_from = _date(_("Purchased from"))
    purchased_to = _date(_("Purchased until"))
    last_visit_after = _date(_("Last visit from"))
    last_visit_before = _date(_("Last visit until"))
    cities = forms.CharField(
        label=_("Cities"),
        required=False,
        max_length=400,
        help_text=_("Separate several cities with commas, e.g. 深圳, 东莞."),
    )
    consent = forms.ChoiceField(label=_("Consent granted for"), required=False)

    def __init__(self, *args, choices: dict, need_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["name"].required = need_name
        f["customer_class"].choices = [("", _("Any class")), *CustomerClass.choices]
        f["tags"].choices = choices["tags"]
        f["tiers"].choices = choices["tiers"]
        f["loyalty"].choices = LoyaltyCategory.choices
        f["models"].choices = [(str(pk), label) for pk, label in choices["models"]]
        f["series"].choices = [(s, s) for s in choices["series"]]
        f["consent"].choices = [("", _("Not required")), *Channel.choices]
        f["last_visit_before"].help_text = _("Customers with no visit on record are left out by visit rules.")
        if not choices["tags"]:
            f["tags"].help_text = _("This dealer has no tags yet.")
        if not choices["tiers"]:
            f["tiers"].help_text = _(
                "No membership tiers yet (the nightly loyalty job creates the defaults)."
            )
        self.rules: dict = {}

    def clean(self):
        data = super().clean()
        raw = {key: data.get(key) for key in RULE_KEYS if data.get(key) not in (None, "", [])}
        try:
            self.rules = rules_clean(raw)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, errors)
        return data

    @staticmethod
    def initial_from(name: str, rules: dict) -> dict:
        initial = {"name": name, **rules}
        if isinstance(initial.get("cities"), list):
            initial["cities"] = ", ".join(initial["cities"])
        if isinstance(initial.get("customer_class"), list):
            initial["customer_class"] = initial["customer_class"][0]
        if "models" in initial:
            initial["models"] = [str(pk) for pk in initial["models"]]
        return initial


class CampaignForm(forms.ModelForm):
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput,
        help_text=_("Leave empty to keep a draft and send it with “Send now”."),
    )
    response_days = forms.IntegerField(
        label=_("Days counted for results"),
        min_value=1,
        max_value=90,
        initial=7,
        help_text=_("A reply, appointment or visit within this many days after the message counts."),
    )

    class Meta:
        model = Campaign
        fields = ["name", "segment", "template", "scheduled_at", "response_days"]

    def __init__(self, *args, segments, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = lambda t: f"{t.name} · {t.get_channel_display()}"
        self.fields["segment"].empty_label = self.fields["template"].empty_label = _("— choose —")

    def _post_clean(self):  # the service validates and saves; the form only converts the input
        pass


class ClubEventForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), input_formats=DATETIME_FORMATS, widget=DateTimeInput
    )

    class Meta:
        model = ClubEvent
        fields = ["title", "starts_at", "place", "capacity", "status", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class InviteForm(forms.Form):
    segment = forms.ModelChoiceField(label=_("Segment to invite"), queryset=None, empty_label=_("— choose —"))
    template = forms.ModelChoiceField(label=_("Invitation message"), queryset=None, empty_label=None)

    def __init__(self, *args, segments, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments
        self.fields["template"].queryset = templates


class RegisterForm(forms.Form):
    customer = forms.IntegerField(
        label=_("Customer number"),
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("As on the customer page."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
