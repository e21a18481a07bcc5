from django.urls import path

from dealercrm.complaints.views import analysis, improvements, inbox, pages
from dealercrm.complaints.views.steps import STEP_VIEWS

app_name = "complaints"
urlpatterns = [
    path("", pages.complaint_list, name="list"),
    path("new/", pages.complaint_intake, name="intake"),
    path("validate/", pages.intake_validate, name="validate"),
    path("<int:pk>/", pages.complaint_detail, name="detail"),
    *[path(f"<int:pk>/{name}/", view, name=name) for name, view in STEP_VIEWS.items()],
    path("notifications/", inbox.notification_list, name="notifications"),
    path("notifications/read-all/", inbox.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/read/", inbox.notification_read, name="notification-read"),
    path("analysis/", analysis.analysis, name="analysis"),
    path("improvements/", improvements.action_list, name="actions"),
    path("improvements/new/", improvements.action_create, name="action-create"),
    path("improvements/<int:pk>/", improvements.action_edit, name="action-edit"),
]
