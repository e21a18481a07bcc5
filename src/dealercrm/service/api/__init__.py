"""After-sales over REST: plans, vehicles' due dates and readings, appointments, repair orders and their
transitions. Scoped like the pages (another dealer's record is a 404), writes through the services."""

from dealercrm.service.api.plans import ServicePlanViewSet, VehicleServiceViewSet
from dealercrm.service.api.workshop import AppointmentViewSet, RepairOrderViewSet

ROUTES = [
    ("service-plans", ServicePlanViewSet, "service-plan"),
    ("service-vehicles", VehicleServiceViewSet, "service-vehicle"),
    ("appointments", AppointmentViewSet, "appointment"),
    ("repair-orders", RepairOrderViewSet, "repair-order"),
]
