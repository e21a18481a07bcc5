"""Insurance over REST: policies (CRUD) and the renewal pipeline (list / retrieve, quote / renew / lose, the
renewal rate per dealer). Another dealer's record is a 404, a write without WORK_INSURANCE a 403 (group HQ reads
only), a broken rule a 400 per field."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.insurance import api_serializers as s
from dealercrm.insurance import selectors, services
from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm
from dealercrm.vehicles.selectors import vehicles_for

TAG = ["insurance"]


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=s.MAX_ID, **kwargs)


class PolicyFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id", label=gettext_lazy("Customer id"))
    vehicle = IdFilter(field_name="vehicle_id", label=gettext_lazy("Vehicle id"))

    class Meta:
        model = InsurancePolicy
        fields = ["customer", "vehicle", "kind"]


class RenewalFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id", label=gettext_lazy("Customer id"))
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = RenewalOpportunity
        fields = ["status", "customer", "due_from", "due_to", "lost_reason"]


@extend_schema_view(
    list=extend_schema(summary="Insurance policies in your scope (latest end first)", tags=TAG),
    retrieve=extend_schema(summary="One insurance policy", tags=TAG),
    create=extend_schema(summary="Record a policy on a vehicle of the customer", tags=TAG,
                         request=s.PolicyCreateSerializer, responses={201: s.PolicySerializer}),
    update=extend_schema(summary="Correct a policy", tags=TAG, request=s.PolicyChangeSerializer,
                         responses=s.PolicySerializer),
    partial_update=extend_schema(summary="Correct part of a policy", tags=TAG, request=s.PolicyChangeSerializer,
                                 responses=s.PolicySerializer),
    destroy=extend_schema(summary="Delete a policy recorded by mistake (not one in a renewal)", tags=TAG),
)  # fmt: skip
class PolicyViewSet(ObjectFirstMixin, viewsets.ModelViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_INSURANCE
    write_perm = Perm.WORK_INSURANCE
    serializer_class = s.PolicySerializer
    filterset_class = PolicyFilter
    queryset = InsurancePolicy.objects.none()

    def get_queryset(self) -> QuerySet[InsurancePolicy]:
        if getattr(self, "swagger_fake_view", False):
            return InsurancePolicy.objects.none()
        return (
            selectors.policies_for(self.request.actor)
            .select_related("renewal", "customer", "vehicle")
            .order_by("-ends_on", "-id")
        )

    def _show(self, policy: InsurancePolicy, code=status.HTTP_200_OK) -> Response:
        return Response(s.PolicySerializer(self.get_queryset().get(pk=policy.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        body = s.PolicyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        customer = customers_for(request.actor).filter(pk=data.pop("customer")).first()
        if customer is None:
            raise serializers.ValidationError({"customer": [_("No such customer.")]})
        vehicle = vehicles_for(request.actor).filter(pk=data.pop("vehicle")).first()
        with service_errors():
            policy = services.policy_create(
                actor=request.actor, customer=customer, vehicle=vehicle, fields=data
            )
        return self._show(policy, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        policy = self.get_object()
        body = s.PolicyChangeSerializer(data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        with service_errors():
            services.policy_update(actor=request.actor, policy=policy, fields=dict(body.validated_data))
        return self._show(policy)

    def destroy(self, request, *args, **kwargs):
        policy = self.get_object()
        with service_errors():
            services.policy_delete(actor=request.actor, policy=policy)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _step(summary: str, request):
    return extend_schema(summary=summary, tags=TAG, request=request, responses={200: s.RenewalSerializer})


@extend_schema_view(
    list=extend_schema(summary="Renewal opportunities (by policy end date)", tags=TAG),
    retrieve=extend_schema(summary="One renewal opportunity", tags=TAG),
)
class RenewalViewSet(
    ObjectFirstMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_INSURANCE
    write_perm = Perm.WORK_INSURANCE
    serializer_class = s.RenewalSerializer
    filterset_class = RenewalFilter
    queryset = RenewalOpportunity.objects.none()

    def get_queryset(self) -> QuerySet[RenewalOpportunity]:
        if getattr(self, "swagger_fake_view", False):
            return RenewalOpportunity.objects.none()
        return (
            selectors.renewals_for(self.request.actor)
            .select_related("policy__renewal")
            .order_by("due_on", "id")
        )

    def _act(self, body_class, call) -> Response:
        opportunity = self.get_object()  # 404 first, then 403 (the perm), then 400
        body = body_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            call(opportunity, dict(body.validated_data))
        return Response(s.RenewalSerializer(self.get_queryset().get(pk=opportunity.pk)).data)

    @_step("Record the quoted premium", s.QuoteSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def quote(self, request, pk=None):
        return self._act(s.QuoteSerializer,
                         lambda o, d: services.renewal_quote(actor=request.actor, opportunity=o, **d))  # fmt: skip

    @_step(
        "Renewed: record the new policy (defaults: same insurer, the next year, the quote)", s.RenewSerializer
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def renew(self, request, pk=None):
        return self._act(s.RenewSerializer,
                         lambda o, d: services.renewal_renew(actor=request.actor, opportunity=o, fields=d))  # fmt: skip

    @_step("Lost, with the reason", s.LoseSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def lose(self, request, pk=None):
        return self._act(s.LoseSerializer,
                         lambda o, d: services.renewal_lose(actor=request.actor, opportunity=o, **d))  # fmt: skip

    @extend_schema(
        summary="Renewal rate per dealer: renewed / (renewed + lost) of opportunities due in a period",
        tags=TAG,
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, required=True, description="YYYY-MM-DD"),
        ],
        responses={200: s.RenewalRateSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def rates(self, request):
        period = s.RatePeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        rows = selectors.renewal_rates(
            request.actor, period.validated_data["start"], period.validated_data["end"]
        )
        data = [{**row.__dict__, "rate": row.rate} for row in rows]
        return Response(s.RenewalRateSerializer(data, many=True).data)


ROUTES = [
    ("insurance-policies", PolicyViewSet, "insurance-policy"),
    ("renewals", RenewalViewSet, "renewal"),
]
