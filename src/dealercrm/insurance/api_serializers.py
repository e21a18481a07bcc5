"""Serializers of the insurance API (bodies are checked again by the services, which own the rules)."""

from rest_framework import serializers

from dealercrm.insurance.choices import LostReason, PolicyKind
from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity

MAX_ID = 2**53


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, **kwargs)


class PolicySerializer(serializers.ModelSerializer):
    renewal_status = serializers.SerializerMethodField()

    class Meta:
        model = InsurancePolicy
        fields = ["id", "dealer", "customer", "vehicle", "kind", "insurer", "policy_number", "starts_on",
                  "ends_on", "premium", "sold_here", "renewal_of", "renewal_status", "created_at"]  # fmt: skip
        read_only_fields = fields

    def get_renewal_status(self, policy: InsurancePolicy) -> str | None:
        """The status of the policy's renewal opportunity (null while none is open)."""
        renewal = getattr(policy, "renewal", None)
        return renewal.status if renewal else None


class PolicyChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PolicyKind.choices, required=False)
    insurer = serializers.CharField(max_length=60, required=False)
    policy_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    premium = _money(required=False)
    sold_here = serializers.BooleanField(required=False)


class PolicyCreateSerializer(PolicyChangeSerializer):
    customer = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    vehicle = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    insurer = serializers.CharField(max_length=60)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    premium = _money()


class RenewalSerializer(serializers.ModelSerializer):
    policy = PolicySerializer(read_only=True)

    class Meta:
        model = RenewalOpportunity
        fields = ["id", "dealer", "policy", "customer", "vehicle", "due_on", "status", "quoted_premium",
                  "quoted_at", "lost_reason", "note", "renewed_policy", "assigned_to", "closed_on"]  # fmt: skip
        read_only_fields = fields


class QuoteSerializer(serializers.Serializer):
    premium = _money()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RenewSerializer(serializers.Serializer):
    insurer = serializers.CharField(max_length=60, required=False)
    policy_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    premium = _money(required=False)


class LoseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=LostReason.choices[1:])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RenewalRateSerializer(serializers.Serializer):
    dealer_id = serializers.IntegerField()
    dealer_code = serializers.CharField()
    dealer_name = serializers.CharField()
    renewed = serializers.IntegerField()
    lost = serializers.IntegerField()
    still_open = serializers.IntegerField()
    rate = serializers.FloatField(
        allow_null=True, help_text="renewed / (renewed + lost); null while none closed"
    )


class RatePeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
