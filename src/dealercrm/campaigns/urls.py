from django.urls import path

from dealercrm.campaigns.views import campaigns, events, segments

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.home, name="home"),
    path("new/", campaigns.campaign_new, name="campaign-new"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path("<int:pk>/launch/", campaigns.campaign_launch, name="campaign-launch"),
    path("<int:pk>/cancel/", campaigns.campaign_cancel, name="campaign-cancel"),
    path("segments/", segments.segment_list, name="segments"),
    path("segments/new/", segments.segment_new, name="segment-new"),
    path("segments/count/", segments.segment_count, name="segment-count"),
    path("segments/<int:pk>/", segments.segment_edit, name="segment-edit"),
    path("segments/<int:pk>/count/", segments.segment_recount, name="segment-recount"),
    path("segments/<int:pk>/delete/", segments.segment_delete, name="segment-delete"),
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_new, name="event-new"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/invite/", events.event_invite, name="event-invite"),
    path("events/<int:pk>/register/", events.event_register, name="event-register"),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event-attendance"),
    path("registrations/<int:pk>/cancel/", events.registration_cancel, name="registration-cancel"),
    path("registrations/<int:pk>/register/", events.registration_confirm, name="registration-confirm"),
]
