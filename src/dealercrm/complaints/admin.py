from django.contrib import admin

from dealercrm.complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintPolicy,
    ImprovementAction,
    SolutionOption,
)


@admin.register(ComplaintPolicy)
class ComplaintPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "group",
        "general_days",
        "major_days",
        "urgent_days",
        "first_response_days",
        "urgent_first_response_hours",
        "compensation_threshold",
    ]


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "step", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OptionInline(admin.TabularInline):
    model = SolutionOption
    extra = 0
    can_delete = False
    readonly_fields = [
        "description",
        "compensation_kind",
        "compensation_amount",
        "chosen",
        "approval",
        "decided_by",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints change through their steps on the complaint page, never here."""

    list_display = [
        "id",
        "dealer",
        "customer",
        "title",
        "severity",
        "step",
        "resolution_due",
        "handling_level",
    ]
    list_filter = ["dealer", "step", "severity", "complaint_type"]
    search_fields = ["title", "customer__name"]
    list_select_related = ["dealer", "customer"]
    inlines = [OptionInline, EventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["title", "dealer", "owner", "due_on", "status"]
    list_filter = ["dealer", "status"]
    raw_id_fields = ["complaints"]
