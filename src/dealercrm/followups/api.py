"""Follow-ups over REST: tasks (list, next call, outcome), rules, questionnaires, responses and alerts.

Same selectors and services as the pages, so the same scope (another dealer's row is a 404) and the same rules.
"""

from datetime import timedelta

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dealercrm.core.api import service_errors
from dealercrm.customers.models import ContactPoint
from dealercrm.followups import selectors, services
from dealercrm.followups.choices import CallOutcome, TaskStatus
from dealercrm.followups.models import (
    Answer,
    CallLog,
    FollowUpRule,
    FollowUpTask,
    Question,
    Questionnaire,
    SurveyAlert,
    SurveyResponse,
    TaskPurpose,
)
from dealercrm.org.access import actor_for
from dealercrm.org.permissions import ActorPermission
from dealercrm.org.roles import Perm

MAX_ID = 2**63 - 1
TAGS = ["follow-ups"]


class PurposeSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskPurpose
        fields = ["id", "event_kind", "source", "purpose_code", "purpose_name", "occurrence", "due_on",
                  "window_end", "priority", "questionnaire_code", "status", "closed_reason"]  # fmt: skip


class TaskSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    purposes = PurposeSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUpTask
        fields = ["id", "dealer", "customer", "customer_name", "vehicle", "due_on", "window_end", "priority",
                  "role", "status", "overdue", "assignee", "attempts", "misses", "next_attempt_on", "callback_at",
                  "claimed_by", "claimed_at", "outcome", "closed_at", "purposes"]  # fmt: skip
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallLog
        fields = ["id", "task", "customer", "agent", "at", "outcome", "note", "callback_at"]
        read_only_fields = fields


class NextCallSerializer(serializers.Serializer):
    task = TaskSerializer(allow_null=True)
    reason = serializers.CharField(
        help_text="Why no task was given (quiet hours, contact caps, empty queue)."
    )


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CallOutcome.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    callback_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    answers = serializers.DictField(
        child=serializers.CharField(max_length=1000, allow_blank=True),
        required=False,
        default=dict,
        help_text="Question id → answer, for a completed call (numbers for scales, yes / no, an option, text).",
    )
    contact_id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text="The phone number dialled (for a wrong number); default the primary one.",
    )  # fmt: skip

    def validate_callback_at(self, value):
        if value is not None and not timezone.now() < value < timezone.now() + timedelta(days=366):
            raise serializers.ValidationError(_("Choose a time within the next year."))
        return value


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpRule
        fields = ["id", "dealer", "event_kind", "purpose_code", "purpose_name", "offset_days", "window_days",
                  "priority", "questionnaire_code", "role", "repeat_every_days", "repeat_until_days",
                  "is_active"]  # fmt: skip
        read_only_fields = ["id", "dealer", "event_kind", "purpose_code"]
        extra_kwargs = {
            "offset_days": {"min_value": -365, "max_value": 3650},
            "window_days": {"max_value": 60},
            "priority": {"max_value": 100},
            "repeat_every_days": {"min_value": 1, "max_value": 3650},
            "repeat_until_days": {"max_value": 3650},
        }


class QuestionSerializer(serializers.ModelSerializer):
    options = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)

    class Meta:
        model = Question
        fields = ["id", "position", "text", "kind", "options", "required"]
        read_only_fields = ["id", "position"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "dealer", "code", "version", "name", "score_kind", "alert_at_or_below", "is_current",
                  "questions"]  # fmt: skip
        read_only_fields = fields


class NewVersionSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    alert_at_or_below = serializers.IntegerField(min_value=0, max_value=100)
    questions = QuestionSerializer(many=True)


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "value"]


class ResponseSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyResponse
        fields = ["id", "dealer", "call", "customer", "questionnaire", "score", "answers", "created_at"]
        read_only_fields = fields


class AlertSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    questionnaire = serializers.CharField(source="response.questionnaire.name", read_only=True)

    class Meta:
        model = SurveyAlert
        fields = ["id", "dealer", "customer", "customer_name", "response", "questionnaire", "score", "status",
                  "handled_by", "handled_at", "note", "created_at"]  # fmt: skip
        read_only_fields = fields


class HandleSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter()
    due_on_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = FollowUpTask
        fields = ["status", "overdue", "due_on_before"]


class _Scoped:
    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_FOLLOWUPS
    write_perm = Perm.MANAGE_FOLLOWUPS
    filterset_class = None
    model: type

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no actor
            return self.model.objects.none()
        return self.scoped(self.request.actor)

    def permission_denied(self, request, message=None, code=None):
        """A refused request on an object the caller cannot see is a 404 (no probing of other dealers)."""
        pk = self.kwargs.get("pk")
        if pk is not None and request.user and request.user.is_authenticated:
            visible = str(pk).isdigit() and self.scoped(actor_for(request.user)).filter(pk=int(pk)).exists()
            if not visible:
                raise Http404
        super().permission_denied(request, message=message, code=code)


