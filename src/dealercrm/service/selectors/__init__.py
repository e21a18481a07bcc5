"""Reads of the after-sales app, always scoped by the acting staff member."""

from dealercrm.service.selectors.plans import (
    VehicleService,
    due_list,
    fleet_default_plan,
    plan_rows,
    vehicle_service,
)
from dealercrm.service.selectors.summary import CustomerServiceSummary, customer_service_summary
from dealercrm.service.selectors.workshop import (
    BoardColumn,
    FixRate,
    Slot,
    appointment_get,
    appointment_list,
    appointments_for,
    board,
    day_slots,
    fix_rates,
    order_get,
    order_list,
    orders_for,
)

__all__ = [
    "BoardColumn",
    "CustomerServiceSummary",
    "FixRate",
    "Slot",
    "VehicleService",
    "appointment_get",
    "appointment_list",
    "appointments_for",
    "board",
    "customer_service_summary",
    "day_slots",
    "due_list",
    "fix_rates",
    "fleet_default_plan",
    "order_get",
    "order_list",
    "orders_for",
    "plan_rows",
    "vehicle_service",
]
