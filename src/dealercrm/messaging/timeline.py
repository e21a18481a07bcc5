"""Timeline kinds written by messaging."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

SMS_REPLY = register_kind("sms_reply", _("SMS reply"))
UNSUBSCRIBED = register_kind("unsubscribed", _("Unsubscribed"))
