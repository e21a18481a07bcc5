"""Service plans (per vehicle model; `default` is the fleet default) and each vehicle's due date with its basis."""

from decimal import Decimal

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm
from dealercrm.service import selectors, services
from dealercrm.service.api.common import refuse
from dealercrm.service.models import ServicePlan, VehicleDue
from dealercrm.service.prediction import IGNORED_REASONS, RATE_BASES
from dealercrm.service.services.plans import PLAN_LIMITS
from dealercrm.vehicles.models import Vehicle, VehicleModel
from dealercrm.vehicles.selectors import vehicles_for
from dealercrm.vehicles.services import MAX_KM

# --- plans -------------------------------------------------------------------------------------------------


def _limited(name: str) -> serializers.IntegerField:
    low, high = PLAN_LIMITS[name]
    return serializers.IntegerField(min_value=low, max_value=high)


class ServicePlanSerializer(serializers.ModelSerializer):
    model = serializers.PrimaryKeyRelatedField(
        queryset=VehicleModel.objects.all(),
        allow_null=True,
        help_text=gettext_lazy("The vehicle model; null for the fleet default plan. Fixed once created."),
    )
    first_service_km = _limited("first_service_km")
    first_service_months = _limited("first_service_months")
    every_km = _limited("every_km")
    every_months = _limited("every_months")
    warranty_years = _limited("warranty_years")
    warranty_km = _limited("warranty_km")
    typical_km_per_day = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(1000),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = ServicePlan
        fields = [
            "id",
            "model",
            "first_service_km",
            "first_service_months",
            "every_km",
            "every_months",
            "warranty_years",
            "warranty_km",
            "typical_km_per_day",
        ]
        validators: list = []


MODEL_PARAMETER = OpenApiParameter(
    "model",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy("A vehicle model id, or `default` for the fleet default plan."),
    pattern=r"^([0-9]{1,18}|default)$",
)


@extend_schema_view(
    list=extend_schema(summary="List service plans", tags=["service"]),
    retrieve=extend_schema(summary="A model's service plan", tags=["service"], parameters=[MODEL_PARAMETER]),
    create=extend_schema(summary="Create a model's service plan", tags=["service"]),
    update=extend_schema(summary="Change a service plan", tags=["service"], parameters=[MODEL_PARAMETER]),
    partial_update=extend_schema(
        summary="Change some terms of a service plan", tags=["service"], parameters=[MODEL_PARAMETER]
    ),
)
class ServicePlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans are the group's reference data (like the model catalogue), addressed by vehicle model."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_SERVICE
    write_perm = Perm.MANAGE_SERVICE_PLANS
    serializer_class = ServicePlanSerializer
    queryset = ServicePlan.objects.order_by("id")
    lookup_field = "model"
    lookup_value_regex = r"[0-9]{1,18}|default"

    def get_object(self) -> ServicePlan:
        key = self.kwargs["model"]
        rows = self.get_queryset()
        plan = (
            get_object_or_404(rows, model__isnull=True)
            if key == "default"
            else get_object_or_404(rows, model_id=key)
        )
        self.check_object_permissions(self.request, plan)
        return plan

    def perform_create(self, serializer: ServicePlanSerializer) -> None:
        fields = dict(serializer.validated_data)
        model = fields.pop("model", None)
        if ServicePlan.objects.filter(model=model).exists():
            refuse("model", _("This model already has a plan: change it instead."))
        with service_errors():
            serializer.instance = services.plan_save(actor=self.request.actor, model=model, fields=fields)

    def perform_update(self, serializer: ServicePlanSerializer) -> None:
        plan = serializer.instance
        fields = {name: getattr(plan, name) for name in (*PLAN_LIMITS, "typical_km_per_day")}
        fields.update(serializer.validated_data)
        if "model" in serializer.validated_data and serializer.validated_data["model"] != plan.model:
            refuse("model", _("A plan cannot move to another model."))
        with service_errors():
            serializer.instance = services.plan_save(
                actor=self.request.actor, model=plan.model, fields=fields
            )


# --- vehicles: due dates, their basis, readings ---------------------------------------------------------------


class VehicleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = ["id", "dealer", "plate", "vin", "model", "current_owner"]
        read_only_fields = fields


class VehicleDueSerializer(serializers.ModelSerializer):
    """A vehicle with its stored due date (what the reminders use)."""

    id = serializers.IntegerField(source="vehicle_id")
    plate = serializers.CharField(source="vehicle.plate")
    vin = serializers.CharField(source="vehicle.vin")
    model = serializers.IntegerField(source="vehicle.model_id")
    current_owner = serializers.IntegerField(source="vehicle.current_owner_id", allow_null=True)

    class Meta:
        model = VehicleDue
        fields = [
            "id",
            "dealer",
            "plate",
            "vin",
            "model",
            "current_owner",
            "km_per_day",
            "next_service_due_on",
        ]
        read_only_fields = fields


