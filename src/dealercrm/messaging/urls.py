from django.urls import path

from dealercrm.messaging.views import outbox, public, templates

app_name = "messaging"
urlpatterns = [
    path("", outbox.outbox, name="outbox"),
    path("<int:pk>/", outbox.message_detail, name="message"),
    path("inbound/", outbox.inbound, name="inbound"),
    path("policy/", outbox.policy_edit, name="policy"),
    path("templates/", templates.template_list, name="templates"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/<int:pk>/", templates.template_preview, name="template-preview"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template-edit"),
    path("templates/sms-counter/", templates.sms_counter, name="sms-counter"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
]
