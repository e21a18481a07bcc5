"""REST routes (points): the ledger (scoped, filter by customer) with redeem / adjust / reverse actions, and
the dealers' points policies. Another dealer's rows are 404s; a write without the Perm is a 403; the rules
(balance, order cap) are the services', as 400s per field."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.loyalty import api_points_serializers as s
from dealercrm.loyalty.models import PointsEntry, PointsPolicy
from dealercrm.loyalty.selectors import points as selectors
from dealercrm.loyalty.services.points import points_adjust, points_redeem, points_redemption_cancel
from dealercrm.loyalty.services.points_policy import points_policy_ensure, points_policy_update
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm
from dealercrm.service.selectors import orders_for

TAG = ["loyalty"]


def _refuse(field: str, message: str):
    raise serializers.ValidationError({field: [message]})


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=s.MAX_ID, **kwargs)


class PointsEntryFilter(django_filters.FilterSet):
    # A plain number: another dealer's customer answers like a missing one (an empty list).
    customer = IdFilter(field_name="customer_id", label=gettext_lazy("Customer id"))

    class Meta:
        model = PointsEntry
        fields = ["customer", "kind"]


@extend_schema_view(
    list=extend_schema(summary="List points entries (newest first), filter by customer", tags=TAG),
    retrieve=extend_schema(summary="One points entry", tags=TAG),
)
class PointsEntryViewSet(
    ObjectFirstMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_LOYALTY
    write_perm = Perm.REDEEM_POINTS
    serializer_class = s.PointsEntrySerializer
    filterset_class = PointsEntryFilter
    queryset = PointsEntry.objects.none()

    def get_queryset(self) -> QuerySet[PointsEntry]:
        if getattr(self, "swagger_fake_view", False):
            return PointsEntry.objects.none()
        return selectors.points_for(self.request.actor).order_by("-occurred_on", "-id")

    def _customer(self, pk: int):
        customer = customers_for(self.request.actor).select_related("dealer").filter(pk=pk).first()
        if customer is None:
            _refuse("customer", _("Not found at this dealer."))
        return customer

    @extend_schema(
        summary="Redeem points (repair order, accessories, other)",
        tags=TAG,
        request=s.RedeemSerializer,
        responses={201: s.PointsEntrySerializer},
    )
    @action(detail=False, methods=["post"], filterset_class=None, write_perm=Perm.REDEEM_POINTS)
    def redeem(self, request) -> Response:
        body = s.RedeemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        customer = self._customer(data.pop("customer"))
        order_id = data.pop("order", None)
        order = None
        if order_id is not None:
            order = orders_for(request.actor).filter(pk=order_id).first()
            if order is None:
                _refuse("order", _("Not found at this dealer."))
        with service_errors():
            entry = points_redeem(actor=request.actor, customer=customer, order=order, **data)
        return Response(s.PointsEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Adjust points by hand, with the reason (managers)",
        tags=TAG,
        request=s.AdjustSerializer,
        responses={201: s.PointsEntrySerializer},
    )
    @action(detail=False, methods=["post"], filterset_class=None, write_perm=Perm.MANAGE_LOYALTY)
    def adjust(self, request) -> Response:
        body = s.AdjustSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        customer = self._customer(data.pop("customer"))
        with service_errors():
            entry = points_adjust(actor=request.actor, customer=customer, **data)
        return Response(s.PointsEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reverse a redemption: its points come back as a new lot",
        tags=TAG,
        request=s.ReverseSerializer,
        responses={201: s.PointsEntrySerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=Perm.VIEW_LOYALTY)
    def reverse(self, request, pk=None) -> Response:
        entry = self.get_object()  # 404 first; the service then needs REDEEM_POINTS or MANAGE_LOYALTY (403)
        body = s.ReverseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            back = points_redemption_cancel(actor=request.actor, entry=entry, **body.validated_data)
        return Response(s.PointsEntrySerializer(back).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Points policies (your dealer's; every dealer's for group HQ)", tags=TAG),
    retrieve=extend_schema(summary="A points policy", tags=TAG),
    update=extend_schema(summary="Change a points policy (managers)", tags=TAG),
    partial_update=extend_schema(summary="Change part of a points policy (managers)", tags=TAG),
)
class PointsPolicyViewSet(
    ObjectFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_LOYALTY
    write_perm = Perm.MANAGE_LOYALTY
    serializer_class = s.PointsPolicySerializer
    queryset = PointsPolicy.objects.none()

    def get_queryset(self) -> QuerySet[PointsPolicy]:
        if getattr(self, "swagger_fake_view", False):
            return PointsPolicy.objects.none()
        return selectors.policies_for(self.request.actor).order_by("dealer_id")

    def list(self, request, *args, **kwargs):
        if request.actor.dealer_id is not None:  # the dealer's policy exists once anyone asks for it
            points_policy_ensure(Dealer.objects.get(pk=request.actor.dealer_id))
        return super().list(request, *args, **kwargs)

    def perform_update(self, serializer) -> None:
        policy = serializer.instance
        values = {
            name: serializer.validated_data.get(name, getattr(policy, name))
            for name in ("points_per_yuan", "yuan_per_point", "expiry_months", "max_redeem_percent")
        }
        with service_errors():
            serializer.instance = points_policy_update(actor=self.request.actor, policy=policy, **values)


ROUTES: list = [
    ("points-entries", PointsEntryViewSet, "points-entry"),
    ("points-policies", PointsPolicyViewSet, "points-policy"),
]
