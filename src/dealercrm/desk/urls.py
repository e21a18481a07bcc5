from django.urls import path

from dealercrm.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("customers/<int:pk>/", views.customer_360, name="customer"),
    path("customers/<int:pk>/timeline/", views.customer_timeline, name="customer-timeline"),
]
