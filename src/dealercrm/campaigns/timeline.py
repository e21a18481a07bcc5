"""The owner club entries on a customer's timeline."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

CLUB_REGISTERED = register_kind("club_registered", _("Registered for a club event"))
CLUB_WAITLISTED = register_kind("club_waitlisted", _("On a club event's waiting list"))
CLUB_CANCELLED = register_kind("club_cancelled", _("Club event registration cancelled"))
CLUB_ATTENDED = register_kind("club_attended", _("Attended a club event"))
CLUB_NO_SHOW = register_kind("club_no_show", _("Missed a club event"))
