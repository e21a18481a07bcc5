"""Serializers of the campaigns API: segments and their rules, campaigns and results, club events."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dealercrm.campaigns.choices import CampaignStatus, EventStatus
from dealercrm.campaigns.models import Campaign, ClubEvent, Registration, Segment
from dealercrm.campaigns.rules import MAX_ITEMS, MAX_NAME
from dealercrm.customers.choices import Channel, CustomerClass
from dealercrm.loyalty.choices import LoyaltyCategory

MAX_ID = 2_147_483_647


def _names(help_text) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=MAX_NAME),
        max_length=MAX_ITEMS,
        required=False,
        help_text=help_text,
    )


def _choices(choices, help_text) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices),
        max_length=MAX_ITEMS,
        required=False,
        help_text=help_text,
    )


def _score(help_text) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100, required=False, help_text=help_text)


def _day(help_text) -> serializers.DateField:
    return serializers.DateField(required=False, help_text=help_text)


class RulesSerializer(serializers.Serializer):
    """Every rule is optional; the rules are AND-ed."""

    tags = _names(_("Tag names: customers with any of them."))
    customer_class = _choices(CustomerClass.choices, _("Customer classes."))
    tiers = _names(_("Membership tier codes."))
    loyalty = _choices(LoyaltyCategory.choices, _("Loyalty categories."))
    churn_min = _score(_("Churn risk at least (0-100)."))
    churn_max = _score(_("Churn risk at most (0-100)."))
    models = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=MAX_ITEMS,
        required=False,
        help_text=_("Vehicle model ids of a current vehicle."),
    )
    series = _names(_("Vehicle series of a current vehicle."))
    purchased_from = _day(_("A current vehicle bought on or after."))
    purchased_to = _day(_("A current vehicle bought on or before."))
    last_visit_after = _day(_("Last workshop visit on or after."))
    last_visit_before = _day(_("Last workshop visit on or before."))
    cities = _names(_("Cities of any of the customer's addresses."))
    consent = serializers.ChoiceField(
        choices=Channel.choices, required=False, help_text=_("A channel the customer must have granted.")
    )


class SegmentSerializer(serializers.ModelSerializer):
    rules = RulesSerializer(required=False)
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Segment
        fields = [
            "id",
            "dealer",
            "name",
            "rules",
            "last_count",
            "counted_at",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "dealer",
            "last_count",
            "counted_at",
            "created_by",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"name": {"max_length": 80}}


class CountRequestSerializer(serializers.Serializer):
    rules = RulesSerializer(required=False)
    dealer = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("Dealer id (group-wide users); default: yours."),
    )


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Customers matching the rules."))


class CampaignSerializer(serializers.ModelSerializer):
    segment = serializers.IntegerField(source="segment_id", min_value=1, max_value=MAX_ID)
    template = serializers.IntegerField(source="template_id", min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=CampaignStatus.choices, read_only=True)
    response_days = serializers.IntegerField(min_value=1, max_value=90, required=False)
    scheduled_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("When to send; empty keeps a draft.")
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "dealer",
            "name",
            "segment",
            "template",
            "scheduled_at",
            "status",
            "response_days",
            "launched_at",
            "recipients",
            "cancelled_at",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "dealer",
            "status",
            "launched_at",
            "recipients",
            "cancelled_at",
            "created_at",
        ]
        extra_kwargs = {"name": {"max_length": 120}}


class LaunchSerializer(serializers.Serializer):
    queued = serializers.IntegerField(help_text=_("Messages queued now (0 when it was launched already)."))
    campaign = CampaignSerializer()


class ResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    queued = serializers.IntegerField()
    sent = serializers.IntegerField(help_text=_("Sent or delivered."))
    delivered = serializers.IntegerField()
    failed = serializers.IntegerField()
    suppressed = serializers.IntegerField(help_text=_("Not sent (no consent, no address, frequency cap...)."))
    suppressed_by_reason = serializers.DictField(child=serializers.IntegerField())
    responded = serializers.IntegerField(help_text=_("Customers who replied within the campaign's days."))
    opted_out = serializers.IntegerField()
    visited = serializers.IntegerField(
        help_text=_("Customers with an appointment or a visit within those days.")
    )


class ClubEventSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=EventStatus.choices, required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=100_000)
    seats_taken = serializers.IntegerField(read_only=True)
    waitlisted = serializers.IntegerField(read_only=True)
    invited = serializers.IntegerField(read_only=True)
    attended = serializers.IntegerField(read_only=True)

    class Meta:
        model = ClubEvent
        fields = [
            "id",
            "dealer",
            "title",
            "description",
            "starts_at",
            "place",
            "capacity",
            "status",
            "seats_taken",
            "waitlisted",
            "invited",
            "attended",
            "created_at",
        ]
        read_only_fields = ["id", "dealer", "created_at"]
        extra_kwargs = {"description": {"max_length": 4000}}


class InviteSerializer(serializers.Serializer):
    segment = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    template = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("Default: the dealer's club event invitation."),
    )


class InvitedSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    messages = serializers.IntegerField()


class RegistrationSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "customer",
            "customer_name",
            "status",
            "invited_at",
            "registered_at",
            "waitlisted_at",
            "note",
        ]
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    customer = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class UnregisterSerializer(serializers.Serializer):
    registration = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class UnregisteredSerializer(serializers.Serializer):
    registration = RegistrationSerializer()
    promoted = RegistrationSerializer(many=True, help_text=_("Moved up from the waiting list."))


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=100_000,
        help_text=_("Registration ids of those who came; the other seat holders did not."),
    )


class AttendanceResultSerializer(serializers.Serializer):
    attended = serializers.IntegerField()
    no_show = serializers.IntegerField()
    followups = serializers.IntegerField(help_text=_("Follow-up purposes created."))
