"""Forms of the after-sales pages: shapes only; the rules (capacity, approvals, the workshop's road) are in
service.services."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealercrm.core.forms import DateInput
from dealercrm.service.choices import Concern, HalfDay, LineKind, Payer, ServiceType
from dealercrm.service.services.orders import MAX_QUANTITY, MAX_UNIT_PRICE
from dealercrm.service.services.plans import MAX_CAPACITY, PLAN_LIMITS
from dealercrm.vehicles.services import MAX_KM


def _limited(label, name: str) -> forms.IntegerField:
    low, high = PLAN_LIMITS[name]
    return forms.IntegerField(label=label, min_value=low, max_value=high)


class PlanForm(forms.Form):
    first_service_km = _limited(_("First service at km"), "first_service_km")
    first_service_months = _limited(_("or after months"), "first_service_months")
    every_km = _limited(_("Then every km"), "every_km")
    every_months = _limited(_("or every months"), "every_months")
    warranty_years = _limited(_("Warranty years"), "warranty_years")
    warranty_km = _limited(_("Warranty km"), "warranty_km")
    typical_km_per_day = forms.DecimalField(
        label=_("Typical km per day"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=1,
        help_text=_("For vehicles with fewer than two usable readings. Empty: the fleet default."),
    )


class WorkshopForm(forms.Form):
    am_capacity = forms.IntegerField(label=_("Bays in the morning"), min_value=0, max_value=MAX_CAPACITY)
    pm_capacity = forms.IntegerField(label=_("Bays in the afternoon"), min_value=0, max_value=MAX_CAPACITY)


class ReadingForm(forms.Form):
    km = forms.IntegerField(label=_("Odometer (km)"), min_value=0, max_value=MAX_KM)
    read_on = forms.DateField(label=_("Read on"), widget=DateInput(), initial=timezone.localdate)
    meter_replaced = forms.BooleanField(
        label=_("Meter replaced"),
        required=False,
        help_text=_(
            "Tick only when the odometer was replaced: the reading may then be lower than the last one."
        ),
    )


class AppointmentForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    half_day = forms.ChoiceField(label=_("Half-day"), choices=HalfDay.choices, initial=HalfDay.AM)
    advisor = forms.ModelChoiceField(
        label=_("Service advisor"), queryset=None, required=False, empty_label=_("Whoever is free")
    )
    service_type = forms.ChoiceField(
        label=_("Service type"), choices=ServiceType.choices, initial=ServiceType.MAINTENANCE
    )
    concern = forms.CharField(
        label=_("Customer's concern"), max_length=300, required=False, widget=forms.TextInput()
    )

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class OrderOpenForm(forms.Form):
    km = forms.IntegerField(label=_("Odometer (km)"), min_value=0, max_value=MAX_KM)
    meter_replaced = forms.BooleanField(
        label=_("Meter replaced"),
        required=False,
        help_text=_(
            "Tick only when the odometer was replaced: the reading may then be lower than the last one."
        ),
    )
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    concern = forms.ChoiceField(label=_("Concern"), choices=Concern.choices, initial=Concern.ROUTINE)
    description = forms.CharField(
        label=_("Customer's description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    advisor = forms.ModelChoiceField(label=_("Service advisor"), queryset=None, required=False)
    comeback = forms.BooleanField(
        label=_("Back for the same concern as the last repair"),
        required=False,
        help_text=_("Flags the order as a re-repair when the last repair was handed over within 30 days."),
    )

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    description = forms.CharField(label=_("Work or part"), max_length=200)
    part_number = forms.CharField(label=_("Part number"), max_length=40, required=False)
    quantity = forms.DecimalField(
        label=_("Hours or quantity"), min_value=Decimal("0.01"), max_value=MAX_QUANTITY, decimal_places=2
    )
    unit_price = forms.DecimalField(
        label=_("Rate or unit price (¥)"), min_value=Decimal(0), max_value=MAX_UNIT_PRICE, decimal_places=2
    )
    payer = forms.ChoiceField(label=_("Paid by"), choices=Payer.choices, initial=Payer.CUSTOMER)


class DayForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)
