from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dealercrm.org.models import Dealer, DealerGroup, StaffProfile, StaffRole


@admin.register(DealerGroup)
class DealerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Dealer)
class DealerAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "city", "group", "is_active"]
    list_filter = ["group", "is_active", "city"]
    search_fields = ["code", "name", "city"]


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "display_name", "dealer", "on_duty"]
    list_filter = ["dealer", "on_duty", "roles__role"]
    search_fields = ["user__username", "display_name"]
    list_select_related = ["user", "dealer"]
    inlines = [StaffRoleInline]
