"""Timeline kinds written by the points ledger."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

POINTS_REDEEMED = register_kind("points_redeemed", _("Points redeemed"))
POINTS_ADJUSTED = register_kind("points_adjusted", _("Points adjusted"))
POINTS_RETURNED = register_kind("points_returned", _("Points redemption reversed"))
