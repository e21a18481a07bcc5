"""Admin: read-mostly views of the loyalty tables. Standing, tier history and the points ledger are written by
the services and the nightly jobs only; tiers and policies are edited on the app's own pages (which validate)."""

from django.contrib import admin

from dealercrm.loyalty.models import (
    LoyaltyProfile,
    MembershipTier,
    PointsEntry,
    PointsPolicy,
    StandingPolicy,
    TierChange,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MembershipTier)
class MembershipTierAdmin(ReadOnlyAdmin):
    list_display = [
        "dealer",
        "rank",
        "code",
        "name",
        "discount_percent",
        "min_spend",
        "min_category",
        "is_active",
    ]
    list_filter = ["dealer", "is_active"]


@admin.register(LoyaltyProfile)
class LoyaltyProfileAdmin(ReadOnlyAdmin):
    list_display = [
        "customer",
        "dealer",
        "category",
        "services_due",
        "services_done",
        "churn_score",
        "tier",
        "points_balance",
        "computed_on",
    ]
    list_filter = ["dealer", "category"]
    list_select_related = ["customer", "dealer", "tier"]
    raw_id_fields = ["customer", "tier"]
    search_fields = ["=customer__id"]
    show_full_result_count = False  # a million owners: no COUNT(*) on every page


@admin.register(TierChange)
class TierChangeAdmin(ReadOnlyAdmin):
    list_display = ["customer", "dealer", "from_tier", "to_tier", "changed_on", "reason"]
    list_filter = ["dealer"]
    list_select_related = ["customer", "dealer", "from_tier", "to_tier"]
    raw_id_fields = ["customer"]
    show_full_result_count = False


@admin.register(StandingPolicy)
class StandingPolicyAdmin(ReadOnlyAdmin):
    list_display = ["dealer", "winback_threshold", "winback_calls"]


@admin.register(PointsPolicy)
class PointsPolicyAdmin(ReadOnlyAdmin):
    list_display = ["dealer", "points_per_yuan", "yuan_per_point", "expiry_months", "max_redeem_percent"]


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "customer",
        "dealer",
        "kind",
        "points",
        "remaining",
        "occurred_on",
        "expires_on",
        "source_key",
    ]
    list_filter = ["dealer", "kind"]
    list_select_related = ["customer", "dealer"]
    raw_id_fields = ["customer", "actor"]
    search_fields = ["=customer__id", "source_key"]
    show_full_result_count = False
