from django import forms
from django.utils.translation import gettext_lazy as _

from dealercrm.core.forms import DateInput
from dealercrm.insurance.choices import LostReason, PolicyKind, RenewalStatus

STATUS_FILTERS = [("active", _("Open or quoted")), *RenewalStatus.choices, ("all", _("All"))]


class PipelineFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    due_from = forms.DateField(label=_("Policy ends from"), required=False, widget=DateInput())
    due_to = forms.DateField(label=_("to"), required=False, widget=DateInput())
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class RatePeriodForm(forms.Form):
    rate_from = forms.DateField(label=_("Renewal rate from"), required=False, widget=DateInput())
    rate_to = forms.DateField(label=_("to"), required=False, widget=DateInput())


class PolicyForm(forms.Form):
    vehicle = forms.TypedChoiceField(label=_("Vehicle"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=PolicyKind.choices)
    insurer = forms.CharField(label=_("Insurer"), max_length=60)
    policy_number = forms.CharField(label=_("Policy number"), max_length=40, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    premium = forms.DecimalField(label=_("Premium (yuan)"), min_value=0, max_digits=10, decimal_places=2)
    sold_here = forms.BooleanField(label=_("Sold by this dealer"), required=False)

    def __init__(self, *args, vehicles: list[tuple[int, str]] = (), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].choices = list(vehicles)
        if editing:
            del self.fields["vehicle"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The policy must end after it starts."))
        return data


class QuoteForm(forms.Form):
    premium = forms.DecimalField(
        label=_("Quoted premium (yuan)"), min_value=0, max_digits=10, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RenewForm(forms.Form):
    insurer = forms.CharField(label=_("Insurer"), max_length=60)
    policy_number = forms.CharField(label=_("New policy number"), max_length=40, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    premium = forms.DecimalField(label=_("Premium (yuan)"), min_value=0, max_digits=10, decimal_places=2)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The policy must end after it starts."))
        return data


class LoseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *LostReason.choices[1:]])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
