"""The insurance entries on a customer's timeline."""

from django.utils.translation import gettext_lazy as _

from dealercrm.customers.timeline import register_kind

POLICY_RECORDED = register_kind("insurance_policy", _("Insurance policy recorded"))
POLICY_CHANGED = register_kind("insurance_policy_changed", _("Insurance policy changed"))
RENEWAL_STEP = register_kind("insurance_renewal", _("Insurance renewal"))
