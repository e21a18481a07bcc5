"""Messaging over REST: templates (CRUD + preview), the outbox (read-only, scoped), and two webhooks for the
SMS gateway / providers: inbound SMS (a "TD" reply withdraws SMS consent) and delivery reports.

The webhooks use token auth like the rest of the API: create a staff user for the gateway with the COC manager
role of the dealer (its customers only) or the admin role (every dealer), and give the gateway its token.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.messaging import api_serializers as s
from dealercrm.messaging import selectors, services
from dealercrm.messaging.models import MessageTemplate, OutboundMessage
from dealercrm.messaging.services.reports import delivery_report_known
from dealercrm.messaging.services.templates import TEMPLATE_FIELDS, template_delete
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm

TAG = ["messages"]


def _dealer_ids(actor) -> list[int] | None:
    return None if actor.is_group_wide else [actor.dealer_id]


@extend_schema_view(
    list=extend_schema(summary="List message templates", tags=TAG),
    retrieve=extend_schema(summary="One message template", tags=TAG),
    create=extend_schema(summary="Write a message template", tags=TAG),
    update=extend_schema(summary="Change a message template", tags=TAG),
    partial_update=extend_schema(summary="Change some of a message template", tags=TAG),
    destroy=extend_schema(summary="Delete a message template no queued message uses", tags=TAG),
)
class MessageTemplateViewSet(ObjectFirstMixin, viewsets.ModelViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CAMPAIGNS
    write_perm = Perm.MANAGE_CAMPAIGNS
    serializer_class = s.MessageTemplateSerializer
    filterset_fields = ["channel", "purpose", "code", "is_active"]
    queryset = MessageTemplate.objects.none()

    def get_queryset(self) -> QuerySet[MessageTemplate]:
        if getattr(self, "swagger_fake_view", False):
            return MessageTemplate.objects.none()
        return (
            selectors.templates_for(self.request.actor).select_related("dealer").order_by("dealer_id", "code")
        )

    def _fields(self, serializer) -> dict:
        return {k: v for k, v in serializer.validated_data.items() if k in TEMPLATE_FIELDS}

    def perform_create(self, serializer) -> None:
        actor = self.request.actor
        if actor.dealer_id is None:
            raise serializers.ValidationError(
                {"dealer": [_("Templates are written by a dealer's managers.")]}
            )
        with service_errors():
            serializer.instance = services.template_create(
                actor=actor, dealer=Dealer.objects.get(pk=actor.dealer_id), fields=self._fields(serializer)
            )

    def perform_update(self, serializer) -> None:
        with service_errors():
            serializer.instance = services.template_update(
                actor=self.request.actor, template=serializer.instance, fields=self._fields(serializer)
            )

    def perform_destroy(self, instance) -> None:
        with service_errors():
            template_delete(actor=self.request.actor, template=instance)

    @extend_schema(
        summary="Render a template in Chinese and English for a customer or a sample",
        tags=TAG,
        parameters=[
            OpenApiParameter("customer", int, required=False, description="Customer id (else a sample)")
        ],
        responses={200: s.PreviewSerializer},
    )
    @action(detail=True, methods=["get"], filterset_fields=None)
    def preview(self, request, pk=None):
        template = self.get_object()
        raw = request.query_params.get("customer", "")
        customer_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
        preview = selectors.template_preview(request.actor, template, customer_id)
        data = {
            "customer": preview["customer"].pk if preview["customer"] else None,
            "customer_language": preview["customer_language"],
            "texts": [t.__dict__ for t in preview["texts"]],
        }
        return Response(s.PreviewSerializer(data).data)


@extend_schema_view(
    list=extend_schema(summary="List outbound messages (newest first, in the caller's scope)", tags=TAG),
    retrieve=extend_schema(summary="One outbound message", tags=TAG),
)
class OutboundMessageViewSet(ObjectFirstMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CAMPAIGNS
    serializer_class = s.OutboundMessageSerializer
    filterset_fields = ["status", "channel", "purpose", "ref_type", "ref_id", "suppressed_reason"]
    queryset = OutboundMessage.objects.none()

    def get_queryset(self) -> QuerySet[OutboundMessage]:
        if getattr(self, "swagger_fake_view", False):
            return OutboundMessage.objects.none()
        return (
            selectors.messages_for(self.request.actor)
            .select_related("customer")
            .order_by("-created_at", "-id")
        )


class InboundSmsViewSet(viewsets.GenericViewSet):
    """The SMS gateway's webhook for replies."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CAMPAIGNS
    write_perm = Perm.MANAGE_CAMPAIGNS
    serializer_class = s.InboundSmsSerializer
    queryset = OutboundMessage.objects.none()

    @extend_schema(
        summary="Record an SMS reply (TD / 退订 withdraws SMS consent)",
        tags=TAG,
        request=s.InboundSmsSerializer,
        responses={201: s.InboundResultSerializer},
    )
    def create(self, request):
        body = s.InboundSmsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            rows = services.inbound_sms_record(
                from_number=body.validated_data["from_number"],
                body=body.validated_data["body"],
                received_at=body.validated_data.get("received_at"),
                dealer_ids=_dealer_ids(request.actor),
            )
        opted_out = any(r.action for r in rows)
        result = s.InboundResultSerializer({"opted_out": opted_out, "messages": rows})
        return Response(result.data, status=status.HTTP_201_CREATED)


class DeliveryReportViewSet(viewsets.GenericViewSet):
    """Providers report what happened to a message they accepted."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CAMPAIGNS
    write_perm = Perm.MANAGE_CAMPAIGNS
    serializer_class = s.DeliveryReportSerializer
    queryset = OutboundMessage.objects.none()

    @extend_schema(
        summary="Record a delivery report (delivered / failed) for a provider message id",
        tags=TAG,
        request=s.DeliveryReportSerializer,
        responses={200: s.DeliveryReportResultSerializer},
    )
    def create(self, request):
        body = s.DeliveryReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        dealer_ids = _dealer_ids(request.actor)
        if not delivery_report_known(provider_message_id=data["provider_message_id"], dealer_ids=dealer_ids):
            raise NotFound(_("No message with this provider message ID."))
        with service_errors():
            updated = services.delivery_report_record(
                provider_message_id=data["provider_message_id"],
                status=data["status"],
                at=data.get("at"),
                error=data.get("error", ""),
                dealer_ids=dealer_ids,
            )
        return Response(s.DeliveryReportResultSerializer({"updated": updated}).data)


ROUTES = [
    ("message-templates", MessageTemplateViewSet, "message-template"),
    ("outbound-messages", OutboundMessageViewSet, "outbound-message"),
    ("inbound-sms", InboundSmsViewSet, "inbound-sms"),
    ("delivery-reports", DeliveryReportViewSet, "delivery-report"),
]
