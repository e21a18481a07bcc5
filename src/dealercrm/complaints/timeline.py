"""The complaint entries on a customer's timeline."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

COMPLAINT_RECEIVED = register_kind("complaint_received", _("Complaint received"))
COMPLAINT_STEP = register_kind("complaint_step", _("Complaint step"))
COMPLAINT_CLOSED = register_kind("complaint_closed", _("Complaint archived"))
