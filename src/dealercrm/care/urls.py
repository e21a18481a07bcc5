from django.urls import path

from dealercrm.care import views

app_name = "care"

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_create, name="rule-create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule"),
]
