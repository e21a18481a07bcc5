from django.urls import path

from dealercrm.vehicles import views

app_name = "vehicles"
urlpatterns = [
    path("", views.vehicles_list, name="list"),
    path("new/", views.vehicle_create, name="create"),
    path("validate/", views.vehicle_validate, name="validate"),
    path("<int:pk>/", views.vehicle_detail, name="detail"),
    path("<int:pk>/edit/", views.vehicle_edit, name="edit"),
    path("<int:pk>/readings/new/", views.reading_add, name="reading-add"),
    path("<int:pk>/transfer/", views.vehicle_transfer, name="transfer"),
]
