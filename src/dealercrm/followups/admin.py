"""Admin: rules, questionnaires and the contact policy can be looked at here; the COC manager's pages are where
they are changed (through the services). Tasks, calls and answers are read-only records."""

from django.contrib import admin

from dealercrm.followups.models import (
    CallAudit,
    CallLog,
    ContactPolicy,
    FollowUpRule,
    FollowUpTask,
    Question,
    Questionnaire,
    SurveyAlert,
    SurveyResponse,
    TaskPurpose,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FollowUpRule)
class FollowUpRuleAdmin(ReadOnlyAdmin):
    list_display = ["dealer", "event_kind", "purpose_code", "purpose_name", "offset_days", "window_days",
                    "priority", "role", "is_active"]  # fmt: skip
    list_filter = ["dealer", "event_kind", "is_active"]


@admin.register(ContactPolicy)
class ContactPolicyAdmin(ReadOnlyAdmin):
    list_display = ["dealer", "max_calls_7d", "max_calls_30d", "max_callers_90d", "max_attempts", "quiet_until",
                    "quiet_from"]  # fmt: skip


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "text", "kind", "options", "required"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["dealer", "code", "version", "name", "score_kind", "alert_at_or_below", "is_current"]
    list_filter = ["dealer", "code", "is_current"]
    inlines = [QuestionInline]


class PurposeInline(admin.TabularInline):
    model = TaskPurpose
    fields = ["event_kind", "source", "purpose_name", "due_on", "window_end", "status", "closed_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "dealer",
        "customer",
        "due_on",
        "window_end",
        "priority",
        "status",
        "assignee",
        "attempts",
    ]
    list_filter = ["status", "overdue", "dealer"]
    list_select_related = ["dealer", "customer", "assignee"]
    raw_id_fields = ["customer", "vehicle"]
    inlines = [PurposeInline]


@admin.register(CallLog)
class CallLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "dealer", "customer", "agent", "outcome"]
    list_filter = ["outcome", "dealer"]
    list_select_related = ["dealer", "customer", "agent"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "dealer", "customer", "questionnaire", "score"]
    list_select_related = ["dealer", "customer", "questionnaire"]


@admin.register(SurveyAlert)
class SurveyAlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "dealer", "customer", "score", "status", "handled_by"]
    list_filter = ["status", "dealer"]
    list_select_related = ["dealer", "customer", "handled_by"]


@admin.register(CallAudit)
class CallAuditAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "dealer", "call", "auditor", "result"]
    list_filter = ["result", "dealer"]
