from django.urls import path

from dealercrm.insurance.views import pipeline, policies

app_name = "insurance"

urlpatterns = [
    path("", pipeline.home, name="home"),
    path("renewals/<int:pk>/", pipeline.renewal_detail, name="renewal"),
    path("renewals/<int:pk>/quote/", pipeline.renewal_quote, name="renewal-quote"),
    path("renewals/<int:pk>/renew/", pipeline.renewal_renew, name="renewal-renew"),
    path("renewals/<int:pk>/lose/", pipeline.renewal_lose, name="renewal-lose"),
    path("customers/<int:pk>/", policies.customer_policies, name="customer"),
    path("customers/<int:pk>/policies/new/", policies.policy_create, name="policy-create"),
    path("policies/<int:pk>/edit/", policies.policy_edit, name="policy-edit"),
]
