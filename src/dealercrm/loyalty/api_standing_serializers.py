"""Serializers of the standing API: loyalty profiles (read-only), membership tiers, win-back calls."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
from dealercrm.loyalty.services.tiers import MAX_RANK, MAX_SPEND
from dealercrm.loyalty.services.winback import MAX_PER_REQUEST
from dealercrm.loyalty.standing_rules import reasons_display

MAX_ID = 2**63 - 1


class ChurnReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("overdue, visits_down, complaint_open, complaint_recent, ..."))
    points = serializers.IntegerField()
    value = serializers.JSONField(allow_null=True, help_text=_("A date, a count, a score or [last, before]."))
    label = serializers.CharField(help_text=_("The reason in the caller's language."))


class LoyaltyProfileSerializer(serializers.ModelSerializer):
    customer = serializers.IntegerField(source="customer_id", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    churn_reasons = serializers.SerializerMethodField()
    tier = serializers.IntegerField(source="tier_id", read_only=True, allow_null=True)
    tier_code = serializers.CharField(source="tier.code", read_only=True, allow_null=True)
    tier_name = serializers.CharField(source="tier.name", read_only=True, allow_null=True)
    tier_discount_percent = serializers.DecimalField(
        source="tier.discount_percent", max_digits=5, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = LoyaltyProfile
        fields = [
            "customer",
            "customer_name",
            "dealer",
            "category",
            "category_label",
            "services_due",
            "services_done",
            "churn_score",
            "churn_reasons",
            "at_risk_since",
            "tier",
            "tier_code",
            "tier_name",
            "tier_discount_percent",
            "tier_since",
            "points_balance",
            "computed_on",
        ]
        read_only_fields = fields

    @extend_schema_field(ChurnReasonSerializer(many=True))
    def get_churn_reasons(self, profile: LoyaltyProfile) -> list[dict]:
        return reasons_display(profile.churn_reasons)


class MembershipTierSerializer(serializers.ModelSerializer):
    dealer = serializers.IntegerField(
        source="dealer_id",
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_(
            "Only administrators (who belong to no dealer) name it, on create; others get their own."
        ),
    )
    rank = serializers.IntegerField(
        min_value=1, max_value=MAX_RANK, help_text=_("Higher ranks are better tiers.")
    )
    discount_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    min_spend = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), max_value=MAX_SPEND, required=False
    )
    min_category = serializers.ChoiceField(
        choices=[("", _("Any owner")), *LoyaltyCategory.choices], required=False, allow_blank=True
    )

    class Meta:
        model = MembershipTier
        fields = [
            "id",
            "dealer",
            "code",
            "name",
            "rank",
            "discount_percent",
            "min_spend",
            "min_category",
            "is_active",
        ]
        read_only_fields = ["id"]
        validators: list = []  # uniqueness per dealer is the service's, with a message per field
        extra_kwargs = {"code": {"validators": []}}


class WinBackSerializer(serializers.Serializer):
    customers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_PER_REQUEST,
        help_text=_("Customer ids; another dealer's are ignored."),
    )


class WinBackResultSerializer(serializers.Serializer):
    booked = serializers.IntegerField(help_text=_("Owners booked for a win-back call now."))
    already_booked = serializers.IntegerField(help_text=_("Owners who already had one this month."))
