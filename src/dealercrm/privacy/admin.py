from django.contrib import admin

from dealercrm.privacy.models import PiiAccess


@admin.register(PiiAccess)
class PiiAccessAdmin(admin.ModelAdmin):
    """Read-only: the log of who unmasked which number, for audits."""

    list_display = ["accessed_at", "user", "dealer", "customer", "field", "reason"]
    list_filter = ["dealer", "field"]
    search_fields = ["user__username", "customer__name"]
    list_select_related = ["user", "dealer", "customer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
