"""Customers over REST: list / retrieve / create / update, scoped like the pages, writes through the services.

Phone and ID numbers are masked on output for roles that may not see them in full; sending a masked ID number
back unchanged keeps the stored one. A service ValidationError becomes a 400 with one message list per field.
"""

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from dealercrm.core.api import service_errors
from dealercrm.customers import selectors, services
from dealercrm.customers.choices import ContactKind, CustomerClass, CustomerKind, CustomerSource
from dealercrm.customers.models import Customer, Tag
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission
from dealercrm.org.roles import Perm


class ContactSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    value = serializers.CharField(
        max_length=120, help_text=_("Masked on output for roles without full access.")
    )
    is_primary = serializers.BooleanField(default=False)
    wrong_number = serializers.BooleanField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["value"] = selectors.contact_display(
            self.context["request"].actor, instance.kind, instance.value
        )
        return data


class TagNamesField(serializers.ListField):
    """A customer's tags as a list of names."""

    child = serializers.CharField(max_length=Tag._meta.get_field("name").max_length)

    def to_representation(self, data):
        return sorted(tag.name for tag in data.all())


class CustomerSerializer(serializers.ModelSerializer):
    dealer = serializers.PrimaryKeyRelatedField(read_only=True)
    dealer_id = serializers.IntegerField(
        write_only=True,
        required=False,
        help_text=_("Only for staff without a dealer (group-wide admins): the dealer of the new customer."),
    )
    id_number = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text=_("Masked on output for roles without full access."),
    )
    tags = TagNamesField(required=False)
    contacts = ContactSerializer(
        many=True, required=False, help_text=_("Writable when creating a customer only.")
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            "dealer",
            "dealer_id",
            "kind",
            "name",
            "name_pinyin",
            "gender",
            "birthday",
            "birthday_calendar",
            "language",
            "id_number",
            "occupation",
            "customer_class",
            "source",
            "note",
            "tags",
            "data_quality",
            "contacts",
            "created_at",
        ]
        read_only_fields = ["name_pinyin", "data_quality", "created_at"]

    @property
    def actor(self) -> Actor:
        return self.context["request"].actor

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id_number"] = selectors.id_number_display(self.actor, instance.id_number)
        return data

    def validate(self, attrs):
        if self.instance is not None:
            if "contacts" in attrs:
                message = _("Contacts can be set only when creating a customer; add more on its page.")
                raise ValidationError({"contacts": [message]})
            shown = selectors.id_number_display(self.actor, self.instance.id_number)
            if shown and attrs.get("id_number") == shown:
                attrs.pop("id_number")  # the masked value sent back unchanged: keep the stored number
        return attrs

    def _dealer_for_create(self, dealer_id: int | None) -> Dealer:
        actor = self.actor
        if actor.dealer_id is not None:
            return get_object_or_404(Dealer, pk=actor.dealer_id)
        if dealer_id is None:
            raise ValidationError({"dealer_id": [_("Say which dealer the customer belongs to.")]})
        dealer = Dealer.objects.filter(pk=dealer_id).first()
        if dealer is None:
            raise ValidationError({"dealer_id": [_("No such dealer.")]})
        return dealer

    def create(self, validated_data):
        contacts = [
            services.ContactInput(c["kind"], c["value"], c.get("is_primary", False))
            for c in validated_data.pop("contacts", [])
        ]
        tags = validated_data.pop("tags", [])
        dealer = self._dealer_for_create(validated_data.pop("dealer_id", None))
        with service_errors():
            return services.customer_create(
                actor=self.actor, dealer=dealer, fields=validated_data, contacts=contacts, tags=tags
            )

    def update(self, instance, validated_data):
        validated_data.pop("dealer_id", None)
        tags = validated_data.pop("tags", None)
        with service_errors(), transaction.atomic():  # the fields and the tags, or neither
            customer = services.customer_update(actor=self.actor, customer=instance, fields=validated_data)
            if tags is not None:
                services.customer_set_tags(actor=self.actor, customer=customer, names=tags)
        return selectors.customer_get(self.actor, customer.pk)


class CustomerFilter(django_filters.FilterSet):
    customer_class = django_filters.ChoiceFilter(choices=CustomerClass.choices)
    kind = django_filters.ChoiceFilter(choices=CustomerKind.choices)
    source = django_filters.ChoiceFilter(choices=CustomerSource.choices)
    tag = django_filters.CharFilter(field_name="tags__name", label=_("Tag name"))
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Created on or after")
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Created on or before")
    )

    class Meta:
        model = Customer
        fields = ["customer_class", "kind", "source", "tag", "created_after", "created_before"]


@extend_schema_view(
    list=extend_schema(
        summary="List customers", description="Customers in the caller's scope, newest first."
    ),
    retrieve=extend_schema(summary="One customer"),
    create=extend_schema(
        summary="Create a customer with contacts and tags",
        description="Group-wide staff without a dealer pass `dealer_id`.",
    ),
    update=extend_schema(summary="Replace a customer's own fields"),
    partial_update=extend_schema(summary="Change some of a customer's own fields"),
)
class CustomerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Customers (no delete: erasing a person is the privacy flow's job)."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CUSTOMERS
    write_perm = Perm.EDIT_CUSTOMERS
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
    queryset = Customer.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Customer.objects.none()
        return (
            selectors.customers_for(self.request.actor)
            .select_related("dealer")
            .prefetch_related("contacts", "tags")
            .order_by("-created_at", "-id")
        )


ROUTES = [("customers", CustomerViewSet, "customer")]