@extend_schema_view(
    list=extend_schema(summary="List follow-up tasks", tags=TAGS),
    retrieve=extend_schema(summary="A follow-up task with its purposes", tags=TAGS),
)
class TaskViewSet(_Scoped, viewsets.ReadOnlyModelViewSet):
    model = FollowUpTask
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    write_perm = Perm.WORK_CALLS

    def scoped(self, actor):
        purposes = Prefetch("purposes", queryset=TaskPurpose.objects.order_by("-priority", "due_on", "id"))
        return selectors.tasks_for(actor).select_related("customer").prefetch_related(purposes).order_by("id")

    @extend_schema(summary="Take the next call", tags=TAGS, request=None, responses={200: NextCallSerializer})
    @action(detail=False, methods=["post"], filterset_class=None, serializer_class=NextCallSerializer)
    def next(self, request) -> Response:
        with service_errors():
            offered = services.next_call(actor=request.actor)
        task = self.scoped(request.actor).get(pk=offered.task.pk) if offered.task else None
        return Response({"task": TaskSerializer(task).data if task else None, "reason": offered.reason})

    @extend_schema(
        summary="Record the outcome of a call",
        tags=TAGS,
        request=OutcomeSerializer,
        responses={201: CallSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None, serializer_class=OutcomeSerializer)
    def outcome(self, request, pk=None) -> Response:
        task = self.get_object()
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contact_id = data.pop("contact_id", None)
        contact = ContactPoint.objects.filter(pk=contact_id, customer_id=task.customer_id).first()
        if contact_id and contact is None:
            raise serializers.ValidationError(
                {"contact_id": [_("Choose one of the customer's phone numbers.")]}
            )
        with service_errors():
            call = services.call_record(actor=request.actor, task=task, contact=contact, **data)
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List follow-up rules", tags=TAGS),
    retrieve=extend_schema(summary="A follow-up rule", tags=TAGS),
    update=extend_schema(summary="Change a follow-up rule", tags=TAGS),
    partial_update=extend_schema(summary="Change some of a follow-up rule", tags=TAGS),
)
class RuleViewSet(_Scoped, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    model = FollowUpRule
    serializer_class = RuleSerializer
    filterset_fields = ["event_kind", "is_active"]

    def scoped(self, actor):
        return selectors.rules_for(actor)

    def perform_update(self, serializer) -> None:
        with service_errors():
            serializer.instance = services.rule_update(
                actor=self.request.actor, rule=serializer.instance, fields=dict(serializer.validated_data)
            )


@extend_schema_view(
    list=extend_schema(summary="List questionnaires (every version)", tags=TAGS),
    retrieve=extend_schema(summary="One version of a questionnaire", tags=TAGS),
)
class QuestionnaireViewSet(_Scoped, viewsets.ReadOnlyModelViewSet):
    model = Questionnaire
    serializer_class = QuestionnaireSerializer
    filterset_fields = ["code", "is_current"]

    def scoped(self, actor):
        return selectors.questionnaires_for(actor)

    @extend_schema(
        summary="Publish a new version",
        tags=TAGS,
        request=NewVersionSerializer,
        responses={201: QuestionnaireSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None, serializer_class=NewVersionSerializer)
    def versions(self, request, pk=None) -> Response:
        base = self.get_object()
        serializer = NewVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        questions = [
            services.surveys.QuestionInput(
                q["kind"], q["text"], tuple(q.get("options", [])), q.get("required", False)
            )
            for q in data["questions"]
        ]
        with service_errors():
            new = services.questionnaire_new_version(
                actor=request.actor, questionnaire=base, name=data["name"],
                alert_at_or_below=data["alert_at_or_below"], questions=questions,
            )  # fmt: skip
        return Response(QuestionnaireSerializer(self.scoped(request.actor).get(pk=new.pk)).data, status=201)


@extend_schema_view(
    list=extend_schema(summary="List survey responses", tags=TAGS),
    retrieve=extend_schema(summary="A survey response with its answers", tags=TAGS),
)
class ResponseViewSet(_Scoped, viewsets.ReadOnlyModelViewSet):
    model = SurveyResponse
    serializer_class = ResponseSerializer
    filterset_fields = ["questionnaire", "customer"]

    def scoped(self, actor):
        return selectors.responses_for(actor).prefetch_related("answers").order_by("-id")


@extend_schema_view(
    list=extend_schema(summary="List low-score alerts", tags=TAGS),
    retrieve=extend_schema(summary="A low-score alert", tags=TAGS),
)
class AlertViewSet(_Scoped, viewsets.ReadOnlyModelViewSet):
    model = SurveyAlert
    serializer_class = AlertSerializer
    filterset_fields = ["status"]

    def scoped(self, actor):
        return selectors.alerts_for(actor).order_by("-id")

    @extend_schema(
        summary="Mark an alert handled", tags=TAGS, request=HandleSerializer, responses={200: AlertSerializer}
    )
    @action(detail=True, methods=["post"], filterset_class=None, serializer_class=HandleSerializer)
    def handle(self, request, pk=None) -> Response:
        alert = self.get_object()
        serializer = HandleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.alert_handle(actor=request.actor, alert=alert, note=serializer.validated_data["note"])
        return Response(AlertSerializer(self.scoped(request.actor).get(pk=alert.pk)).data)


ROUTES = [
    ("followup-tasks", TaskViewSet, "followup-task"),
    ("followup-rules", RuleViewSet, "followup-rule"),
    ("questionnaires", QuestionnaireViewSet, "questionnaire"),
    ("survey-responses", ResponseViewSet, "survey-response"),
    ("survey-alerts", AlertViewSet, "survey-alert"),
]
