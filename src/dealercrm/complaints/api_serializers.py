"""Serializers of the complaints API: what a complaint looks like over REST, and each step's request body."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dealercrm.complaints import selectors
from dealercrm.complaints.choices import (
    ActionStatus,
    Channel,
    CompensationKind,
    ComplaintType,
    RootCause,
    Severity,
)
from dealercrm.complaints.models import Complaint, ComplaintEvent, ImprovementAction, SolutionOption

MAX_ID = 2_147_483_647
MAX_AMOUNT = 99_999_999


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SolutionOption
        fields = [
            "id",
            "description",
            "compensation_kind",
            "compensation_amount",
            "chosen",
            "approval",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintEvent
        fields = ["id", "kind", "step", "actor", "at", "note"]
        read_only_fields = fields


class ComplaintSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    customer_contact = serializers.SerializerMethodField(
        help_text=_("The complainant's primary contact, masked for roles without full access.")
    )
    time_left = serializers.SerializerMethodField(help_text=_("Time left to the resolution deadline."))
    root_cause = serializers.ChoiceField(choices=RootCause.choices, allow_blank=True, read_only=True)
    options = OptionSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "dealer",
            "customer",
            "customer_name",
            "customer_contact",
            "vehicle",
            "channel",
            "complaint_type",
            "severity",
            "public_incident",
            "title",
            "description",
            "occurred_on",
            "location",
            "staff_involved",
            "task_id",
            "step",
            "received_at",
            "received_by",
            "first_response_due",
            "first_responded_at",
            "resolution_due",
            "resolved_at",
            "closed_at",
            "sla_met",
            "time_left",
            "assignee",
            "handling_level",
            "escalation",
            "findings",
            "root_cause",
            "resolution",
            "contact_attempts",
            "feedback_reached",
            "satisfaction",
            "feedback",
            "options",
            "events",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_customer_contact(self, obj: Complaint) -> str:
        contacts = self.context.get("contacts")
        if contacts is not None:
            return contacts.get(obj.customer_id, "")
        return selectors.customer_contact(self.context["request"].actor, obj.customer_id)

    @extend_schema_field(OpenApiTypes.STR)
    def get_time_left(self, obj: Complaint) -> str:
        left = getattr(obj, "left", None)
        return left.text if left is not None else ""


class NewCustomerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    mobile = serializers.CharField(max_length=30, required=False, allow_blank=True)


class IntakeSerializer(serializers.Serializer):
    """Receive a complaint: `customer` (an existing one) or `new_customer` (created on the spot)."""

    customer = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    new_customer = NewCustomerSerializer(required=False)
    vehicle = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    dealer_id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Only for staff without a dealer entering a new customer."),
    )
    task = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("The follow-up task it was raised from.")
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    complaint_type = serializers.ChoiceField(choices=ComplaintType.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    public_incident = serializers.BooleanField(default=False)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=5000)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    location = serializers.CharField(max_length=120, required=False, allow_blank=True)
    staff_involved = serializers.CharField(max_length=200, required=False, allow_blank=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ClassifySerializer(NoteSerializer):
    complaint_type = serializers.ChoiceField(choices=ComplaintType.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    public_incident = serializers.BooleanField(default=False)


class AssignSerializer(NoteSerializer):
    assignee = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class InvestigateSerializer(NoteSerializer):
    findings = serializers.CharField(max_length=5000)
    root_cause = serializers.ChoiceField(choices=RootCause.choices)


class OptionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    compensation_kind = serializers.ChoiceField(choices=CompensationKind.choices, required=False, default="")
    compensation_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, max_value=MAX_AMOUNT, required=False, default=0
    )


class ProposeSerializer(NoteSerializer):
    options = OptionInputSerializer(many=True, allow_empty=False)


class ChooseSerializer(NoteSerializer):
    option = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class DecideSerializer(NoteSerializer):
    approve = serializers.BooleanField()


class ImplementSerializer(NoteSerializer):
    resolution = serializers.CharField(max_length=5000)


class AttemptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class FeedbackSerializer(NoteSerializer):
    reached = serializers.BooleanField()
    satisfaction = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    feedback = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ImprovementActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    dealer = serializers.IntegerField(source="dealer_id", read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    owner = serializers.IntegerField(source="owner_id", min_value=1, max_value=MAX_ID)
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    complaints = serializers.ListField(
        source="complaint_ids",
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=200,
        help_text=_("Ids of the complaints this action answers."),
    )
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: ImprovementAction):
        instance.complaint_ids = sorted(c.pk for c in instance.complaints.all())
        return super().to_representation(instance)
