"""Sales models, split by concern: dealer settings, leads and activities, test drives, orders and deliveries."""

from dealercrm.sales.models.drives import DemoVehicle, TestDrive, TestDriveSlot
from dealercrm.sales.models.leads import Activity, Lead
from dealercrm.sales.models.orders import CHECKLIST, Delivery, Order
from dealercrm.sales.models.settings import SalesSettings, SourceOwner

__all__ = [
    "CHECKLIST",
    "Activity",
    "Delivery",
    "DemoVehicle",
    "Lead",
    "Order",
    "SalesSettings",
    "SourceOwner",
    "TestDrive",
    "TestDriveSlot",
]
