from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from dealercrm.campaigns.api import ROUTES as CAMPAIGN_ROUTES
from dealercrm.care.api import ROUTES as CARE_ROUTES
from dealercrm.complaints.api import ROUTES as COMPLAINT_ROUTES
from dealercrm.core import views as core_views
from dealercrm.customers.api import ROUTES as CUSTOMER_ROUTES
from dealercrm.desk import api as desk_api
from dealercrm.followups.api import ROUTES as FOLLOWUP_ROUTES
from dealercrm.insurance.api import ROUTES as INSURANCE_ROUTES
from dealercrm.loyalty.api import ROUTES as LOYALTY_ROUTES
from dealercrm.messaging.api import ROUTES as MESSAGING_ROUTES
from dealercrm.sales.api import ROUTES as SALES_ROUTES
from dealercrm.service.api import ROUTES as SERVICE_ROUTES
from dealercrm.vehicles.api import ROUTES as VEHICLE_ROUTES

router = DefaultRouter()
for prefix, viewset, basename in [
    *CUSTOMER_ROUTES,
    *VEHICLE_ROUTES,
    *FOLLOWUP_ROUTES,
    *SERVICE_ROUTES,
    *COMPLAINT_ROUTES,
    *SALES_ROUTES,
    *LOYALTY_ROUTES,
    *MESSAGING_ROUTES,
    *CAMPAIGN_ROUTES,
    *CARE_ROUTES,
    *INSURANCE_ROUTES,
]:
    router.register(prefix, viewset, basename=basename)

api_patterns = [
    path("search/", desk_api.SearchView.as_view(), name="api-search"),
    path("ping/", desk_api.PingView.as_view(), name="api-ping"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", core_views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("customers/", include("dealercrm.customers.urls")),
    path("vehicles/", include("dealercrm.vehicles.urls")),
    path("privacy/", include("dealercrm.privacy.urls")),
    path("followups/", include("dealercrm.followups.urls")),
    path("service/", include("dealercrm.service.urls")),
    path("complaints/", include("dealercrm.complaints.urls")),
    path("sales/", include("dealercrm.sales.urls")),
    path("loyalty/", include("dealercrm.loyalty.urls")),
    path("messages/", include("dealercrm.messaging.urls")),
    path("campaigns/", include("dealercrm.campaigns.urls")),
    path("care/", include("dealercrm.care.urls")),
    path("insurance/", include("dealercrm.insurance.urls")),
    path("", include("dealercrm.desk.urls")),
]

admin.site.site_header = "dealercrm"
admin.site.site_title = "dealercrm"
