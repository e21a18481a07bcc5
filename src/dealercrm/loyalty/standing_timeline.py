"""Timeline kinds written by the standing side of loyalty (member price on a repair order)."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

MEMBER_PRICE = register_kind("member_price", _("Member price applied"))
