from django.urls import path

from dealercrm.followups import views, views_manage

app_name = "followups"
urlpatterns = [
    path("", views.home, name="home"),
    path("next/", views.take_next, name="next"),
    path("work/<int:pk>/", views.work, name="work"),
    path("work/<int:pk>/release/", views.release, name="release"),
    path("health/", views_manage.health, name="health"),
    path("tasks/", views_manage.tasks, name="tasks"),
    path("tasks/reassign/", views_manage.reassign, name="reassign"),
    path("tasks/<int:pk>/", views_manage.task_detail, name="task"),
    path("audit/", views_manage.audit, name="audit"),
    path("audit/<int:pk>/", views_manage.audit_record, name="audit-record"),
    path("alerts/", views_manage.alerts, name="alerts"),
    path("alerts/<int:pk>/handle/", views_manage.alert_handle, name="alert-handle"),
    path("rules/", views_manage.rules, name="rules"),
    path("rules/validate/", views_manage.rule_validate, name="rule-validate"),
    path("rules/<int:pk>/", views_manage.rule_edit, name="rule"),
    path("questionnaires/", views_manage.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/", views_manage.questionnaire, name="questionnaire"),
    path("policy/", views_manage.policy, name="policy"),
    path("policy/validate/", views_manage.policy_validate, name="policy-validate"),
]
