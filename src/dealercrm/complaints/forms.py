"""Forms for the complaint pages: intake, one small form per step, filters, improvement actions."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dealercrm.complaints.choices import ActionStatus, CompensationKind, ComplaintType, RootCause, Severity
from dealercrm.complaints.models import Complaint, ImprovementAction
from dealercrm.core.forms import DateInput
from dealercrm.core.validators import normalize_mobile


def _model_field(model, name: str, **overrides) -> forms.Field:
    return model._meta.get_field(name).formfield(**overrides)


def _note(label=None, required=False) -> forms.CharField:
    return forms.CharField(
        label=label or _("Note"), required=required, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntakeForm(forms.Form):
    """Receive a complaint. Without a picked customer, new_name / new_mobile create one on the spot."""

    new_name = forms.CharField(label=_("Name of the new customer"), max_length=100, required=False)
    new_mobile = forms.CharField(label=_("Mobile of the new customer"), max_length=30, required=False)
    vehicle = forms.TypedChoiceField(label=_("Vehicle"), coerce=int, required=False, empty_value=None)
    channel = _model_field(Complaint, "channel")
    complaint_type = _model_field(Complaint, "complaint_type")
    severity = _model_field(Complaint, "severity")
    public_incident = _model_field(Complaint, "public_incident")
    title = _model_field(Complaint, "title")
    description = _model_field(Complaint, "description", widget=forms.Textarea(attrs={"rows": 4}))
    occurred_on = _model_field(Complaint, "occurred_on", widget=DateInput)
    location = _model_field(Complaint, "location")
    staff_involved = _model_field(Complaint, "staff_involved")

    def __init__(self, *args, customer=None, vehicles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["vehicle"].choices = [("", _("— none —")), *vehicles]
        if customer is not None:
            del self.fields["new_name"]
            del self.fields["new_mobile"]
        else:
            del self.fields["vehicle"]
            self.fields["new_name"].required = True

    def clean_new_mobile(self) -> str:
        value = (self.cleaned_data.get("new_mobile") or "").strip()
        return normalize_mobile(value) if value else ""

    def service_fields(self) -> dict:
        names = (
            "channel",
            "complaint_type",
            "severity",
            "public_incident",
            "title",
            "description",
            "occurred_on",
            "location",
            "staff_involved",
        )
        return {name: self.cleaned_data.get(name) for name in names}

    def new_customer(self) -> dict | None:
        if self.customer is not None:
            return None
        return {"name": self.cleaned_data["new_name"], "mobile": self.cleaned_data.get("new_mobile", "")}


class ComplaintFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("Open")), ("closed", _("Archived")), ("all", _("All"))],
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices]
    )
    complaint_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *ComplaintType.choices]
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


# --- one form per step ----------------------------------------------------------------------------------------


class ClassifyForm(forms.Form):
    complaint_type = _model_field(Complaint, "complaint_type")
    severity = _model_field(Complaint, "severity")
    public_incident = _model_field(Complaint, "public_incident")
    note = _note()


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Handler"), coerce=int)
    note = _note()

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = list(handlers)


class InvestigateForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    root_cause = forms.ChoiceField(label=_("Root cause"), choices=[("", "—"), *RootCause.choices])
    note = _note()


OPTION_COUNT = 3


class ProposeForm(forms.Form):
    """Up to three options offered to the customer, each with an optional compensation."""

    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, OPTION_COUNT + 1):
            self.fields[f"option_{n}"] = forms.CharField(
                label=_("Option %(n)s") % {"n": n}, max_length=300, required=n == 1
            )
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("Compensation"), choices=CompensationKind.choices, required=False
            )
            self.fields[f"amount_{n}"] = forms.DecimalField(
                label=_("Amount (yuan)"), min_value=0, max_digits=10, decimal_places=2, required=False
            )

    def option_rows(self) -> list[tuple]:
        return [
            (self[f"option_{n}"], self[f"kind_{n}"], self[f"amount_{n}"]) for n in range(1, OPTION_COUNT + 1)
        ]

    def options(self) -> list:
        from dealercrm.complaints.services import OptionInput

        data = self.cleaned_data
        return [
            OptionInput(data[f"option_{n}"], data.get(f"kind_{n}") or "", data.get(f"amount_{n}") or 0)
            for n in range(1, OPTION_COUNT + 1)
            if data.get(f"option_{n}")
        ]


class ChooseForm(forms.Form):
    option = forms.TypedChoiceField(
        label=_("Option the customer accepts"), coerce=int, widget=forms.RadioSelect
    )
    note = _note()

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = list(options)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = _note()


class ImplementForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    note = _note()


class AttemptForm(forms.Form):
    note = _note(_("How you tried to reach the customer"), required=True)


class FeedbackForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Customer reached"),
        choices=[("yes", _("Yes, the customer gave feedback")), ("no", _("No, not reachable"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(n, str(n)) for n in range(5, 0, -1)]],
    )
    feedback = forms.CharField(
        label=_("What the customer said"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = _note()


class NoteForm(forms.Form):
    note = _note()


# --- improvement actions ----------------------------------------------------------------------------------------

_IDS = re.compile(r"[\s,，、;#]+")  # noqa: RUF001 (full-width on purpose)


def parse_ids(text: str) -> list[int]:
    ids: list[int] = []
    for part in _IDS.split(text or ""):
        if not part:
            continue
        if not part.isdigit() or len(part) > 9:
            raise ValidationError(_("Enter complaint numbers separated by commas, e.g. 12, 15."))
        if int(part) not in ids:
            ids.append(int(part))
    return ids


class ImprovementActionForm(forms.Form):
    title = _model_field(ImprovementAction, "title")
    description = _model_field(ImprovementAction, "description", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN)
    complaints = forms.CharField(
        label=_("Complaints it answers"),
        required=False,
        help_text=_("Complaint numbers, separated by commas."),
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *owners]

    def clean_complaints(self) -> list[int]:
        return parse_ids(self.cleaned_data.get("complaints", ""))


class AnalysisFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput)
    dealer = forms.TypedChoiceField(label=_("Dealer"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, dealers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dealers is None:
            del self.fields["dealer"]
        else:
            self.fields["dealer"].choices = [("", _("All dealers")), *dealers]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("date_to", _("The end comes before the start."))
        return data
