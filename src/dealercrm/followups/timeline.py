"""Timeline kinds written by the follow-up engine."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

FOLLOWUP_CALL = register_kind("followup_call", _("Follow-up call"))
SURVEY_ALERT = register_kind("survey_alert", _("Low survey score"))
NUMBER_DOUBTFUL = register_kind("number_doubtful", _("Number doubtful"))
