"""The sales entries on a customer's timeline."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

LEAD_CREATED = register_kind("lead_created", _("Lead created"))
LEAD_UPDATED = register_kind("lead_updated", _("Lead updated"))
LEAD_ASSIGNED = register_kind("lead_assigned", _("Lead assigned"))
LEAD_GRADED = register_kind("lead_graded", _("Lead graded"))
LEAD_DOWNGRADED = register_kind("lead_downgraded", _("Lead downgraded (not contacted)"))
SALES_ACTIVITY = register_kind("sales_activity", _("Sales activity"))
LOST_REQUESTED = register_kind("lead_lost_requested", _("Lost requested"))
LOST_APPROVED = register_kind("lead_lost", _("Lead lost"))
LOST_REJECTED = register_kind("lead_lost_rejected", _("Lost request rejected"))
TEST_DRIVE_BOOKED = register_kind("test_drive_booked", _("Test drive booked"))
TEST_DRIVE_DONE = register_kind("test_drive_done", _("Test drive done"))
TEST_DRIVE_CANCELLED = register_kind("test_drive_cancelled", _("Test drive cancelled"))
ORDER_SIGNED = register_kind("order_signed", _("Order signed"))
ORDER_STATUS = register_kind("order_status", _("Order status"))
ORDER_CANCELLED = register_kind("order_cancelled", _("Order cancelled"))
DISCOUNT_DECIDED = register_kind("discount_decided", _("Discount decision"))
DELIVERY_CHECKLIST = register_kind("delivery_checklist", _("Delivery checklist"))
DELIVERY_OVERRIDE = register_kind("delivery_override", _("Delivery checklist overridden"))
DELIVERED = register_kind("delivered", _("New car delivered"))
