"""Forms for the vehicle pages. They check shapes (a VIN's check digit, a plate's format); the rules that need
the database (duplicates, readings in order, ownership dates) live in vehicles.services."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealercrm.core.forms import DateInput
from dealercrm.core.validators import normalize_plate, normalize_vin
from dealercrm.customers.models import Customer
from dealercrm.org.models import Dealer
from dealercrm.vehicles.choices import OdometerSource
from dealercrm.vehicles.models import Vehicle, VehicleModel
from dealercrm.vehicles.services import MAX_KM


class VehicleForm(forms.Form):
    vin = forms.CharField(
        label=_("VIN"),
        max_length=40,
        help_text=_("17 characters, as on the registration certificate."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    plate = forms.CharField(
        label=_("Plate"),
        max_length=20,
        required=False,
        help_text=_("Leave empty until the vehicle is registered."),
    )
    model = forms.ModelChoiceField(
        label=_("Model"), queryset=VehicleModel.objects.none(), empty_label=_("Choose a model")
    )
    colour = forms.CharField(label=_("Colour"), max_length=30, required=False)
    purchased_on = forms.DateField(label=_("Purchase date"), required=False, widget=DateInput())
    first_visit_on = forms.DateField(label=_("First visit date"), required=False, widget=DateInput())
    first_visit_km = forms.IntegerField(
        label=_("First visit km"), required=False, min_value=0, max_value=MAX_KM
    )

    def __init__(
        self, *args, vehicle: Vehicle | None = None, dealers: QuerySet[Dealer] | None = None, **kwargs
    ):
        if vehicle is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "vin": vehicle.vin,
                "plate": vehicle.plate,
                "model": vehicle.model_id,
                "colour": vehicle.colour,
                "purchased_on": vehicle.purchased_on,
                "first_visit_on": vehicle.first_visit_on,
                "first_visit_km": vehicle.first_visit_km,
            }
        super().__init__(*args, **kwargs)
        models = Q(is_active=True)
        if vehicle is not None:
            models |= Q(pk=vehicle.model_id)  # a model no longer on sale stays valid for cars that have it
        self.fields["model"].queryset = VehicleModel.objects.filter(models)
        if dealers is not None:
            # Group-wide staff register a car without an owner: they say at which dealer.
            self.fields["dealer"] = forms.ModelChoiceField(label=_("Dealer"), queryset=dealers)
            self.order_fields(["dealer"])

    def clean_vin(self) -> str:
        return normalize_vin(self.cleaned_data["vin"])

    def clean_plate(self) -> str:
        plate = self.cleaned_data.get("plate", "")
        return normalize_plate(plate) if plate.strip() else ""

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "dealer"}


class ReadingForm(forms.Form):
    km = forms.IntegerField(label=_("Odometer (km)"), min_value=0, max_value=MAX_KM)
    read_on = forms.DateField(label=_("Read on"), widget=DateInput(), initial=timezone.localdate)
    source = forms.ChoiceField(
        label=_("Source"), choices=OdometerSource.choices, initial=OdometerSource.MANUAL
    )
    meter_replaced = forms.BooleanField(
        label=_("Meter replaced"),
        required=False,
        help_text=_(
            "Tick only when the odometer was replaced: the reading may then be lower than the last one."
        ),
    )


class TransferForm(forms.Form):
    """The new owner is picked by id among the search results: a customer of the vehicle's dealer."""

    new_owner = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=Customer.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Search for the new owner and pick one."),
            "invalid_choice": _("Pick a customer of this dealer from the search results."),
        },
    )
    on = forms.DateField(label=_("Transfer date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, customers: QuerySet[Customer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_owner"].queryset = customers


class VehicleFilterForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Model"), queryset=VehicleModel.objects.all(), required=False, empty_label=_("All models")
    )
