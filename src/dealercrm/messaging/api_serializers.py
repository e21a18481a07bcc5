"""Serializers of the messaging API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dealercrm.messaging import selectors
from dealercrm.messaging.choices import InboundAction, MessageChannel, MessageStatus
from dealercrm.messaging.models import InboundMessage, MessageTemplate, OutboundMessage


class MessageTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageTemplate
        fields = [
            "id",
            "dealer",
            "code",
            "name",
            "channel",
            "purpose",
            "subject_zh",
            "body_zh",
            "subject_en",
            "body_en",
            "wechat_template_id",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "dealer", "created_at", "updated_at"]
        extra_kwargs = {"body_zh": {"required": False, "allow_blank": True}}
        validators = []  # the service validates (code unique per dealer, placeholders, subject / text)


class PreviewTextSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=["zh", "en"])
    subject = serializers.CharField()
    body = serializers.CharField(help_text=_("Empty when the template has no text in this language."))
    length = serializers.IntegerField()
    segments = serializers.IntegerField(help_text=_("SMS segments of 70 characters."))


class PreviewSerializer(serializers.Serializer):
    customer = serializers.IntegerField(allow_null=True)
    customer_language = serializers.CharField(
        help_text=_("The language this customer would get (empty: sample).")
    )
    texts = PreviewTextSerializer(many=True)


class OutboundMessageSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    to_address = serializers.SerializerMethodField(
        help_text=_("Masked for roles without full contact access.")
    )
    status = serializers.ChoiceField(choices=MessageStatus.choices, read_only=True)

    class Meta:
        model = OutboundMessage
        fields = [
            "id",
            "dealer",
            "customer",
            "customer_name",
            "vehicle",
            "channel",
            "purpose",
            "template",
            "to_address",
            "subject",
            "body",
            "source_key",
            "ref_type",
            "ref_id",
            "status",
            "suppressed_reason",
            "send_after",
            "attempts",
            "next_attempt_at",
            "provider",
            "provider_message_id",
            "sent_at",
            "delivered_at",
            "error",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_to_address(self, message: OutboundMessage) -> str:
        return selectors.address_display(self.context["request"].actor, message)


class InboundSmsSerializer(serializers.Serializer):
    from_number = serializers.CharField(
        max_length=40, help_text=_("The sender's mobile number (+86 accepted).")
    )
    body = serializers.CharField(max_length=2000, allow_blank=True, trim_whitespace=False)
    received_at = serializers.DateTimeField(required=False, allow_null=True)


class InboundMessageSerializer(serializers.ModelSerializer):
    channel = serializers.ChoiceField(choices=MessageChannel.choices, read_only=True)
    action = serializers.ChoiceField(choices=InboundAction.choices, read_only=True)

    class Meta:
        model = InboundMessage
        fields = ["id", "dealer", "customer", "channel", "from_address", "body", "received_at", "action"]
        read_only_fields = fields


class InboundResultSerializer(serializers.Serializer):
    opted_out = serializers.BooleanField(help_text=_("Whether the reply withdrew SMS consent."))
    messages = InboundMessageSerializer(many=True, help_text=_("One per matching customer."))


class DeliveryReportSerializer(serializers.Serializer):
    provider_message_id = serializers.CharField(max_length=80)
    status = serializers.ChoiceField(choices=[MessageStatus.DELIVERED, MessageStatus.FAILED])
    at = serializers.DateTimeField(required=False, allow_null=True)
    error = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DeliveryReportResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text=_("Messages whose status changed (0: already recorded)."))
