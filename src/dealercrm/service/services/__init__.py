"""Writes of the after-sales app, one function per state change (keyword-only, atomic, on the timeline)."""

from dealercrm.service.due import vehicle_due_refresh
from dealercrm.service.services.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_no_show,
    appointments_mark_no_shows,
    appointments_remind,
)
from dealercrm.service.services.orders import (
    order_decide,
    order_line_add,
    order_move,
    order_open,
    order_terms_set,
)
from dealercrm.service.services.plans import (
    plan_save,
    reminders_record,
    vehicle_reading_record,
    workshop_set,
)

__all__ = [
    "appointment_book",
    "appointment_cancel",
    "appointment_no_show",
    "appointments_mark_no_shows",
    "appointments_remind",
    "order_decide",
    "order_line_add",
    "order_move",
    "order_open",
    "order_terms_set",
    "plan_save",
    "reminders_record",
    "vehicle_due_refresh",
    "vehicle_reading_record",
    "workshop_set",
]
