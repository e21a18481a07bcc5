"""Sales over REST: leads, activities, test drives, orders, deliveries (and the demo fleet to book from).

Same selectors and services as the pages, so the same scope: a consultant sees their own leads, managers the
dealer's, group HQ every dealer's read-only; another dealer's record is a 404. The gate lets the whole sales desk
in (ActorPermission with the actor's desk permission), then each service checks its own permission (403), so a
record the caller may not see is a 404 before anything else.
"""

from datetime import timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action

from dealercrm.core.api import service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.org.models import Dealer
from dealercrm.sales import api_serializers as s
from dealercrm.sales import services
from dealercrm.sales.api_gate import TAGS, SalesAPI, refuse
from dealercrm.sales.api_pipeline import DeliveryViewSet, DemoVehicleViewSet, OrderViewSet, TestDriveViewSet
from dealercrm.sales.choices import ACTIVE_STATUSES, Grade, LeadSource, LeadStatus, Stage
from dealercrm.sales.models import Activity, Lead


class LeadFilter(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(choices=Grade.choices)
    status = django_filters.ChoiceFilter(choices=LeadStatus.choices)
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    source = django_filters.ChoiceFilter(choices=LeadSource.choices)
    due_by = django_filters.DateFilter(method="filter_due_by", label="Open leads due on or before this day")

    class Meta:
        model = Lead
        fields = ["grade", "status", "stage", "source", "due_by"]

    def filter_due_by(self, queryset, name, value):
        return queryset.filter(status__in=ACTIVE_STATUSES, next_follow_up_on__lte=value)


@extend_schema_view(
    list=extend_schema(summary="List leads", tags=TAGS),
    retrieve=extend_schema(summary="One lead", tags=TAGS),
    create=extend_schema(
        summary="Create a lead", tags=TAGS, request=s.LeadCreateSerializer, responses={201: s.LeadSerializer}
    ),
    partial_update=extend_schema(
        summary="Change what the prospect wants, or the grade",
        tags=TAGS,
        request=s.LeadInterestSerializer,
        responses={200: s.LeadSerializer},
    ),
)
class LeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesAPI):
    serializer_class = s.LeadSerializer
    filterset_class = LeadFilter
    queryset = Lead.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("customer").prefetch_related("influencers")

    def create(self, request):
        data = s.LeadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        actor = request.actor
        customer = None
        if v.get("customer"):
            customer = customers_for(actor).select_related("dealer").filter(pk=v["customer"]).first()
            if customer is None:
                refuse("customer", _("No such customer."))
        dealer = customer.dealer if customer else None
        if actor.dealer_id is not None:
            dealer = Dealer.objects.get(pk=actor.dealer_id)
        if dealer is None:
            refuse("customer", _("Staff without a dealer pick an existing customer."))
        received_at = v.get("received_at")
        now = timezone.now()
        if received_at is not None and not now - timedelta(days=30) <= received_at <= now:
            refuse("received_at", _("Enter leads within 30 days of their arrival."))
        with service_errors():
            lead = services.lead_create(
                actor=actor,
                dealer=dealer,
                fields=data.lead_fields(),
                customer=customer,
                new_customer=None
                if customer
                else {"name": v["name"], "mobile": v["mobile"], "gender": v["gender"]},
                owner_id=v.get("owner"),
                contacted=v["contacted"],
                received_at=received_at,
            )
        return self._out(s.LeadSerializer, lead, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        lead = self.get_object()
        fields = self._input(s.LeadInterestSerializer)
        with service_errors():
            lead = services.lead_update(actor=request.actor, lead=lead, fields=fields)
        return self._out(s.LeadSerializer, lead)

    @extend_schema(
        summary="Log an activity",
        tags=TAGS,
        request=s.ActivityInSerializer,
        responses={201: s.ActivitySerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.ActivityInSerializer, filterset_class=None)
    def activities(self, request, pk=None):
        lead = self.get_object()
        data = self._input(s.ActivityInSerializer)
        with service_errors():
            activity = services.activity_add(actor=request.actor, lead=lead, **data)
        return self._out(s.ActivitySerializer, activity, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Declare the lead lost (awaits a manager)",
        tags=TAGS,
        request=s.LostRequestSerializer,
        responses={200: s.LeadSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.LostRequestSerializer, filterset_class=None)
    def lost(self, request, pk=None):
        lead = self.get_object()
        data = self._input(s.LostRequestSerializer)
        with service_errors():
            lead = services.lost_request(actor=request.actor, lead=lead, **data)
        return self._out(s.LeadSerializer, lead)

    @extend_schema(
        summary="Approve or reject a lost request (managers)",
        tags=TAGS,
        request=s.DecisionSerializer,
        responses={200: s.LeadSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="lost-decision",
        serializer_class=s.DecisionSerializer,
        filterset_class=None,
    )
    def lost_decision(self, request, pk=None):
        lead = self.get_object()
        data = self._input(s.DecisionSerializer)
        with service_errors():
            lead = services.lost_decide(actor=request.actor, lead=lead, **data)
        return self._out(s.LeadSerializer, lead)

    @extend_schema(
        summary="Give the lead to a consultant (managers)",
        tags=TAGS,
        request=s.AssignSerializer,
        responses={200: s.LeadSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.AssignSerializer, filterset_class=None)
    def assign(self, request, pk=None):
        lead = self.get_object()
        data = self._input(s.AssignSerializer)
        with service_errors():
            lead = services.lead_assign(actor=request.actor, lead=lead, owner_id=data["owner"])
        return self._out(s.LeadSerializer, lead)

    @extend_schema(
        summary="Add a decision influencer",
        tags=TAGS,
        request=s.InfluencerSerializer,
        responses={200: s.LeadSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.InfluencerSerializer, filterset_class=None)
    def influencers(self, request, pk=None):
        lead = self.get_object()
        data = self._input(s.InfluencerSerializer)
        person = customers_for(request.actor).filter(pk=data["customer"]).first()
        if person is None:
            refuse("customer", _("No such customer."))
        with service_errors():
            lead = services.influencer_add(actor=request.actor, lead=lead, influencer=person)
        return self._out(s.LeadSerializer, Lead.objects.prefetch_related("influencers").get(pk=lead.pk))


@extend_schema_view(
    list=extend_schema(summary="List activities", tags=TAGS),
    retrieve=extend_schema(summary="One activity", tags=TAGS),
    create=extend_schema(
        summary="Log an activity on a lead",
        tags=TAGS,
        request=s.ActivityCreateSerializer,
        responses={201: s.ActivitySerializer},
    ),
)
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesAPI):
    serializer_class = s.ActivitySerializer
    queryset = Activity.objects.none()
    model = Activity
    lead_path = "lead__"
    filterset_fields = ["lead", "kind"]

    def create(self, request):
        data = self._input(s.ActivityCreateSerializer)
        lead = self._lead(data.pop("lead"))
        with service_errors():
            activity = services.activity_add(actor=request.actor, lead=lead, **data)
        return self._out(s.ActivitySerializer, activity, status.HTTP_201_CREATED)


ROUTES = [
    ("sales/leads", LeadViewSet, "sales-lead"),
    ("sales/activities", ActivityViewSet, "sales-activity"),
    ("sales/test-drives", TestDriveViewSet, "sales-test-drive"),
    ("sales/demo-fleet", DemoVehicleViewSet, "sales-demo-car"),
    ("sales/orders", OrderViewSet, "sales-order"),
    ("sales/deliveries", DeliveryViewSet, "sales-delivery"),
]
