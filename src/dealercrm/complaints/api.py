"""Complaints over REST: list / retrieve / create, each step as an action, improvement actions.

Scoped like the pages (a dealer's staff see its complaints, group HQ all of them read-only); the complainant's
contact is masked for roles without full access. Steps go through the same services as the pages, so the
same rules hold: no skipping (400), a step needing another role (403), another dealer's complaint (404).
"""

import django_filters
from django import forms
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.complaints import api_serializers as s
from dealercrm.complaints import selectors, services
from dealercrm.complaints.choices import Step
from dealercrm.complaints.models import Complaint, ComplaintEvent, ImprovementAction
from dealercrm.core.api import service_errors
from dealercrm.customers.selectors import customers_for
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import ActorPermission
from dealercrm.org.roles import Perm
from dealercrm.vehicles.selectors import vehicles_for

# Step routes let anyone who sees complaints reach them: the complaint is looked up first (another dealer's is a
# 404), then the step's service checks the Perm it needs (HANDLE, MANAGE or APPROVE: 403 otherwise; group HQ is
# read-only and gets 403 on every step).
STEP_ROUTE = Perm.VIEW_COMPLAINTS


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ComplaintFilter(django_filters.FilterSet):
    # A plain number, not a model choice: another dealer's customer id answers like a missing one (empty list).
    customer = IdFilter(field_name="customer_id", label=gettext_lazy("Customer id"))
    open = django_filters.BooleanFilter(method="_open", label=gettext_lazy("Open (not archived)"))

    class Meta:
        model = Complaint
        fields = ["step", "severity", "complaint_type", "channel", "customer", "open"]

    def _open(self, queryset, name, value):
        return queryset.exclude(step=Step.ARCHIVED) if value else queryset.filter(step=Step.ARCHIVED)


def _refuse(field: str, message: str):
    raise serializers.ValidationError({field: [message]})


def _step(summary: str, request):
    return extend_schema(
        summary=summary, tags=["complaints"], request=request, responses={200: s.ComplaintSerializer}
    )


