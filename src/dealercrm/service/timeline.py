"""Timeline kinds of the after-sales app: every appointment and repair order shows on the customer's timeline."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

APPOINTMENT_BOOKED = register_kind("service_appointment_booked", _("Service appointment booked"))
APPOINTMENT_CANCELLED = register_kind("service_appointment_cancelled", _("Service appointment cancelled"))
APPOINTMENT_NO_SHOW = register_kind("service_appointment_no_show", _("Missed service appointment"))
ORDER_OPENED = register_kind("service_order_opened", _("Repair order opened"))
ORDER_APPROVED = register_kind("service_order_approved", _("Repair work approved"))
ORDER_HANDED_OVER = register_kind("service_order_handed_over", _("Vehicle handed over"))
ORDER_CANCELLED = register_kind("service_order_cancelled", _("Repair order cancelled"))
