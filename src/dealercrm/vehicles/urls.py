from django.urls import path

from dealercrm.vehicles import views

app_name = "vehicles"
urlpatterns = [
    path("", views.vehicles_list, name="list"),
]
