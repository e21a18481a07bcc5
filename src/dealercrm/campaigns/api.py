"""Campaigns over REST: segments (+ live count), campaigns (+ launch, results, cancel), owner club events
(+ invite, registrations, attendance).

Scoped like the pages: a dealer's staff see their dealer's records (another dealer's are 404), group HQ reads
every dealer's and changes nothing; MANAGE_CAMPAIGNS writes, VIEW_CAMPAIGNS reads.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.campaigns import api_serializers as s
from dealercrm.campaigns import selectors, services
from dealercrm.campaigns.models import Campaign, ClubEvent, Segment
from dealercrm.campaigns.results import campaign_results
from dealercrm.campaigns.services.events import EVENT_FIELDS
from dealercrm.core.api import service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission, ObjectFirstMixin
from dealercrm.org.roles import Perm

TAG = ["campaigns"]


def _refuse(field: str, message: str):
    raise serializers.ValidationError({field: [message]})


class _Base(ObjectFirstMixin, viewsets.GenericViewSet):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CAMPAIGNS
    write_perm = Perm.MANAGE_CAMPAIGNS

    def _dealer(self) -> Dealer:
        actor = self.request.actor
        if actor.dealer_id is None:
            _refuse("dealer", _("Segments, campaigns and events are made by a dealer's staff."))
        return Dealer.objects.get(pk=actor.dealer_id)

    def _body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)


_CRUD = (
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
)


def _crud_schema(noun: str, serializer):
    return extend_schema_view(
        list=extend_schema(summary=f"List {noun}s", tags=TAG),
        retrieve=extend_schema(summary=f"One {noun}", tags=TAG),
        create=extend_schema(summary=f"Create a {noun}", tags=TAG, responses={201: serializer}),
        update=extend_schema(summary=f"Change a {noun}", tags=TAG),
        partial_update=extend_schema(summary=f"Change some of a {noun}", tags=TAG),
        destroy=extend_schema(summary=f"Delete a {noun}", tags=TAG),
    )


@_crud_schema("segment", s.SegmentSerializer)
class SegmentViewSet(*_CRUD, _Base):
    serializer_class = s.SegmentSerializer
    queryset = Segment.objects.none()

    @property
    def write_perm(self):  # the count is a read sent as POST (its rules are a JSON body)
        return Perm.VIEW_CAMPAIGNS if getattr(self, "action", None) == "count" else Perm.MANAGE_CAMPAIGNS

    def get_queryset(self) -> QuerySet[Segment]:
        if getattr(self, "swagger_fake_view", False):
            return Segment.objects.none()
        return selectors.segments_for(self.request.actor).select_related("created_by").order_by("name", "id")

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.segment_create(
                actor=self.request.actor,
                dealer=self._dealer(),
                name=data["name"],
                rules=data.get("rules", {}),
            )

    def perform_update(self, serializer) -> None:
        segment, data = serializer.instance, serializer.validated_data
        with service_errors():
            serializer.instance = services.segment_update(
                actor=self.request.actor,
                segment=segment,
                name=data.get("name", segment.name),
                rules=data.get("rules", segment.rules),
            )

    def perform_destroy(self, instance) -> None:
        with service_errors():
            services.segment_delete(actor=self.request.actor, segment=instance)

    @extend_schema(
        summary="Count the customers some rules select (the live count; nothing is saved)",
        tags=TAG,
        request=s.CountRequestSerializer,
        responses={200: s.CountSerializer},
    )
    @action(detail=False, methods=["post"])
    def count(self, request):
        data = self._body(s.CountRequestSerializer)
        actor = request.actor
        dealer_id = data.get("dealer") or actor.dealer_id
        if dealer_id is None:
            _refuse("dealer", _("Say which dealer's customers to count."))
        foreign = not actor.is_group_wide and dealer_id != actor.dealer_id
        if foreign or not Dealer.objects.filter(pk=dealer_id).exists():
            _refuse("dealer", _("No such dealer."))
        with service_errors():
            count = selectors.segment_count(actor, dealer_ids=[dealer_id], rules=data.get("rules", {}))
        return Response({"count": count})


@_crud_schema("campaign", s.CampaignSerializer)
class CampaignViewSet(*_CRUD, _Base):
    serializer_class = s.CampaignSerializer
    queryset = Campaign.objects.none()
    filterset_fields = ["status"]

    def get_queryset(self) -> QuerySet[Campaign]:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        return selectors.campaigns_for(self.request.actor).order_by("-created_at", "-id")

    def _fields(self, data: dict, dealer_id: int) -> dict:
        fields = {k: data[k] for k in ("name", "scheduled_at", "response_days") if k in data}
        if "segment_id" in data:
            fields["segment"] = selectors.segments_for(self.request.actor).filter(
                pk=data["segment_id"], dealer_id=dealer_id
            ).first() or _refuse("segment", _("No such segment at this dealer."))
        if "template_id" in data:
            fields["template"] = selectors.templates_for_campaigns(dealer_id).filter(
                pk=data["template_id"]
            ).first() or _refuse("template", _("No such active message template at this dealer."))
        return fields

    def perform_create(self, serializer) -> None:
        dealer = self._dealer()
        fields = self._fields(serializer.validated_data, dealer.pk)
        with service_errors():
            serializer.instance = services.campaign_create(
                actor=self.request.actor, dealer=dealer, fields=fields
            )

    def perform_update(self, serializer) -> None:
        campaign = serializer.instance
        fields = self._fields(serializer.validated_data, campaign.dealer_id)
        with service_errors():
            serializer.instance = services.campaign_update(
                actor=self.request.actor, campaign=campaign, fields=fields
            )

    def perform_destroy(self, instance) -> None:
        with service_errors():
            services.campaign_delete(actor=self.request.actor, campaign=instance)

    @extend_schema(
        summary="Send now: queue a message for every customer of the segment (idempotent)",
        tags=TAG,
        request=None,
        responses={200: s.LaunchSerializer},
    )
    @action(detail=True, methods=["post"])
    def launch(self, request, pk=None):
        campaign = self.get_object()
        with service_errors():
            queued = services.campaign_launch(actor=request.actor, campaign=campaign)
        campaign.refresh_from_db()
        return Response({"queued": queued, "campaign": s.CampaignSerializer(campaign).data})

    @extend_schema(
        summary="Cancel a campaign not yet sent",
        tags=TAG,
        request=None,
        responses={200: s.CampaignSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        with service_errors():
            campaign = services.campaign_cancel(actor=request.actor, campaign=self.get_object())
        return Response(s.CampaignSerializer(campaign).data)

    @extend_schema(summary="Results from the outbox", tags=TAG, responses={200: s.ResultsSerializer})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        campaign = self.get_object()
        return Response(s.ResultsSerializer(campaign_results([campaign])[campaign.pk]).data)


@_crud_schema("club event", s.ClubEventSerializer)
class ClubEventViewSet(*_CRUD, _Base):
    serializer_class = s.ClubEventSerializer
    queryset = ClubEvent.objects.none()
    filterset_fields = ["status"]

    def get_queryset(self) -> QuerySet[ClubEvent]:
        if getattr(self, "swagger_fake_view", False):
            return ClubEvent.objects.none()
        return selectors.event_list(self.request.actor)

    def _fresh(self, event: ClubEvent) -> ClubEvent:
        return self.get_queryset().get(pk=event.pk)

    def perform_create(self, serializer) -> None:
        fields = {k: serializer.validated_data.get(k) for k in EVENT_FIELDS}
        with service_errors():
            event = services.event_create(actor=self.request.actor, dealer=self._dealer(), fields=fields)
        serializer.instance = self._fresh(event)

    def perform_update(self, serializer) -> None:
        fields = {k: v for k, v in serializer.validated_data.items() if k in EVENT_FIELDS}
        with service_errors():
            event = services.event_update(actor=self.request.actor, event=serializer.instance, fields=fields)
        serializer.instance = self._fresh(event)

    def perform_destroy(self, instance) -> None:
        with service_errors():
            services.event_delete(actor=self.request.actor, event=instance)

    @extend_schema(
        summary="Invite a segment (registrations + invitation messages)",
        tags=TAG,
        request=s.InviteSerializer,
        responses={200: s.InvitedSerializer},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        event = self.get_object()
        data = self._body(s.InviteSerializer)
        segment = (
            selectors.segments_for(request.actor)
            .filter(pk=data["segment"], dealer_id=event.dealer_id)
            .first()
        )
        if segment is None:
            _refuse("segment", _("No such segment at this dealer."))
        template = None
        if "template" in data:
            template = selectors.templates_for_campaigns(event.dealer_id).filter(pk=data["template"]).first()
            if template is None:
                _refuse("template", _("No such active message template at this dealer."))
        with service_errors():
            done = services.event_invite(actor=request.actor, event=event, segment=segment, template=template)
        return Response(done)

    @extend_schema(
        methods=["get"],
        summary="The event's registrations",
        tags=TAG,
        responses={200: s.RegistrationSerializer(many=True)},
    )
    @extend_schema(
        methods=["post"],
        summary="Register a customer (a seat, or the waiting list when full)",
        tags=TAG,
        request=s.RegisterSerializer,
        responses={201: s.RegistrationSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def registrations(self, request, pk=None):
        event = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.registration_list(event))
            return self.get_paginated_response(s.RegistrationSerializer(page, many=True).data)
        data = self._body(s.RegisterSerializer)
        customer = customers_for(request.actor).filter(pk=data["customer"], dealer_id=event.dealer_id).first()
        if customer is None:
            _refuse("customer", _("No such customer at this dealer."))
        with service_errors():
            registration = services.registration_register(
                actor=request.actor, event=event, customer=customer, note=data.get("note", "")
            )
        return Response(s.RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel a registration (the first on the waiting list moves up)",
        tags=TAG,
        request=s.UnregisterSerializer,
        responses={200: s.UnregisteredSerializer},
    )
    @action(detail=True, methods=["post"])
    def unregister(self, request, pk=None):
        event = self.get_object()
        data = self._body(s.UnregisterSerializer)
        registration = event.registrations.select_related("customer").filter(pk=data["registration"]).first()
        if registration is None:
            _refuse("registration", _("No such registration for this event."))
        with service_errors():
            promoted = services.registration_cancel(actor=request.actor, registration=registration)
        registration.refresh_from_db()
        return Response(
            {
                "registration": s.RegistrationSerializer(registration).data,
                "promoted": s.RegistrationSerializer(promoted, many=True).data,
            }
        )

    @extend_schema(
        summary="Record who came (follow-up calls for them)",
        tags=TAG,
        request=s.AttendanceSerializer,
        responses={200: s.AttendanceResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        event = self.get_object()
        data = self._body(s.AttendanceSerializer)
        with service_errors():
            done = services.attendance_record(actor=request.actor, event=event, attended=data["attended"])
        return Response(done)


ROUTES = [
    ("segments", SegmentViewSet, "segment"),
    ("campaigns", CampaignViewSet, "campaign"),
    ("club-events", ClubEventViewSet, "club-event"),
]
