"""Forms of the sales pages. Field checks are for the page; the services check everything again."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealercrm.core.forms import DateInput
from dealercrm.customers.choices import Gender
from dealercrm.sales.choices import (
    ActivityKind,
    Grade,
    LeadSource,
    LeadStatus,
    LostReason,
    PaymentMethod,
    Stage,
)
from dealercrm.sales.models import CHECKLIST, Lead, Order, SalesSettings
from dealercrm.sales.models.drives import SCORE_FIELDS, TestDrive
from dealercrm.sales.services.drives import DURATIONS
from dealercrm.vehicles.models import VehicleModel

MAX_BUDGET = 100_000_000


def _field(model, name: str, **overrides) -> forms.Field:
    return model._meta.get_field(name).formfield(**overrides)


def _models():
    return VehicleModel.objects.filter(is_active=True)


class LeadInterestForm(forms.Form):
    """What the prospect wants, and the grade: shared by the new-lead and the edit page."""

    model = forms.ModelChoiceField(label=_("Model of interest"), queryset=_models(), required=False)
    trim = _field(Lead, "trim")
    colour = _field(Lead, "colour")
    budget_min = forms.IntegerField(
        label=_("Budget from (CNY)"), min_value=0, max_value=MAX_BUDGET, required=False
    )
    budget_max = forms.IntegerField(
        label=_("Budget up to (CNY)"), min_value=0, max_value=MAX_BUDGET, required=False
    )
    purpose = _field(Lead, "purpose")
    concerns = _field(Lead, "concerns", widget=forms.Textarea(attrs={"rows": 2}))
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, initial=Grade.B)
    trade_in_vehicle = _field(Lead, "trade_in_vehicle")
    trade_in_km = forms.IntegerField(label=_("Trade-in km"), min_value=0, max_value=2_000_000, required=False)
    trade_in_condition = _field(Lead, "trade_in_condition")
    trade_in_offer = forms.DecimalField(
        label=_("Trade-in offer (CNY)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    INTEREST_FIELDS = (
        "model",
        "trim",
        "colour",
        "budget_min",
        "budget_max",
        "purpose",
        "concerns",
        "grade",
        "trade_in_vehicle",
        "trade_in_km",
        "trade_in_condition",
        "trade_in_offer",
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("The upper end of the budget is below the lower end."))
        return data

    def lead_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.INTEREST_FIELDS if name in self.cleaned_data}


class LeadForm(LeadInterestForm):
    """A new lead: an existing customer picked from the search, or a new prospect's name and mobile."""

    customer = forms.TypedChoiceField(
        label=_("Existing customer"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label=_("Prospect's name"), max_length=100, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=30, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=LeadSource.choices)
    external_ref = _field(Lead, "external_ref")
    contacted = forms.BooleanField(
        label=_("I am talking with the prospect now"),
        required=False,
        initial=True,
        help_text=_("Counts as the first contact (a walk-in, a call)."),
    )
    owner = forms.TypedChoiceField(label=_("Sales consultant"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, candidates=(), consultants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].choices = [("", _("— a new prospect —")), *candidates]
        if consultants is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = [("", _("— by the assignment rules —")), *consultants]

    def clean(self):
        data = super().clean()
        if not data.get("customer"):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Enter the prospect's name, or pick an existing customer."))
            if not (data.get("mobile") or "").strip():
                self.add_error(
                    "mobile", _("Enter the prospect's mobile number, or pick an existing customer.")
                )
        return data

    def new_customer(self) -> dict:
        return {k: self.cleaned_data.get(k) or "" for k in ("name", "mobile", "gender")}

    def lead_fields(self) -> dict:
        return {
            **super().lead_fields(),
            "source": self.cleaned_data["source"],
            "external_ref": self.cleaned_data["external_ref"],
        }


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial=ActivityKind.CALL)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    grade = forms.ChoiceField(
        label=_("Grade after this contact"), choices=[("", _("unchanged")), *Grade.choices], required=False
    )
    next_follow_up_on = forms.DateField(
        label=_("Next follow-up"),
        widget=DateInput,
        required=False,
        help_text=_("Blank: by the grade's interval."),
    )


class LostRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why was the lead lost?"), choices=LostReason.choices)
    competitor = forms.CharField(
        label=_("Competitor bought (brand and model)"), max_length=80, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class AssignForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Sales consultant"), coerce=int)

    def __init__(self, *args, consultants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = list(consultants)


class PickCustomerForm(forms.Form):
    q = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    related = forms.TypedChoiceField(label=_("Customer"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related"].choices = list(candidates)


def _slot_choices() -> list[tuple[str, str]]:
    times = [time(h, m) for h in range(8, 21) for m in (0, 30)]
    return [(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in times]


class TestDriveForm(forms.Form):
    demo_vehicle = forms.ModelChoiceField(label=_("Demo car"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    start = forms.ChoiceField(label=_("Start"), choices=_slot_choices())
    minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        choices=[(m, _("%(m)d minutes") % {"m": m}) for m in DURATIONS],
        initial=30,
    )
    licence_number = forms.CharField(label=_("Driving licence number"), max_length=30)
    licence_expires_on = forms.DateField(label=_("Driving licence valid until"), widget=DateInput)
    route = _field(TestDrive, "route")

    def __init__(self, *args, fleet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demo_vehicle"].queryset = fleet

    def starts_at(self) -> datetime:
        hour, minute = (int(p) for p in self.cleaned_data["start"].split(":"))
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], time(hour, minute)))


class FeedbackForm(forms.Form):
    feedback_notes = forms.CharField(
        label=_("What did the prospect say?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = [("", "—"), *[(n, str(n)) for n in range(1, 6)]]
        for name in SCORE_FIELDS:
            label = TestDrive._meta.get_field(name).verbose_name
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=scores, coerce=int, empty_value=None, required=name == "score_overall"
            )
        self.order_fields([*SCORE_FIELDS, "feedback_notes"])

    def scores(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SCORE_FIELDS}


class OrderForm(forms.Form):
    model = forms.ModelChoiceField(label=_("Model"), queryset=_models())
    trim = _field(Order, "trim")
    colour = _field(Order, "colour")
    price = forms.DecimalField(label=_("Price (CNY)"), min_value=1, max_digits=10, decimal_places=2)
    discount = forms.DecimalField(
        label=_("Discount (CNY)"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )
    deposit = forms.DecimalField(
        label=_("Deposit (CNY)"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )
    payment = forms.ChoiceField(label=_("Payment"), choices=PaymentMethod.choices)
    insurance_company = _field(Order, "insurance_company")
    insurance_premium = forms.DecimalField(
        label=_("Proposed premium (CNY)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )


class AllocateForm(forms.Form):
    vin = forms.CharField(label=_("VIN of the allocated car"), max_length=40)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DiscountForm(forms.Form):
    discount = forms.DecimalField(label=_("New discount (CNY)"), min_value=0, max_digits=10, decimal_places=2)


class ChecklistForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CHECKLIST:
            self.fields[name] = forms.BooleanField(label=label, required=False)


class DeliverForm(forms.Form):
    vin = forms.CharField(label=_("VIN"), max_length=40)
    plate = forms.CharField(label=_("Plate"), max_length=20, required=False)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput)
    override_reason = forms.CharField(
        label=_("Manager override: why deliver with the checklist incomplete"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = SalesSettings
        fields = [
            "interval_h",
            "interval_a",
            "interval_b",
            "interval_c",
            "oem_response_hours",
            "discount_threshold_percent",
            "assignment_mode",
        ]


class SourceOwnerForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=LeadSource.choices)
    owner = forms.TypedChoiceField(label=_("Fixed owner"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, consultants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("— none (round-robin) —")), *consultants]


class DemoVehicleForm(forms.Form):
    model = forms.ModelChoiceField(label=_("Model"), queryset=_models())
    plate = forms.CharField(label=_("Plate"), max_length=20)
    colour = forms.CharField(label=_("Colour"), max_length=30, required=False)


class LeadFilterForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", _("all")), *Grade.choices], required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("all")), *Stage.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *LeadStatus.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("all")), *LeadSource.choices], required=False
    )
    due = forms.ChoiceField(
        label=_("Follow-up"),
        required=False,
        choices=[
            ("", _("any")),
            ("today", _("due today or overdue")),
            ("overdue", _("overdue")),
            ("unassigned", _("unassigned")),
        ],
    )
    owner = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31)
    dealer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31)


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=DateInput)
    until = forms.DateField(label=_("Until"), widget=DateInput)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and (until < since or until - since > timedelta(days=370)):
            raise ValidationError(_("Choose a period of at most a year, the end after the start."))
        return data
