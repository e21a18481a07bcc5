"""Member price: the customer's current tier discount on the customer-paid lines of an open repair order.

The pricing rule itself lives in service (service.pricing.line_price, through service.services.order_terms_set):
warranty and insurance lines are never discounted; points already redeemed on the order are kept.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dealercrm.customers.services import timeline_append
from dealercrm.loyalty.models import LoyaltyProfile
from dealercrm.loyalty.standing_timeline import MEMBER_PRICE
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.service.models import RepairOrder
from dealercrm.service.services import order_terms_set


@transaction.atomic
def order_member_price_apply(*, actor: Actor, order: RepairOrder) -> RepairOrder:
    """Apply the tier discount of the order's customer; returns the re-priced order."""
    actor.check_dealer(order.dealer_id)
    actor.require(Perm.REDEEM_POINTS)
    current = RepairOrder.objects.select_for_update().select_related("customer").get(pk=order.pk)
    profile = LoyaltyProfile.objects.select_related("tier").filter(customer_id=current.customer_id).first()
    tier = profile.tier if profile is not None else None
    if tier is None or not tier.is_active:
        raise ValidationError(_("This customer has no membership tier yet: there is no member price."))
    order = order_terms_set(
        actor=actor,
        order=current,
        discount_percent=tier.discount_percent,
        points=current.points_redeemed,
        points_value=current.points_value,
    )
    timeline_append(
        customer=current.customer,
        kind=MEMBER_PRICE,
        actor=actor,
        summary=_("%(order)s: %(tier)s price, %(percent)s %% off customer-paid work")
        % {"order": order.number, "tier": tier.name, "percent": f"{tier.discount_percent.normalize():f}"},
        ref=order,
    )
    return order