class StoredDueSerializer(serializers.ModelSerializer):
    class Meta:
        model = VehicleDue
        fields = ["km_per_day", "next_service_due_on"]
        read_only_fields = fields


class IntervalSerializer(serializers.Serializer):
    start_on = serializers.DateField(source="start.read_on")
    end_on = serializers.DateField(source="end.read_on")
    start_km = serializers.IntegerField(source="start.km")
    end_km = serializers.IntegerField(source="end.km")
    km_per_day = serializers.FloatField(source="rate", allow_null=True)
    ignored = serializers.ChoiceField(choices=[("", ""), *IGNORED_REASONS.items()])


class PredictionSerializer(serializers.Serializer):
    km_per_day = serializers.FloatField()
    rate_basis = serializers.ChoiceField(choices=list(RATE_BASES.items()))
    is_first_service = serializers.BooleanField()
    target_km = serializers.IntegerField(allow_null=True)
    anchor_km = serializers.IntegerField(allow_null=True)
    anchor_on = serializers.DateField(allow_null=True)
    anchor_assumed = serializers.BooleanField()
    date_rule_on = serializers.DateField(allow_null=True)
    km_rule_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    intervals = IntervalSerializer(many=True)


class VehicleServiceSerializer(serializers.Serializer):
    vehicle = VehicleBriefSerializer()
    stored = StoredDueSerializer(
        allow_null=True,
        help_text=gettext_lazy("What the reminders use: recomputed nightly and at each check-in."),
    )
    plan = ServicePlanSerializer(allow_null=True)
    warranty_until = serializers.DateField(allow_null=True)
    in_warranty = serializers.BooleanField(allow_null=True)
    prediction = PredictionSerializer()


class ReadingSerializer(serializers.Serializer):
    km = serializers.IntegerField(min_value=0, max_value=MAX_KM)
    read_on = serializers.DateField()
    meter_replaced = serializers.BooleanField(default=False)


class ReadingResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    km = serializers.IntegerField()
    read_on = serializers.DateField()
    meter_replaced = serializers.BooleanField()
    next_service_due_on = serializers.DateField(allow_null=True)
    km_per_day = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)


class DueFilter(django_filters.FilterSet):
    show = django_filters.ChoiceFilter(
        choices=[("overdue", "overdue"), ("soon", "soon")],
        method="filter_show",
        label=gettext_lazy("overdue (the last year) or soon (the next 30 days)"),
    )

    class Meta:
        model = VehicleDue
        fields = ["show"]

    def filter_show(self, queryset, name, value):
        return queryset  # applied by the view through the selector


@extend_schema_view(
    list=extend_schema(summary="Vehicles overdue or due soon for service", tags=["service"]),
    retrieve=extend_schema(
        summary="A vehicle's plan, warranty and next service with its basis",
        tags=["service"],
        responses=VehicleServiceSerializer,
    ),
)
class VehicleServiceViewSet(ObjectFirstMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_SERVICE
    write_perm = Perm.RECORD_ODOMETER  # the readings action; the rest is read-only
    serializer_class = VehicleDueSerializer
    filterset_class = DueFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # the list reads due dates; the detail routes' path parameter is a vehicle id
            return (VehicleDue if self.action == "list" else Vehicle).objects.none()
        if self.action == "list":
            show = "soon" if self.request.query_params.get("show") == "soon" else "overdue"
            return selectors.due_list(self.request.actor, show=show)
        return vehicles_for(self.request.actor).select_related("model").order_by("id")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def retrieve(self, request, pk=None) -> Response:
        vehicle = self.get_object()
        page = selectors.vehicle_service(request.actor, vehicle.pk)
        data = {
            "vehicle": page.vehicle,
            "stored": page.stored,
            "plan": page.plan,
            "warranty_until": page.warranty_until,
            "in_warranty": page.in_warranty,
            "prediction": page.prediction,
        }
        return Response(VehicleServiceSerializer(data).data)

    @extend_schema(
        summary="Record an odometer reading; the due date moves at once",
        tags=["service"],
        request=ReadingSerializer,
        responses={201: ReadingResultSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        serializer_class=ReadingSerializer,
        filterset_class=None,
    )
    def readings(self, request, pk=None) -> Response:
        vehicle = self.get_object()
        serializer = ReadingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            reading = services.vehicle_reading_record(
                actor=request.actor, vehicle=vehicle, **serializer.validated_data
            )
        stored = VehicleDue.objects.get(vehicle=vehicle)
        result = {
            "id": reading.pk,
            "km": reading.km,
            "read_on": reading.read_on,
            "meter_replaced": reading.meter_replaced,
            "next_service_due_on": stored.next_service_due_on,
            "km_per_day": stored.km_per_day,
        }
        return Response(ReadingResultSerializer(result).data, status=status.HTTP_201_CREATED)
