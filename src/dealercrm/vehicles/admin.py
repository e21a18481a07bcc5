"""Admin: the model catalogue is kept here; vehicles are looked at and corrected, their changes go through
vehicles.services (so the VIN index, the timeline and the history stay right). Vehicles are registered from a
customer's page, the API or a DMS import; owners change through the transfer page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dealercrm.core.validators import normalize_plate, normalize_vin
from dealercrm.org.access import actor_for
from dealercrm.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleModel
from dealercrm.vehicles.services import VEHICLE_FIELDS, vehicle_update


@admin.register(VehicleModel)
class VehicleModelAdmin(admin.ModelAdmin):
    list_display = ["brand", "series", "trim", "model_year", "is_active", "created_at"]
    list_filter = ["is_active", "brand", "model_year"]
    search_fields = ["brand", "series", "trim"]
    ordering = ["brand", "series", "-model_year", "trim"]


class OwnershipInline(admin.TabularInline):
    model = Ownership
    fields = ["customer", "started_on", "ended_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-started_on", "-id"]
    verbose_name_plural = _("ownership history (changes through the transfer page)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OdometerReadingInline(admin.TabularInline):
    model = OdometerReading
    fields = ["read_on", "km", "source", "meter_replaced", "recorded_by", "created_at"]
    readonly_fields = fields
    extra = 0
    ordering = ["-read_on", "-id"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class VehicleAdminForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = ["vin", "plate", "model", "colour", "purchased_on", "first_visit_on", "first_visit_km"]

    def _get_validation_exclusions(self):
        # The dealer is read-only here but still part of the (dealer, VIN) and (dealer, plate) constraints.
        exclude = super()._get_validation_exclusions()
        exclude.discard("dealer")
        return exclude

    def clean_vin(self) -> str:
        return normalize_vin(self.cleaned_data["vin"])

    def clean_plate(self) -> str:
        plate = self.cleaned_data.get("plate", "")
        return normalize_plate(plate) if plate.strip() else ""


@admin.register(Vehicle)
class VehicleAdmin(SimpleHistoryAdmin):
    form = VehicleAdminForm
    list_display = ["__str__", "vin", "model", "dealer", "current_owner", "purchased_on", "updated_at"]
    list_filter = ["dealer", "model__brand", "model"]
    search_fields = ["vin", "plate", "vin_tail6", "current_owner__name"]
    list_select_related = ["dealer", "model", "current_owner"]
    readonly_fields = ["dealer", "current_owner", "created_at", "updated_at"]
    fields = [
        "dealer",
        "vin",
        "plate",
        "model",
        "colour",
        "purchased_on",
        "first_visit_on",
        "first_visit_km",
        "current_owner",
        "created_at",
        "updated_at",
    ]
    inlines = [OwnershipInline, OdometerReadingInline]
    show_full_result_count = False  # no COUNT(*) over every vehicle on each page

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Through the service, so the VIN tail index, uniqueness per dealer and the timeline stay right."""
        fields = {name: form.cleaned_data[name] for name in VEHICLE_FIELDS if name in form.changed_data}
        vehicle = Vehicle.objects.select_related("dealer", "current_owner").get(pk=obj.pk)
        try:
            vehicle_update(actor=actor_for(request.user), vehicle=vehicle, fields=fields)
        except ValidationError as exc:  # a clash the form could not see (another dealer row raced in)
            self.message_user(request, " ".join(exc.messages), level="error")
