from django.urls import path

from dealercrm.privacy import views

app_name = "privacy"
urlpatterns = [
    path("customers/<int:pk>/reveal/", views.reveal, name="reveal"),
]
