"""Admin: plans and workshops are reference data kept here too; orders and appointments are looked at here and
changed through the pages (the services keep the timeline, the odometer and the events right)."""

from django.contrib import admin

from dealercrm.service.models import (
    Appointment,
    CustomerSpend,
    RepairLine,
    RepairOrder,
    ServicePlan,
    Workshop,
)


@admin.register(ServicePlan)
class ServicePlanAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "first_service_km",
        "first_service_months",
        "every_km",
        "every_months",
        "warranty_years",
        "warranty_km",
        "typical_km_per_day",
    ]
    list_select_related = ["model"]
    autocomplete_fields = ["model"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["dealer", "am_capacity", "pm_capacity"]
    list_select_related = ["dealer"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["on", "half_day", "vehicle", "customer", "status", "dealer"]
    list_filter = ["status", "half_day", "dealer"]
    list_select_related = ["vehicle", "customer", "dealer"]
    date_hierarchy = "on"


class RepairLineInline(admin.TabularInline):
    model = RepairLine
    fields = ["kind", "description", "quantity", "unit_price", "amount", "payer", "approval"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(RepairOrder)
class RepairOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "opened_on", "vehicle", "customer", "service_type", "status", "total", "dealer"]
    list_filter = ["status", "service_type", "dealer"]
    list_select_related = ["vehicle", "customer", "dealer"]
    date_hierarchy = "opened_on"
    inlines = [RepairLineInline]


@admin.register(CustomerSpend)
class CustomerSpendAdmin(ReadOnlyAdmin):
    list_display = ["customer", "total", "orders", "last_order_on", "dealer"]
    list_select_related = ["customer", "dealer"]
