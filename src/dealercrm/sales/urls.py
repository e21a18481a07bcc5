from django.urls import path

from dealercrm.sales.views import drives, leads, orders, reports

app_name = "sales"
urlpatterns = [
    path("", reports.today, name="today"),
    path("board/", reports.board, name="board"),
    path("funnel/", reports.funnel, name="funnel"),
    path("oem-export.csv", reports.oem_export, name="oem-export"),
    path("settings/", reports.sales_settings, name="settings"),
    path("leads/", leads.lead_list, name="leads"),
    path("leads/new/", leads.lead_create, name="lead-create"),
    path("leads/validate/", leads.lead_validate, name="lead-validate"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead"),
    path("leads/<int:pk>/edit/", leads.lead_edit, name="lead-edit"),
    path("leads/<int:pk>/activities/new/", leads.activity_add, name="activity-add"),
    path("leads/<int:pk>/lost/", leads.lost_request, name="lost-request"),
    path("leads/<int:pk>/lost/decide/", leads.lost_decide, name="lost-decide"),
    path("leads/<int:pk>/assign/", leads.lead_assign, name="lead-assign"),
    path("leads/<int:pk>/influencers/new/", leads.influencer_add, name="influencer-add"),
    path("leads/<int:pk>/test-drives/new/", drives.test_drive_book, name="test-drive-book"),
    path("leads/<int:pk>/orders/new/", orders.order_create, name="order-create"),
    path("test-drives/<int:pk>/", drives.test_drive_detail, name="test-drive"),
    path("test-drives/<int:pk>/cancel/", drives.test_drive_cancel, name="test-drive-cancel"),
    path("fleet/", drives.fleet, name="fleet"),
    path("fleet/new/", drives.fleet_add, name="fleet-add"),
    path("fleet/<int:pk>/toggle/", drives.fleet_toggle, name="fleet-toggle"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/pay/", orders.order_pay, name="order-pay"),
    path("orders/<int:pk>/allocate/", orders.order_allocate, name="order-allocate"),
    path("orders/<int:pk>/cancel/", orders.order_cancel, name="order-cancel"),
    path("orders/<int:pk>/discount/", orders.discount_change, name="discount-change"),
    path("orders/<int:pk>/discount/decide/", orders.discount_decide, name="discount-decide"),
    path("orders/<int:pk>/checklist/", orders.checklist, name="checklist"),
    path("orders/<int:pk>/deliver/", orders.deliver, name="deliver"),
]
