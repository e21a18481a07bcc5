"""Serializers of the points API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dealercrm.loyalty.models import PointsEntry, PointsPolicy
from dealercrm.loyalty.points_choices import RedeemReason
from dealercrm.loyalty.services.points_ledger import MAX_POINTS
from dealercrm.loyalty.services.points_policy import (
    MAX_EXPIRY_MONTHS,
    MAX_POINTS_PER_YUAN,
    MAX_YUAN_PER_POINT,
)

MAX_ID = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class PointsEntrySerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = PointsEntry
        fields = [
            "id",
            "dealer",
            "customer",
            "kind",
            "points",
            "remaining",
            "occurred_on",
            "expires_on",
            "ref_type",
            "ref_id",
            "note",
            "actor",
            "created_at",
        ]
        read_only_fields = fields


class RedeemSerializer(serializers.Serializer):
    customer = id_field(help_text=_("A customer of your dealer."))
    points = serializers.IntegerField(min_value=1, max_value=MAX_POINTS)
    reason = serializers.ChoiceField(choices=RedeemReason.choices)
    order = id_field(
        required=False,
        allow_null=True,
        help_text=_("The customer's open repair order (reason repair_order)."),
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AdjustSerializer(serializers.Serializer):
    customer = id_field(help_text=_("A customer of your dealer."))
    points = serializers.IntegerField(
        min_value=-MAX_POINTS,
        max_value=MAX_POINTS,
        help_text=_("Positive adds a lot, negative takes points off."),
    )
    note = serializers.CharField(max_length=200, help_text=_("Why the points are adjusted."))


class ReverseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PointsPolicySerializer(serializers.ModelSerializer):
    points_per_yuan = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, max_value=MAX_POINTS_PER_YUAN
    )
    yuan_per_point = serializers.DecimalField(
        max_digits=6, decimal_places=3, min_value=0, max_value=MAX_YUAN_PER_POINT
    )
    expiry_months = serializers.IntegerField(min_value=1, max_value=MAX_EXPIRY_MONTHS)
    max_redeem_percent = serializers.IntegerField(min_value=0, max_value=100)

    class Meta:
        model = PointsPolicy
        fields = [
            "id",
            "dealer",
            "points_per_yuan",
            "yuan_per_point",
            "expiry_months",
            "max_redeem_percent",
            "updated_at",
        ]
        read_only_fields = ["id", "dealer", "updated_at"]
