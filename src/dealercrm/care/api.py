"""Care rules over REST: read with VIEW_CAMPAIGNS, change with MANAGE_CAMPAIGNS (another dealer's rule: 404)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from dealercrm.care import selectors, services
from dealercrm.care.choices import CareAction, Occasion
from dealercrm.care.models import MAX_LEAD_DAYS, CareRule
from dealercrm.core.api import service_errors
from dealercrm.messaging.models import MessageTemplate
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm

TAG = ["care"]
MAX_ID = 2**53


class CareRuleSerializer(serializers.ModelSerializer):
    occasion = serializers.ChoiceField(choices=Occasion.choices, read_only=True)
    action = serializers.ChoiceField(choices=CareAction.choices, read_only=True)
    template = serializers.IntegerField(source="template_id", allow_null=True, read_only=True)
    lunar_template = serializers.IntegerField(source="lunar_template_id", allow_null=True, read_only=True)
    channel = serializers.SerializerMethodField()

    class Meta:
        model = CareRule
        fields = ["id", "dealer", "occasion", "action", "template", "lunar_template", "channel", "lead_days",
                  "is_active", "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_channel(self, rule: CareRule) -> str | None:
        """The template's channel for a message rule; null for a call."""
        return rule.template.channel if rule.template_id and rule.template else None


class CareRuleChangeSerializer(serializers.Serializer):
    template = serializers.IntegerField(min_value=1, max_value=MAX_ID, allow_null=True, required=False)
    lunar_template = serializers.IntegerField(min_value=1, max_value=MAX_ID, allow_null=True, required=False)
    lead_days = serializers.IntegerField(min_value=0, max_value=MAX_LEAD_DAYS, required=False)
    is_active = serializers.BooleanField(required=False)


class CareRuleCreateSerializer(CareRuleChangeSerializer):
    occasion = serializers.ChoiceField(choices=Occasion.choices)
    action = serializers.ChoiceField(choices=CareAction.choices)
    dealer = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Only for group-wide admins: the dealer."
    )


@extend_schema_view(
    list=extend_schema(summary="Care rules (your dealer's; every dealer's for group HQ)", tags=TAG),
    retrieve=extend_schema(summary="One care rule", tags=TAG),
    create=extend_schema(
        summary="Add a care rule (another action for an occasion)", tags=TAG,
        request=CareRuleCreateSerializer, responses={201: CareRuleSerializer},
    ),
    update=extend_schema(
        summary="Change a care rule", tags=TAG, request=CareRuleChangeSerializer, responses=CareRuleSerializer
    ),
    partial_update=extend_schema(
        summary="Change part of a care rule", tags=TAG, request=CareRuleChangeSerializer,
        responses=CareRuleSerializer,
    ),
)  # fmt: skip
class CareRuleViewSet(
    ObjectFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CAMPAIGNS
    write_perm = Perm.MANAGE_CAMPAIGNS
    serializer_class = CareRuleSerializer
    filterset_fields = ["occasion", "action", "is_active"]
    queryset = CareRule.objects.none()

    def get_queryset(self) -> QuerySet[CareRule]:
        if getattr(self, "swagger_fake_view", False):
            return CareRule.objects.none()
        return selectors.rules_for(self.request.actor).order_by("dealer_id", "occasion", "action")

    def _fields(self, data: dict, dealer_id: int) -> dict:
        for name in ("template", "lunar_template"):
            if name in data and data[name] is not None:
                template = MessageTemplate.objects.filter(dealer_id=dealer_id, pk=data[name]).first()
                if template is None:
                    raise serializers.ValidationError({name: [_("This dealer has no such template.")]})
                data[name] = template
        return data

    def _show(self, rule: CareRule, code=status.HTTP_200_OK) -> Response:
        return Response(CareRuleSerializer(self.get_queryset().get(pk=rule.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        body = CareRuleCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        dealer_id = request.actor.dealer_id or data.pop("dealer", None)
        data.pop("dealer", None)
        dealer = Dealer.objects.filter(pk=dealer_id).first() if dealer_id else None
        if dealer is None:
            raise serializers.ValidationError({"dealer": [_("Say for which dealer.")]})
        with service_errors():
            rule = services.care_rule_create(
                actor=request.actor, dealer=dealer, occasion=data.pop("occasion"), action=data.pop("action"),
                fields=self._fields(data, dealer.pk),
            )  # fmt: skip
        return self._show(rule, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        rule = self.get_object()
        body = CareRuleChangeSerializer(data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        with service_errors():
            services.care_rule_update(
                actor=request.actor, rule=rule, fields=self._fields(dict(body.validated_data), rule.dealer_id)
            )
        return self._show(rule)


ROUTES = [("care-rules", CareRuleViewSet, "care-rule")]
