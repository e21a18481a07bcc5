from django.urls import path

from dealercrm.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customers_list, name="list"),
]