@extend_schema_view(
    list=extend_schema(
        summary="List complaints", description="Newest first, in the caller's scope.", tags=["complaints"]
    ),
    retrieve=extend_schema(summary="One complaint with its options and events", tags=["complaints"]),
    create=extend_schema(
        summary="Receive a complaint (step 1)",
        tags=["complaints"],
        request=s.IntakeSerializer,
        responses={201: s.ComplaintSerializer},
    ),
)
class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_COMPLAINTS
    write_perm = Perm.HANDLE_COMPLAINTS  # taking complaints in
    serializer_class = s.ComplaintSerializer
    filterset_class = ComplaintFilter
    queryset = Complaint.objects.none()

    def get_queryset(self) -> QuerySet[Complaint]:
        if getattr(self, "swagger_fake_view", False):
            return Complaint.objects.none()
        return (
            selectors.complaints_for(self.request.actor)
            .select_related("customer")
            .prefetch_related(
                "options", Prefetch("events", queryset=ComplaintEvent.objects.order_by("at", "id"))
            )
            .order_by("-received_at", "-id")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **getattr(self, "_extra_context", {})}

    def _decorate(self, complaints: list[Complaint]) -> list[Complaint]:
        self._extra_context = {"contacts": selectors.complainant_contacts(self.request.actor, complaints)}
        return selectors.with_time_left(complaints)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self._decorate(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self._show(self.get_object()))

    def _show(self, complaint: Complaint) -> dict:
        fresh = self.get_queryset().get(pk=complaint.pk)
        [fresh] = self._decorate([fresh])
        return self.get_serializer(fresh).data

    def create(self, request, *args, **kwargs):
        body = s.IntakeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        actor = request.actor
        customer = vehicle = None
        if data.get("customer") is not None:
            customer = customers_for(actor).select_related("dealer").filter(pk=data.pop("customer")).first()
            if customer is None:
                _refuse("customer", _("No such customer."))
        if data.get("vehicle") is not None:
            vehicle = vehicles_for(actor).filter(pk=data.pop("vehicle")).first()
            if vehicle is None:
                _refuse("vehicle", _("No such vehicle."))
        dealer = self._dealer(customer, data.pop("dealer_id", None))
        new_customer = data.pop("new_customer", None)
        task_id = data.pop("task", None)
        with service_errors():
            complaint = services.complaint_intake(
                actor=actor,
                dealer=dealer,
                fields=data,
                customer=customer,
                new_customer=new_customer,
                vehicle=vehicle,
                task_id=task_id,
            )
        return Response(self._show(complaint), status=status.HTTP_201_CREATED)

    def _dealer(self, customer, dealer_id: int | None) -> Dealer:
        actor = self.request.actor
        if customer is not None:
            return customer.dealer
        if actor.dealer_id is not None:
            return get_object_or_404(Dealer, pk=actor.dealer_id)
        dealer = Dealer.objects.filter(pk=dealer_id).first() if dealer_id else None
        if dealer is None:
            _refuse("dealer_id", _("Say at which dealer the new customer complains."))
        return dealer

    def _act(self, body_class, call, perm: Perm = Perm.HANDLE_COMPLAINTS) -> Response:
        complaint = self.get_object()  # 404 first, then 403, then 400
        self.request.actor.require(perm)
        body = body_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            call(self.request.actor, complaint, dict(body.validated_data))
        return Response(self._show(complaint))

    @_step("Classify: confirm type and severity (step 2)", s.ClassifySerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def classify(self, request, pk=None):
        return self._act(
            s.ClassifySerializer,
            lambda a, c, d: services.complaint_classify(actor=a, complaint=c, **d),
            Perm.MANAGE_COMPLAINTS,
        )

    @_step("Assign a handler (step 3)", s.AssignSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def assign(self, request, pk=None):
        return self._act(
            s.AssignSerializer,
            lambda a, c, d: services.complaint_assign(actor=a, complaint=c, **d),
            Perm.MANAGE_COMPLAINTS,
        )

    @_step("Record the investigation (step 4)", s.InvestigateSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def investigate(self, request, pk=None):
        return self._act(
            s.InvestigateSerializer, lambda a, c, d: services.complaint_investigate(actor=a, complaint=c, **d)
        )

    @_step("Propose solutions (step 5; again to add options)", s.ProposeSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def propose(self, request, pk=None):
        def call(a, c, d):
            options = [services.OptionInput(**o) for o in d.pop("options")]
            services.complaint_propose(actor=a, complaint=c, options=options, **d)

        return self._act(s.ProposeSerializer, call)

    @_step("Record the option the customer accepts", s.ChooseSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def choose(self, request, pk=None):
        return self._act(
            s.ChooseSerializer, lambda a, c, d: services.option_choose(actor=a, complaint=c, **d)
        )

    @_step("Approve or reject the chosen compensation (GM)", s.DecideSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def decide(self, request, pk=None):
        def call(a, c, d):
            chosen = c.options.filter(chosen=True).first()
            services.compensation_decide(actor=a, complaint=c, option=chosen.pk if chosen else 0, **d)

        return self._act(s.DecideSerializer, call, Perm.APPROVE_COMPENSATION)

    @_step("Implement the accepted solution (step 6)", s.ImplementSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def implement(self, request, pk=None):
        return self._act(
            s.ImplementSerializer, lambda a, c, d: services.complaint_implement(actor=a, complaint=c, **d)
        )

    @_step("Document an attempt to reach the customer", s.AttemptSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def attempt(self, request, pk=None):
        return self._act(
            s.AttemptSerializer, lambda a, c, d: services.contact_attempt_record(actor=a, complaint=c, **d)
        )

    @_step("Record the customer's feedback (step 7)", s.FeedbackSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def feedback(self, request, pk=None):
        return self._act(
            s.FeedbackSerializer, lambda a, c, d: services.complaint_feedback(actor=a, complaint=c, **d)
        )

    @_step("Archive (step 8)", s.NoteSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def archive(self, request, pk=None):
        return self._act(
            s.NoteSerializer,
            lambda a, c, d: services.complaint_archive(actor=a, complaint=c, **d),
            Perm.MANAGE_COMPLAINTS,
        )

    @_step("Escalate one handling level", s.NoteSerializer)
    @action(detail=True, methods=["post"], filterset_class=None, write_perm=STEP_ROUTE)
    def escalate(self, request, pk=None):
        return self._act(
            s.NoteSerializer,
            lambda a, c, d: services.complaint_escalate(actor=a, complaint=c, **d),
            Perm.MANAGE_COMPLAINTS,
        )


@extend_schema_view(
    list=extend_schema(summary="List improvement actions", tags=["complaints"]),
    retrieve=extend_schema(summary="One improvement action", tags=["complaints"]),
    create=extend_schema(summary="Record an improvement action", tags=["complaints"]),
    update=extend_schema(summary="Change an improvement action", tags=["complaints"]),
    partial_update=extend_schema(summary="Change some of an improvement action", tags=["complaints"]),
)
class ImprovementActionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_COMPLAINTS
    write_perm = STEP_ROUTE  # the services require MANAGE_COMPLAINTS (403) once the action is found (404)
    serializer_class = s.ImprovementActionSerializer
    filterset_fields = ["status"]
    queryset = ImprovementAction.objects.none()

    def get_queryset(self) -> QuerySet[ImprovementAction]:
        if getattr(self, "swagger_fake_view", False):
            return ImprovementAction.objects.none()
        return (
            selectors.improvement_actions_for(self.request.actor)
            .prefetch_related("complaints")
            .order_by("due_on", "id")
        )

    def _fields(self, serializer, dealer_id: int) -> tuple[dict, list | None]:
        data = dict(serializer.validated_data)
        ids = data.pop("complaint_ids", None)
        if "owner_id" in data:
            data["owner"] = data.pop("owner_id")
        linked = None
        if ids is not None:
            linked, missing = selectors.complaints_by_ids(self.request.actor, ids, dealer_id)
            if missing:
                _refuse("complaints", _("No complaint %(ids)s at this dealer.") % {"ids": missing})
        return data, linked

    def create(self, request, *args, **kwargs):
        request.actor.require(Perm.MANAGE_COMPLAINTS)  # 403 before looking at the body
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()  # another dealer's: 404
        request.actor.require(Perm.MANAGE_COMPLAINTS)  # then 403, then the body's 400
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        actor = self.request.actor
        if actor.dealer_id is None:
            _refuse("dealer", _("Improvement actions are recorded by a dealer's managers."))
        fields, linked = self._fields(serializer, actor.dealer_id)
        with service_errors():
            serializer.instance = services.improvement_action_create(
                actor=actor,
                dealer=Dealer.objects.get(pk=actor.dealer_id),
                fields=fields,
                complaints=linked or [],
            )

    def perform_update(self, serializer) -> None:
        action_ = serializer.instance
        fields, linked = self._fields(serializer, action_.dealer_id)
        with service_errors():
            serializer.instance = services.improvement_action_update(
                actor=self.request.actor, action=action_, fields=fields, complaints=linked
            )


ROUTES = [
    ("complaints", ComplaintViewSet, "complaint"),
    ("complaint-improvements", ImprovementActionViewSet, "complaint-improvement"),
]
