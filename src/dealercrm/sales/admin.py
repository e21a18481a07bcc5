"""Admin: the dealers' sales settings, fixed owners and demo fleets are kept here; leads, test drives and orders
are looked at (with their history) but change only through the sales pages and API, so the cadence, the timeline
and the follow-up events stay right."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dealercrm.sales.models import (
    Activity,
    Delivery,
    DemoVehicle,
    Lead,
    Order,
    SalesSettings,
    SourceOwner,
    TestDrive,
)


@admin.register(SalesSettings)
class SalesSettingsAdmin(admin.ModelAdmin):
    list_display = ["dealer", "interval_h", "interval_a", "interval_b", "interval_c", "oem_response_hours",
                    "discount_threshold_percent", "assignment_mode"]  # fmt: skip


@admin.register(SourceOwner)
class SourceOwnerAdmin(admin.ModelAdmin):
    list_display = ["dealer", "source", "owner"]
    list_filter = ["dealer", "source"]


@admin.register(DemoVehicle)
class DemoVehicleAdmin(admin.ModelAdmin):
    list_display = ["plate", "model", "colour", "dealer", "is_active"]
    list_filter = ["dealer", "is_active"]
    search_fields = ["plate"]


class ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActivityInline(ReadOnly, admin.TabularInline):
    model = Activity
    fields = ["occurred_at", "kind", "notes", "next_step", "grade", "actor"]
    readonly_fields = fields
    extra = 0


@admin.register(Lead)
class LeadAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = [
        "id",
        "customer",
        "dealer",
        "source",
        "grade",
        "status",
        "stage",
        "owner",
        "next_follow_up_on",
    ]
    list_filter = ["dealer", "status", "grade", "stage", "source"]
    search_fields = ["customer__name", "external_ref"]
    list_select_related = ["customer", "dealer", "owner"]
    raw_id_fields = ["customer", "influencers"]
    inlines = [ActivityInline]


@admin.register(TestDrive)
class TestDriveAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "demo_vehicle", "starts_at", "ends_at", "status", "score_overall"]
    list_filter = ["dealer", "status"]
    list_select_related = ["demo_vehicle__model"]
    exclude = ["licence_number"]


@admin.register(Order)
class OrderAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = [
        "id",
        "customer",
        "dealer",
        "model",
        "price",
        "discount",
        "status",
        "discount_approval",
        "signed_on",
    ]
    list_filter = ["dealer", "status", "discount_approval", "payment"]
    list_select_related = ["customer", "dealer", "model"]
    search_fields = ["customer__name", "allocated_vin"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "order", "delivered_on", "vehicle", "override_by"]
    list_filter = ["dealer"]
