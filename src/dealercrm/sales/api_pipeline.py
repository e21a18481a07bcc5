"""Sales API, second half: the demo fleet, test drives, orders and deliveries (see sales.api for the gate)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.sales import api_serializers as s
from dealercrm.sales import services
from dealercrm.sales.api_gate import TAGS, SalesAPI, refuse
from dealercrm.sales.choices import OrderStatus
from dealercrm.sales.models import Delivery, DemoVehicle, Order, TestDrive


@extend_schema_view(
    list=extend_schema(summary="List the demo fleet", tags=TAGS),
    retrieve=extend_schema(summary="One demo car", tags=TAGS),
)
class DemoVehicleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesAPI):
    serializer_class = s.DemoVehicleSerializer
    queryset = DemoVehicle.objects.none()
    model = DemoVehicle
    filterset_fields = ["is_active"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DemoVehicle.objects.none()
        return self.request.actor.scope(DemoVehicle.objects.all()).order_by("plate", "id")


@extend_schema_view(
    list=extend_schema(summary="List test drives", tags=TAGS),
    retrieve=extend_schema(summary="One test drive", tags=TAGS),
    create=extend_schema(
        summary="Book a test drive",
        tags=TAGS,
        request=s.TestDriveBookSerializer,
        responses={201: s.TestDriveSerializer},
    ),
)
class TestDriveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesAPI):
    serializer_class = s.TestDriveSerializer
    queryset = TestDrive.objects.none()
    model = TestDrive
    lead_path = "lead__"
    filterset_fields = ["lead", "demo_vehicle", "status"]

    def create(self, request):
        data = self._input(s.TestDriveBookSerializer)
        lead = self._lead(data.pop("lead"))
        car = DemoVehicle.objects.filter(pk=data.pop("demo_vehicle"), dealer_id=lead.dealer_id).first()
        if car is None:
            refuse("demo_vehicle", _("Choose a car of this dealer's demo fleet."))
        now = timezone.now()
        if not now - timedelta(days=1) <= data["starts_at"] <= now + timedelta(days=365):
            refuse("starts_at", _("Book at most 90 days ahead."))
        with service_errors():
            drive = services.test_drive_book(actor=request.actor, lead=lead, demo_vehicle=car, **data)
        return self._out(s.TestDriveSerializer, drive, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the drive's feedback (the drive is done)",
        tags=TAGS,
        request=s.FeedbackSerializer,
        responses={200: s.TestDriveSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.FeedbackSerializer, filterset_class=None)
    def feedback(self, request, pk=None):
        drive = self.get_object()
        data = self._input(s.FeedbackSerializer)
        notes = data.pop("feedback_notes", "")
        with service_errors():
            drive = services.test_drive_complete(actor=request.actor, drive=drive, scores=data, notes=notes)
        return self._out(s.TestDriveSerializer, drive)

    @extend_schema(
        summary="Cancel a booking, or record a no-show",
        tags=TAGS,
        request=s.CancelDriveSerializer,
        responses={200: s.TestDriveSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.CancelDriveSerializer, filterset_class=None)
    def cancel(self, request, pk=None):
        drive = self.get_object()
        data = self._input(s.CancelDriveSerializer)
        with service_errors():
            drive = services.test_drive_cancel(actor=request.actor, drive=drive, no_show=data["no_show"])
        return self._out(s.TestDriveSerializer, drive)


@extend_schema_view(
    list=extend_schema(summary="List orders", tags=TAGS),
    retrieve=extend_schema(summary="One order", tags=TAGS),
    create=extend_schema(
        summary="Place an order for a lead",
        tags=TAGS,
        request=s.OrderCreateSerializer,
        responses={201: s.OrderSerializer},
    ),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesAPI):
    serializer_class = s.OrderSerializer
    queryset = Order.objects.none()
    model = Order
    lead_path = "lead__"
    filterset_fields = ["lead", "status", "discount_approval"]

    def get_queryset(self):
        return super().get_queryset().select_related("delivery")

    def create(self, request):
        data = self._input(s.OrderCreateSerializer)
        lead = self._lead(data.pop("lead"))
        with service_errors():
            order = services.order_place(actor=request.actor, lead=lead, fields=data)
        return self._out(s.OrderSerializer, order, status.HTTP_201_CREATED)

    def _done(self, order) -> Response:
        return self._out(s.OrderSerializer, Order.objects.select_related("delivery").get(pk=order.pk))

    @extend_schema(summary="Record payment", tags=TAGS, request=None, responses={200: s.OrderSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def pay(self, request, pk=None):
        order = self.get_object()
        with service_errors():
            services.order_advance(actor=request.actor, order=order, to=OrderStatus.PAID)
        return self._done(order)

    @extend_schema(
        summary="Allocate a vehicle (its VIN)",
        tags=TAGS,
        request=s.AllocateSerializer,
        responses={200: s.OrderSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.AllocateSerializer, filterset_class=None)
    def allocate(self, request, pk=None):
        order = self.get_object()
        data = self._input(s.AllocateSerializer)
        with service_errors():
            services.order_advance(
                actor=request.actor, order=order, to=OrderStatus.ALLOCATED, vin=data["vin"]
            )
        return self._done(order)

    @extend_schema(
        summary="Cancel the order with a reason",
        tags=TAGS,
        request=s.ReasonSerializer,
        responses={200: s.OrderSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.ReasonSerializer, filterset_class=None)
    def cancel(self, request, pk=None):
        order = self.get_object()
        data = self._input(s.ReasonSerializer)
        with service_errors():
            services.order_cancel(actor=request.actor, order=order, reason=data["reason"])
        return self._done(order)

    @extend_schema(
        summary="Change the discount (approval is asked again)",
        tags=TAGS,
        request=s.DiscountSerializer,
        responses={200: s.OrderSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.DiscountSerializer, filterset_class=None)
    def discount(self, request, pk=None):
        order = self.get_object()
        data = self._input(s.DiscountSerializer)
        with service_errors():
            services.discount_change(actor=request.actor, order=order, discount=data["discount"])
        return self._done(order)

    @extend_schema(
        summary="Approve or reject the discount (GM)",
        tags=TAGS,
        request=s.DecisionSerializer,
        responses={200: s.OrderSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="discount-decision",
        serializer_class=s.DecisionSerializer,
        filterset_class=None,
    )
    def discount_decision(self, request, pk=None):
        order = self.get_object()
        data = self._input(s.DecisionSerializer)
        with service_errors():
            services.discount_decide(actor=request.actor, order=order, **data)
        return self._done(order)


@extend_schema_view(
    list=extend_schema(summary="List deliveries", tags=TAGS),
    retrieve=extend_schema(summary="One delivery with its checklist", tags=TAGS),
    partial_update=extend_schema(
        summary="Tick checklist items",
        tags=TAGS,
        request=s.ChecklistSerializer,
        responses={200: s.DeliverySerializer},
    ),
)
class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesAPI):
    serializer_class = s.DeliverySerializer
    queryset = Delivery.objects.none()
    model = Delivery
    lead_path = "order__lead__"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def partial_update(self, request, pk=None):
        delivery = self.get_object()
        items = self._input(s.ChecklistSerializer)
        with service_errors():
            delivery = services.delivery_checklist_update(
                actor=request.actor, order=delivery.order, items=items
            )
        return self._out(s.DeliverySerializer, delivery)

    @extend_schema(
        summary="Hand the car over (once; again changes nothing)",
        tags=TAGS,
        request=s.DeliverSerializer,
        responses={200: s.DeliverySerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=s.DeliverSerializer, filterset_class=None)
    def complete(self, request, pk=None):
        delivery = self.get_object()
        data = self._input(s.DeliverSerializer)
        with service_errors():
            delivery = services.delivery_complete(actor=request.actor, order=delivery.order, **data)
        return self._out(s.DeliverySerializer, delivery)
