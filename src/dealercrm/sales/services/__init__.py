"""Writes for the sales pipeline, split by concern. Every function checks the actor, is atomic, and writes the
customer's timeline."""

from dealercrm.sales.services.assignment import pick_owner, sales_settings_update, source_owner_set
from dealercrm.sales.services.cadence import downgrade_stale_leads
from dealercrm.sales.services.delivery import delivery_checklist_update, delivery_complete, delivery_source
from dealercrm.sales.services.drives import (
    demo_vehicle_add,
    demo_vehicle_retire,
    test_drive_book,
    test_drive_cancel,
    test_drive_complete,
)
from dealercrm.sales.services.leads import activity_add, influencer_add, lead_assign, lead_create, lead_update
from dealercrm.sales.services.lost import lost_decide, lost_request, lost_source
from dealercrm.sales.services.orders import (
    discount_change,
    discount_decide,
    discount_needs_approval,
    order_advance,
    order_cancel,
    order_place,
)

__all__ = [
    "activity_add",
    "delivery_checklist_update",
    "delivery_complete",
    "delivery_source",
    "demo_vehicle_add",
    "demo_vehicle_retire",
    "discount_change",
    "discount_decide",
    "discount_needs_approval",
    "downgrade_stale_leads",
    "influencer_add",
    "lead_assign",
    "lead_create",
    "lead_update",
    "lost_decide",
    "lost_request",
    "lost_source",
    "order_advance",
    "order_cancel",
    "order_place",
    "pick_owner",
    "sales_settings_update",
    "source_owner_set",
    "test_drive_book",
    "test_drive_cancel",
    "test_drive_complete",
]
