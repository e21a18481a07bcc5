"""Member price: the tier discount on the customer-paid lines of an open repair order, never on warranty."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from dealercrm.customers.models import TimelineEntry
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
from dealercrm.loyalty.services.pricing import order_member_price_apply
from dealercrm.loyalty.services.tiers import tiers_ensure_defaults
from dealercrm.service.models import RepairOrder
from dealercrm.service.services import order_decide, order_line_add, order_open
from tests.loyalty.standing_helpers import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(owner, advisor, actor_of, dealer):
    _customer, [car] = owner(purchased_on=date(2024, 1, 10))
    me = actor_of(advisor)
    order = order_open(actor=me, vehicle=car, km=12000, service_type="maintenance")
    order_line_add(
        actor=me, order=order, kind="labour", description="保养工时", quantity="1.5", unit_price="200"
    )
    order_line_add(actor=me, order=order, kind="part", description="机油", quantity="4", unit_price="75.50")
    order_line_add(
        actor=me,
        order=order,
        kind="part",
        description="水泵",
        quantity="1",
        unit_price="900",
        payer="warranty",
    )
    order_decide(actor=me, order=order, approve=True)
    return RepairOrder.objects.get(pk=order.pk)


def _give_tier(customer_id, dealer, code):
    tiers_ensure_defaults(dealer)
    LoyaltyProfile.objects.update_or_create(
        customer_id=customer_id,
        defaults={"dealer": dealer, "tier": MembershipTier.objects.get(dealer=dealer, code=code)},
    )


def test_it_discounts_customer_paid_lines_and_not_warranty_ones(order, advisor, actor_of, dealer):
    _give_tier(order.customer_id, dealer, "silver")  # 10 %
    RepairOrder.objects.filter(pk=order.pk).update(points_redeemed=1000, points_value=Decimal("10.00"))
    priced = order_member_price_apply(actor=actor_of(advisor), order=order)
    lines = {line.description: line for line in priced.lines.all()}
    assert (lines["保养工时"].discount, lines["保养工时"].amount) == (Decimal("30.00"), Decimal("270.00"))
    assert (lines["机油"].discount, lines["机油"].amount) == (Decimal("30.20"), Decimal("271.80"))
    assert (lines["水泵"].discount, lines["水泵"].amount) == (Decimal("0.00"), Decimal("900.00"))
    priced.refresh_from_db()
    assert priced.member_discount_percent == Decimal("10.00")
    assert (priced.points_redeemed, priced.points_value) == (1000, Decimal("10.00"))  # kept
    assert priced.total == Decimal("1441.80")
    assert priced.customer_total == Decimal("531.80")  # 270 + 271.80 - 10 paid with points
    entry = TimelineEntry.objects.get(customer_id=order.customer_id, kind="member_price")
    assert "10 %" in entry.summary and priced.number in entry.summary


def test_it_refuses_a_customer_without_a_tier(order, advisor, actor_of):
    with pytest.raises(ValidationError):
        order_member_price_apply(actor=actor_of(advisor), order=order)


def test_it_lets_only_advisors_and_consultants_of_the_dealer_apply_it(
    order, agent, hq, actor_of, dealer, make_user, other_dealer
):
    _give_tier(order.customer_id, dealer, "member")
    with pytest.raises(PermissionDenied):
        order_member_price_apply(actor=actor_of(agent), order=order)
    with pytest.raises(PermissionDenied):
        order_member_price_apply(actor=actor_of(hq), order=order)
    other_advisor = make_user("d02-advisor", ["service_advisor"], other_dealer)
    with pytest.raises(Http404):
        order_member_price_apply(actor=actor_of(other_advisor), order=order)
    assert RepairOrder.objects.get(pk=order.pk).member_discount_percent == Decimal("0")
