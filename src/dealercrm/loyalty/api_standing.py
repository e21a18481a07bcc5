"""REST routes (standing): (prefix, viewset, basename) triples.

loyalty-profiles: read-only, scoped by dealer (another dealer's owner is a 404), filters category / tier /
min_churn / at_risk; POST loyalty-profiles/win-back/ books win-back calls (MANAGE_LOYALTY).
membership-tiers: read for VIEW_LOYALTY, write for MANAGE_LOYALTY (group HQ reads only).
"""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.loyalty import api_standing_serializers as s
from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
from dealercrm.loyalty.selectors import standing as selectors
from dealercrm.loyalty.services.tiers import TIER_FIELDS, tier_delete, tier_save, tiers_ensure_defaults
from dealercrm.loyalty.services.winback import winback_calls_create
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm

TAGS = ["loyalty"]


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ProfileFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=LoyaltyCategory.choices, label=gettext_lazy("Loyalty"))
    tier = IdFilter(field_name="tier_id", min_value=1, max_value=s.MAX_ID, label=gettext_lazy("Tier id"))
    min_churn = IdFilter(
        field_name="churn_score", lookup_expr="gte", min_value=0, max_value=100,
        label=gettext_lazy("Churn risk at least"),
    )  # fmt: skip
    at_risk = django_filters.BooleanFilter(
        field_name="at_risk_since", lookup_expr="isnull", exclude=True, label=gettext_lazy("At risk")
    )

    class Meta:
        model = LoyaltyProfile
        fields = ["category", "tier", "min_churn", "at_risk"]


@extend_schema_view(
    list=extend_schema(summary="Owners' loyalty standing, highest churn risk first", tags=TAGS),
    retrieve=extend_schema(summary="One owner's standing (by customer id)", tags=TAGS),
)
class LoyaltyProfileViewSet(ObjectFirstMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_LOYALTY
    write_perm = Perm.MANAGE_LOYALTY  # the win-back action
    serializer_class = s.LoyaltyProfileSerializer
    filterset_class = ProfileFilter
    queryset = LoyaltyProfile.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LoyaltyProfile.objects.none()
        return (
            selectors.profiles_for(self.request.actor)
            .select_related("customer", "tier")
            .order_by("-churn_score", "customer_id")
        )

    @extend_schema(
        summary="Book win-back calls for these owners (at most one per owner and month)",
        tags=TAGS,
        request=s.WinBackSerializer,
        responses={200: s.WinBackResultSerializer},
    )
    @action(detail=False, methods=["post"], url_path="win-back", filterset_class=None, pagination_class=None)
    def win_back(self, request):
        body = s.WinBackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        booked, had = winback_calls_create(actor=request.actor, customer_ids=body.validated_data["customers"])
        return Response({"booked": booked, "already_booked": had})


@extend_schema_view(
    list=extend_schema(summary="Membership tiers", tags=TAGS),
    retrieve=extend_schema(summary="One membership tier", tags=TAGS),
    create=extend_schema(summary="Create a membership tier", tags=TAGS),
    update=extend_schema(summary="Change a membership tier", tags=TAGS),
    partial_update=extend_schema(summary="Change some terms of a membership tier", tags=TAGS),
    destroy=extend_schema(summary="Delete a tier nobody ever held", tags=TAGS),
)
class MembershipTierViewSet(
    ObjectFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_LOYALTY
    write_perm = Perm.MANAGE_LOYALTY
    serializer_class = s.MembershipTierSerializer
    queryset = MembershipTier.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MembershipTier.objects.none()
        return selectors.tiers_for(self.request.actor)

    def list(self, request, *args, **kwargs):
        actor = request.actor
        if actor.dealer_id and not actor.is_read_only:
            dealer = Dealer.objects.filter(pk=actor.dealer_id).first()
            if dealer is not None:
                tiers_ensure_defaults(dealer)
        return super().list(request, *args, **kwargs)

    def _fields(self, serializer, tier=None) -> dict:
        data = {name: getattr(tier, name) for name in TIER_FIELDS} if tier else {}
        data.update({k: v for k, v in serializer.validated_data.items() if k in TIER_FIELDS})
        return data

    def perform_create(self, serializer):
        actor = self.request.actor
        dealer_id = actor.dealer_id or serializer.validated_data.get("dealer_id")
        if dealer_id is None:
            raise serializers.ValidationError({"dealer": [_("Say which dealer the tier is for.")]})
        dealer = Dealer.objects.filter(pk=dealer_id).first()
        if dealer is None:
            raise serializers.ValidationError({"dealer": [_("No such dealer.")]})
        with service_errors():
            serializer.instance = tier_save(actor=actor, dealer=dealer, fields=self._fields(serializer))

    def perform_update(self, serializer):
        tier = serializer.instance
        wanted = serializer.validated_data.get("dealer_id")
        if wanted is not None and wanted != tier.dealer_id:
            raise serializers.ValidationError({"dealer": [_("A tier cannot move to another dealer.")]})
        with service_errors():
            serializer.instance = tier_save(
                actor=self.request.actor, dealer=tier.dealer, tier=tier, fields=self._fields(serializer, tier)
            )

    def destroy(self, request, *args, **kwargs):
        tier = self.get_object()
        with service_errors():
            tier_delete(actor=request.actor, tier=tier)
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list = [
    ("loyalty-profiles", LoyaltyProfileViewSet, "loyalty-profile"),
    ("membership-tiers", MembershipTierViewSet, "membership-tier"),
]
