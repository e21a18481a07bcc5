"""Appointments and repair orders over REST, with their status changes as actions."""

from decimal import Decimal

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm
from dealercrm.service import selectors, services
from dealercrm.service.api.common import id_field, no_such
from dealercrm.service.choices import (
    AppointmentStatus,
    Concern,
    HalfDay,
    LineKind,
    OrderStatus,
    Payer,
    ServiceType,
)
from dealercrm.service.models import Appointment, RepairLine, RepairOrder
from dealercrm.service.services.orders import MAX_QUANTITY, MAX_UNIT_PRICE
from dealercrm.vehicles.selectors import vehicles_for
from dealercrm.vehicles.services import MAX_KM


def _vehicle(actor, pk: int):
    vehicle = vehicles_for(actor).filter(pk=pk).first()
    if vehicle is None:
        no_such("vehicle")
    return vehicle


def _advisor(pk: int | None):
    if pk is None:
        return None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        no_such("advisor")
    return user


# --- appointments ------------------------------------------------------------------------------------------


class AppointmentSerializer(serializers.ModelSerializer):
    vehicle = id_field(
        source="vehicle_id", help_text=gettext_lazy("A vehicle of your dealer, with an owner.")
    )
    advisor = id_field(source="advisor_id", required=False, allow_null=True)
    half_day = serializers.ChoiceField(choices=HalfDay.choices)
    service_type = serializers.ChoiceField(choices=ServiceType.choices, default=ServiceType.MAINTENANCE)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "dealer",
            "vehicle",
            "customer",
            "on",
            "half_day",
            "advisor",
            "service_type",
            "concern",
            "status",
            "created_at",
        ]
        read_only_fields = ["id", "dealer", "customer", "status", "created_at"]


class AppointmentStatusSerializer(serializers.Serializer):
    new_status = serializers.ChoiceField(
        choices=[AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW],
        help_text=gettext_lazy("cancelled, or no_show (from the appointment's day on)."),
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AppointmentFilter(django_filters.FilterSet):
    on = django_filters.DateFilter()
    status = django_filters.ChoiceFilter(choices=AppointmentStatus.choices)

    class Meta:
        model = Appointment
        fields = ["on", "status"]


@extend_schema_view(
    list=extend_schema(summary="List appointments", tags=["service"]),
    retrieve=extend_schema(summary="An appointment", tags=["service"]),
    create=extend_schema(
        summary="Book a vehicle in for a half-day (refused when it is full)", tags=["service"]
    ),
)
class AppointmentViewSet(
    ObjectFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_SERVICE
    write_perm = Perm.WORK_SERVICE
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Appointment.objects.none()
        return selectors.appointments_for(self.request.actor).order_by("on", "half_day", "id")

    def perform_create(self, serializer: AppointmentSerializer) -> None:
        data = dict(serializer.validated_data)
        vehicle = _vehicle(self.request.actor, data.pop("vehicle_id"))
        advisor = _advisor(data.pop("advisor_id", None))
        with service_errors():
            serializer.instance = services.appointment_book(
                actor=self.request.actor, vehicle=vehicle, advisor=advisor, **data
            )

    @extend_schema(
        summary="Cancel an appointment or mark it a no-show",
        tags=["service"],
        request=AppointmentStatusSerializer,
        responses={200: AppointmentSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=AppointmentStatusSerializer, filterset_class=None)
    def status(self, request, pk=None) -> Response:
        appointment = self.get_object()
        serializer = AppointmentStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            if serializer.validated_data["new_status"] == AppointmentStatus.CANCELLED:
                appointment = services.appointment_cancel(
                    actor=request.actor,
                    appointment=appointment,
                    reason=serializer.validated_data.get("reason", ""),
                )
            else:
                appointment = services.appointment_no_show(actor=request.actor, appointment=appointment)
        return Response(AppointmentSerializer(appointment).data)


# --- repair orders -----------------------------------------------------------------------------------------


class LineSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=LineKind.choices)
    payer = serializers.ChoiceField(choices=Payer.choices, default=Payer.CUSTOMER)
    quantity = serializers.DecimalField(
        max_digits=9, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_QUANTITY
    )
    unit_price = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal(0), max_value=MAX_UNIT_PRICE
    )

    class Meta:
        model = RepairLine
        fields = [
            "id",
            "kind",
            "description",
            "part_number",
            "quantity",
            "unit_price",
            "amount",
            "payer",
            "is_addition",
            "approval",
        ]
        read_only_fields = ["id", "amount", "is_addition", "approval"]


class RepairOrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    lines = LineSerializer(many=True, read_only=True)

    class Meta:
        model = RepairOrder
        fields = [
            "id",
            "number",
            "dealer",
            "vehicle",
            "customer",
            "appointment",
            "advisor",
            "service_type",
            "concern",
            "description",
            "km",
            "opened_on",
            "status",
            "estimate_approved_at",
            "quality_checked_at",
            "handed_over_at",
            "total",
            "customer_total",
            "rerepair_of",
            "lines",
        ]
        read_only_fields = fields


class OrderOpenSerializer(serializers.Serializer):
    vehicle = id_field(required=False, help_text=gettext_lazy("For a walk-in: a vehicle of your dealer."))
    appointment = id_field(
        required=False, help_text=gettext_lazy("For a booking: the appointment checked in.")
    )
    km = serializers.IntegerField(min_value=0, max_value=MAX_KM)
    meter_replaced = serializers.BooleanField(default=False)
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    concern = serializers.ChoiceField(choices=Concern.choices, default=Concern.ROUTINE)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    advisor = id_field(required=False, allow_null=True)
    comeback = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if ("vehicle" in attrs) == ("appointment" in attrs):
            raise serializers.ValidationError(_("Give either a vehicle (walk-in) or an appointment."))
        return attrs


class ApprovalDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text=gettext_lazy("true: the customer approves; false: declines.")
    )
    lines = serializers.ListField(
        child=id_field(),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Line ids; without them, every line awaiting approval."),
    )


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[c for c in OrderStatus.choices if c[0] != OrderStatus.CHECKED_IN])


class OrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)
    vehicle = django_filters.NumberFilter(field_name="vehicle_id", min_value=1, max_value=2**63 - 1)

    class Meta:
        model = RepairOrder
        fields = ["status", "vehicle"]


@extend_schema_view(
    list=extend_schema(summary="List repair orders", tags=["service"]),
    retrieve=extend_schema(summary="A repair order with its lines", tags=["service"]),
    create=extend_schema(
        summary="Open a repair order (walk-in or from an appointment); the odometer is read",
        tags=["service"],
        request=OrderOpenSerializer,
        responses={201: RepairOrderSerializer},
    ),
)
class RepairOrderViewSet(
    ObjectFirstMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_SERVICE
    write_perm = Perm.WORK_SERVICE
    serializer_class = RepairOrderSerializer
    filterset_class = OrderFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RepairOrder.objects.none()
        return selectors.orders_for(self.request.actor).prefetch_related("lines").order_by("-id")

    def _order_response(self, order: RepairOrder, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=order.pk)
        return Response(RepairOrderSerializer(fresh).data, status=code)

    def create(self, request) -> Response:
        serializer = OrderOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        actor = request.actor
        appointment = None
        if "appointment" in data:
            appointment = selectors.appointments_for(actor).filter(pk=data.pop("appointment")).first()
            if appointment is None:
                no_such("appointment")
            vehicle = appointment.vehicle
        else:
            vehicle = _vehicle(actor, data.pop("vehicle"))
        advisor = _advisor(data.pop("advisor", None))
        with service_errors():
            order = services.order_open(
                actor=actor, vehicle=vehicle, appointment=appointment, advisor=advisor, **data
            )
        return self._order_response(order, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add labour or a part (it awaits the customer's approval)",
        tags=["service"],
        request=LineSerializer,
        responses={201: LineSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=LineSerializer, filterset_class=None)
    def lines(self, request, pk=None) -> Response:
        order = self.get_object()
        serializer = LineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            line = services.order_line_add(actor=request.actor, order=order, **serializer.validated_data)
        return Response(LineSerializer(line).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the customer's approval of the estimate or of added work",
        tags=["service"],
        request=ApprovalDecisionSerializer,
        responses={200: RepairOrderSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=ApprovalDecisionSerializer, filterset_class=None)
    def approvals(self, request, pk=None) -> Response:
        order = self.get_object()
        serializer = ApprovalDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.order_decide(
                actor=request.actor,
                order=order,
                approve=serializer.validated_data["approve"],
                line_ids=serializer.validated_data.get("lines") or None,
            )
        return self._order_response(order)

    @extend_schema(
        summary="Move the order one step (no step skipped; quality check before ready)",
        tags=["service"],
        request=TransitionSerializer,
        responses={200: RepairOrderSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=TransitionSerializer, filterset_class=None)
    def transition(self, request, pk=None) -> Response:
        order = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.order_move(actor=request.actor, order=order, to=serializer.validated_data["to"])
        return self._order_response(order)
