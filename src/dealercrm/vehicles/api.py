"""REST API for vehicles: the selectors and services of the pages, so the same rules and the same scope."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.core.validators import normalize_plate, normalize_vin
from dealercrm.customers.models import Customer
from dealercrm.customers.selectors import customers_for
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission
from dealercrm.org.roles import Perm
from dealercrm.vehicles import services
from dealercrm.vehicles.models import OdometerReading, Vehicle, VehicleModel
from dealercrm.vehicles.selectors import vehicles_for
from dealercrm.vehicles.services import MAX_KM

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _refuse(field: str, message: str) -> None:
    raise serializers.ValidationError({field: [message]})


# --- serializers -------------------------------------------------------------------------------------------


class OdometerReadingSerializer(serializers.ModelSerializer):
    class Meta:
        model = OdometerReading
        fields = ["id", "km", "read_on", "source", "meter_replaced"]
        read_only_fields = ["id"]
        extra_kwargs = {"km": {"max_value": MAX_KM}}
        validators: list = []


class VehicleSerializer(serializers.ModelSerializer):
    dealer = serializers.PrimaryKeyRelatedField(read_only=True)
    dealer_id = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        write_only=True,
        required=False,
        help_text=gettext_lazy(
            "On create, for staff without a dealer (administrators): the dealer to register "
            "the vehicle at. Dealer staff always register at their own dealer."
        ),
    )
    vin = serializers.CharField(
        max_length=40, help_text=gettext_lazy("17 characters with a valid check digit.")
    )
    plate = serializers.CharField(max_length=20, required=False, allow_blank=True)
    model = serializers.PrimaryKeyRelatedField(queryset=VehicleModel.objects.all())
    first_visit_km = serializers.IntegerField(min_value=0, max_value=MAX_KM, required=False, allow_null=True)
    current_owner = serializers.PrimaryKeyRelatedField(read_only=True)
    owner = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        write_only=True,
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "On create only: the id of the first owner, a customer of the same dealer. "
            "Later changes of owner go through the transfer action."
        ),
    )
    readings = OdometerReadingSerializer(many=True, read_only=True)

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "dealer",
            "dealer_id",
            "vin",
            "plate",
            "model",
            "colour",
            "purchased_on",
            "first_visit_on",
            "first_visit_km",
            "current_owner",
            "owner",
            "readings",
        ]
        validators: list = []  # uniqueness is the service's rule (per dealer, with a readable message)


class TransferSerializer(serializers.Serializer):
    new_owner = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=gettext_lazy("Id of a customer of the vehicle's dealer.")
    )
    on = serializers.DateField(help_text=gettext_lazy("The day the vehicle changed hands."))


class VehicleModelSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = VehicleModel
        fields = ["id", "brand", "series", "trim", "model_year", "is_active", "label"]


# --- filters -----------------------------------------------------------------------------------------------


def _normalized(normalize, value: str) -> str:
    try:
        return normalize(value)
    except DjangoValidationError:
        return value.strip().upper()


class VehicleFilter(django_filters.FilterSet):
    plate = django_filters.CharFilter(
        method="filter_plate", label=gettext_lazy("Plate (any spacing or case)")
    )
    vin = django_filters.CharFilter(method="filter_vin", label=gettext_lazy("VIN"))
    model = IdFilter(field_name="model_id", label=gettext_lazy("Vehicle model id"))
    current_owner = IdFilter(field_name="current_owner_id", label=gettext_lazy("Current owner (customer id)"))

    class Meta:
        model = Vehicle
        fields = ["plate", "vin", "model", "current_owner"]

    def filter_plate(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(plate=_normalized(normalize_plate, value))

    def filter_vin(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(vin=_normalized(normalize_vin, value))


# --- views -------------------------------------------------------------------------------------------------


def _customer(actor: Actor, pk: int, field: str) -> Customer:
    customer = customers_for(actor).select_related("dealer").filter(pk=pk).first()
    if customer is None:
        _refuse(field, _("No such customer at this dealer."))
    return customer


@extend_schema_view(
    list=extend_schema(summary="List vehicles", tags=["vehicles"]),
    retrieve=extend_schema(summary="A vehicle with its odometer readings", tags=["vehicles"]),
    create=extend_schema(summary="Register a vehicle (and its first owner)", tags=["vehicles"]),
    update=extend_schema(summary="Change a vehicle's details", tags=["vehicles"]),
    partial_update=extend_schema(summary="Change some of a vehicle's details", tags=["vehicles"]),
)
class VehicleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_VEHICLES
    write_perm = Perm.EDIT_VEHICLES
    serializer_class = VehicleSerializer
    filterset_class = VehicleFilter

    def get_queryset(self) -> QuerySet[Vehicle]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no actor
            return Vehicle.objects.none()
        return (
            vehicles_for(self.request.actor)
            .select_related("dealer", "model", "current_owner")
            .prefetch_related(
                Prefetch("readings", queryset=OdometerReading.objects.order_by("read_on", "id"))
            )
            .order_by("id")
        )

    def _dealer_for_create(self, dealer_id: int | None, owner: Customer | None) -> Dealer:
        actor: Actor = self.request.actor
        if actor.dealer_id is not None:
            if dealer_id is not None and dealer_id != actor.dealer_id:
                _refuse("dealer_id", _("You can only register vehicles at your own dealer."))
            return Dealer.objects.get(pk=actor.dealer_id)
        if dealer_id is not None:
            dealer = Dealer.objects.filter(pk=dealer_id).first()
            if dealer is None:
                _refuse("dealer_id", _("No such dealer."))
            return dealer
        if owner is not None:
            return owner.dealer
        _refuse("dealer_id", _("Staff without a dealer must say at which dealer the vehicle is registered."))

    def perform_create(self, serializer: VehicleSerializer) -> None:
        fields = dict(serializer.validated_data)
        owner_id = fields.pop("owner", None)
        owner = _customer(self.request.actor, owner_id, "owner") if owner_id is not None else None
        dealer = self._dealer_for_create(fields.pop("dealer_id", None), owner)
        with service_errors():
            serializer.instance = services.vehicle_create(
                actor=self.request.actor, dealer=dealer, fields=fields, owner=owner
            )

    def perform_update(self, serializer: VehicleSerializer) -> None:
        fields = dict(serializer.validated_data)
        if fields.pop("owner", None) is not None:
            _refuse("owner", _("Change the owner with the transfer action."))
        dealer_id = fields.pop("dealer_id", None)
        if dealer_id is not None and dealer_id != serializer.instance.dealer_id:
            _refuse("dealer_id", _("A vehicle cannot move to another dealer."))
        with service_errors():
            serializer.instance = services.vehicle_update(
                actor=self.request.actor, vehicle=serializer.instance, fields=fields
            )

    @extend_schema(
        summary="Record an odometer reading",
        tags=["vehicles"],
        request=OdometerReadingSerializer,
        responses={201: OdometerReadingSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        write_perm=Perm.RECORD_ODOMETER,
        serializer_class=OdometerReadingSerializer,
        filterset_class=None,
    )
    def readings(self, request, pk=None) -> Response:
        vehicle = self.get_object()
        serializer = OdometerReadingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            reading = services.odometer_record(
                actor=request.actor, vehicle=vehicle, **serializer.validated_data
            )
        return Response(OdometerReadingSerializer(reading).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Transfer the vehicle to a new owner",
        tags=["vehicles"],
        request=TransferSerializer,
        responses={200: VehicleSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=TransferSerializer, filterset_class=None)
    def transfer(self, request, pk=None) -> Response:
        vehicle = self.get_object()
        serializer = TransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_owner = _customer(request.actor, serializer.validated_data["new_owner"], "new_owner")
        with service_errors():
            services.ownership_transfer(
                actor=request.actor, vehicle=vehicle, new_owner=new_owner, on=serializer.validated_data["on"]
            )
        return Response(VehicleSerializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(summary="List vehicle models", tags=["vehicles"]),
    retrieve=extend_schema(summary="A vehicle model", tags=["vehicles"]),
)
class VehicleModelViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_VEHICLES
    serializer_class = VehicleModelSerializer
    queryset = VehicleModel.objects.all()
    filterset_fields = ["brand", "is_active"]


ROUTES = [
    ("vehicles", VehicleViewSet, "vehicle"),
    ("vehicle-models", VehicleModelViewSet, "vehicle-model"),
]
