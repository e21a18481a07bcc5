"""Serializers of the sales API: outputs mirror the models; inputs are what each service takes, bounded."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dealercrm.customers.choices import Gender
from dealercrm.sales.choices import (
    ActivityKind,
    Grade,
    LeadSource,
    LostReason,
    PaymentMethod,
    Purpose,
    TradeInCondition,
)
from dealercrm.sales.models import CHECKLIST, Activity, Delivery, DemoVehicle, Lead, Order, TestDrive
from dealercrm.sales.models.drives import SCORE_FIELDS
from dealercrm.sales.selectors import licence_display, response_state
from dealercrm.sales.services.drives import DURATIONS
from dealercrm.vehicles.models import VehicleModel

MAX_ID = 2**63 - 1
MAX_BUDGET = 100_000_000


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, **kwargs)


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


# --- leads ---------------------------------------------------------------------------------------------------

LEAD_OUT = [
    "id", "dealer", "customer", "customer_name", "source", "external_ref", "model", "trim", "colour",
    "budget_min", "budget_max", "purpose", "concerns", "influencers", "trade_in_vehicle", "trade_in_km",
    "trade_in_condition", "trade_in_offer", "grade", "status", "stage", "owner", "created_at", "cadence_from",
    "next_follow_up_on", "last_contact_at", "first_contact_at", "response_due_at", "response", "lost_reason",
    "lost_competitor", "lost_note",
]  # fmt: skip


class LeadSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    lost_reason = serializers.CharField(
        read_only=True, help_text="competitor, budget, timing, no_response, other; empty unless lost."
    )
    response = serializers.SerializerMethodField(
        help_text="First contact against its deadline: met, late, pending, breached or empty."
    )

    class Meta:
        model = Lead
        fields = LEAD_OUT
        read_only_fields = LEAD_OUT

    @extend_schema_field(OpenApiTypes.STR)
    def get_response(self, lead: Lead) -> str:
        return response_state(lead)


class LeadInterestSerializer(serializers.Serializer):
    """What the prospect wants, and the grade (lead_update takes any of these)."""

    model = serializers.PrimaryKeyRelatedField(
        queryset=VehicleModel.objects.all(), required=False, allow_null=True
    )
    trim = _text(80)
    colour = _text(30)
    budget_min = serializers.IntegerField(min_value=0, max_value=MAX_BUDGET, required=False, allow_null=True)
    budget_max = serializers.IntegerField(min_value=0, max_value=MAX_BUDGET, required=False, allow_null=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False)
    concerns = _text(4000)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False)
    trade_in_vehicle = _text(120)
    trade_in_km = serializers.IntegerField(min_value=0, max_value=2_000_000, required=False, allow_null=True)
    trade_in_condition = serializers.ChoiceField(choices=TradeInCondition.choices, required=False)
    trade_in_offer = _money(required=False, allow_null=True, max_value=10**10 - 1)


class LeadCreateSerializer(LeadInterestSerializer):
    source = serializers.ChoiceField(choices=LeadSource.choices)
    external_ref = _text(60, help_text="The OEM's or group HQ's id of the lead.")
    customer = _id(
        required=False, allow_null=True, help_text="An existing customer; else give name and mobile."
    )
    name = _text(100, help_text="A new prospect's name.")
    mobile = _text(30, help_text="A new prospect's mobile.")
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, default="")
    owner = _id(required=False, allow_null=True, help_text="Managers: the consultant; default by the rules.")
    contacted = serializers.BooleanField(
        default=False, help_text="The creator is talking with the prospect now."
    )
    received_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When the lead arrived."
    )

    def lead_fields(self) -> dict:
        data = self.validated_data
        keep = set(LeadInterestSerializer().fields) | {"source", "external_ref"}
        return {k: v for k, v in data.items() if k in keep}


class ActivityInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    notes = serializers.CharField(max_length=4000)
    next_step = _text(200)
    grade = serializers.ChoiceField(choices=[("", "unchanged"), *Grade.choices], required=False, default="")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    next_follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActivityCreateSerializer(ActivityInSerializer):
    lead = _id()


class ActivitySerializer(serializers.ModelSerializer):
    grade = serializers.CharField(
        read_only=True, help_text="The grade set at this activity; empty: unchanged."
    )

    class Meta:
        model = Activity
        fields = ["id", "lead", "kind", "occurred_at", "notes", "next_step", "grade", "actor"]
        read_only_fields = fields


class LostRequestSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=LostReason.choices)
    competitor = _text(80, help_text="Required when the reason is a competitor.")
    note = _text(2000)


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = _text(500)


class AssignSerializer(serializers.Serializer):
    owner = _id(help_text="A sales consultant of the lead's dealer.")


class InfluencerSerializer(serializers.Serializer):
    customer = _id(help_text="A customer of the lead's dealer.")


# --- test drives ---------------------------------------------------------------------------------------------


class DemoVehicleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DemoVehicle
        fields = ["id", "dealer", "model", "plate", "colour", "is_active"]
        read_only_fields = fields


class TestDriveSerializer(serializers.ModelSerializer):
    licence_number = serializers.SerializerMethodField(help_text="Masked for roles without full access.")

    class Meta:
        model = TestDrive
        fields = ["id", "lead", "demo_vehicle", "starts_at", "ends_at", "status", "licence_number",
                  "licence_expires_on", "route", *SCORE_FIELDS, "feedback_notes", "completed_at"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_licence_number(self, drive: TestDrive) -> str:
        return licence_display(self.context["request"].actor, drive.licence_number)


class TestDriveBookSerializer(serializers.Serializer):
    lead = _id()
    demo_vehicle = _id()
    starts_at = serializers.DateTimeField(help_text="On the hour or the half hour.")
    minutes = serializers.ChoiceField(choices=DURATIONS)
    licence_number = serializers.CharField(max_length=30)
    licence_expires_on = serializers.DateField()
    route = _text(200)


class FeedbackSerializer(serializers.Serializer):
    score_overall = serializers.IntegerField(min_value=1, max_value=5)
    score_handling = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    score_comfort = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    score_features = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    feedback_notes = _text(4000)


class CancelDriveSerializer(serializers.Serializer):
    no_show = serializers.BooleanField(default=False, help_text="The prospect did not come.")


# --- orders and deliveries -----------------------------------------------------------------------------------

ORDER_OUT = [
    "id", "dealer", "lead", "customer", "model", "trim", "colour", "price", "discount", "deposit", "payment",
    "insurance_company", "insurance_premium", "status", "discount_approval", "allocated_vin", "signed_on",
    "paid_at", "allocated_at", "delivered_at", "cancelled_at", "cancel_reason", "delivery",
]  # fmt: skip


class OrderSerializer(serializers.ModelSerializer):
    delivery = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Order
        fields = ORDER_OUT
        read_only_fields = ORDER_OUT


class OrderCreateSerializer(serializers.Serializer):
    lead = _id()
    model = serializers.PrimaryKeyRelatedField(queryset=VehicleModel.objects.all())
    trim = _text(80)
    colour = serializers.CharField(max_length=30)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=1, max_value=99_999_999)
    discount = _money(default=0, max_value=99_999_999)
    deposit = _money(default=0, max_value=99_999_999)
    payment = serializers.ChoiceField(choices=PaymentMethod.choices)
    insurance_company = _text(60)
    insurance_premium = _money(required=False, allow_null=True, max_value=99_999_999)


class AllocateSerializer(serializers.Serializer):
    vin = serializers.CharField(max_length=40)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DiscountSerializer(serializers.Serializer):
    discount = _money(max_value=99_999_999)


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "order", *[name for name, _label in CHECKLIST], "override_by", "override_reason",
                  "overridden_at", "delivered_on", "vehicle"]  # fmt: skip
        read_only_fields = [
            "id",
            "order",
            "override_by",
            "override_reason",
            "overridden_at",
            "delivered_on",
            "vehicle",
        ]


class ChecklistSerializer(serializers.Serializer):
    def get_fields(self):
        return {name: serializers.BooleanField(required=False) for name, _label in CHECKLIST}


class DeliverSerializer(serializers.Serializer):
    vin = _text(40, help_text="Default: the VIN allocated to the order.")
    plate = _text(20)
    delivered_on = serializers.DateField(required=False, allow_null=True, default=None)
    override_reason = _text(2000, help_text="Managers: deliver with the checklist incomplete (logged).")
