from django.urls import path

from dealercrm.service.views import appointments, due, orders, plans

app_name = "service"
urlpatterns = [
    path("", orders.board, name="board"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/new/", orders.order_open, name="order-open"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/lines/", orders.order_line_add, name="order-line-add"),
    path("orders/<int:pk>/decide/", orders.order_decide, name="order-decide"),
    path("orders/<int:pk>/move/", orders.order_move, name="order-move"),
    path("appointments/", appointments.appointment_day, name="appointments"),
    path("appointments/new/", appointments.appointment_book, name="appointment-book"),
    path("appointments/slots/", appointments.slots, name="slots"),
    path("appointments/<int:pk>/", appointments.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/status/", appointments.appointment_status, name="appointment-status"),
    path("vehicles/<int:pk>/", due.vehicle_service, name="vehicle"),
    path("vehicles/<int:pk>/readings/", due.vehicle_reading, name="vehicle-reading"),
    path("due/", due.due_list, name="due"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/default/", plans.plan_default, name="plan-default"),
    path("plans/models/<int:model_id>/", plans.plan_edit, name="plan-edit"),
    path("workshop/", plans.workshop_edit, name="workshop"),
    path("rates/", plans.fix_rates, name="rates"),
]
