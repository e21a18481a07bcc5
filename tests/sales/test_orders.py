"""Orders: the lead becomes O; a discount above the threshold waits for the GM; signed → paid → allocated;
cancelling needs a reason and puts the lead back into the pipeline."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.sales import services
from dealercrm.sales.choices import DiscountApproval, LeadStatus, OrderStatus, Stage
from dealercrm.sales.models import Delivery, Order
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db


def test_an_order_ends_the_pipeline_as_ordered(sales, lead, place_order):
    order = place_order(sales, lead)
    lead.refresh_from_db()
    assert (lead.status, lead.stage, lead.next_follow_up_on) == (LeadStatus.ORDERED, Stage.ORDERED, None)
    assert order.status == OrderStatus.SIGNED and order.customer_id == lead.customer_id
    assert order.discount_approval == DiscountApproval.NOT_NEEDED  # 5,000 of 200,000 = 2.5% ≤ 5%
    assert Delivery.objects.filter(order=order).exists()
    assert lead.customer.timeline.filter(kind="order_signed").exists()


def test_a_lead_has_one_order_at_a_time(sales, lead, place_order):
    place_order(sales, lead)
    with pytest.raises(ValidationError):
        place_order(sales, lead)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"price": Decimal("0")}, "price"),
        ({"discount": Decimal("300000")}, "discount"),
        ({"deposit": Decimal("199000")}, "deposit"),
        ({"payment": "barter"}, "payment"),
        ({"colour": ""}, "colour"),
    ],
)
def test_it_refuses_impossible_amounts(sales, lead, place_order, fields, field):
    with pytest.raises(ValidationError) as caught:
        place_order(sales, lead, **fields)
    assert field in caught.value.message_dict
    assert not Order.objects.exists()


def test_a_discount_above_the_threshold_needs_the_gms_approval(sales, lead, gm, place_order, actor_of):
    order = place_order(sales, lead, discount=Decimal("15000"))  # 7.5%
    assert order.discount_approval == DiscountApproval.PENDING
    with pytest.raises(ValidationError):
        services.order_advance(actor=actor_of(sales), order=order, to=OrderStatus.PAID)
    with pytest.raises(PermissionDenied):
        services.discount_decide(actor=actor_of(sales), order=order, approve=True)
    services.discount_decide(actor=actor_of(gm), order=order, approve=True)
    services.order_advance(actor=actor_of(sales), order=order, to=OrderStatus.PAID)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.discount_decided_by_id == gm.pk


def test_a_rejected_discount_is_renegotiated(sales, lead, gm, place_order, actor_of):
    order = place_order(sales, lead, discount=Decimal("15000"))
    services.discount_decide(actor=actor_of(gm), order=order, approve=False, comment="Too much")
    with pytest.raises(ValidationError):
        services.order_advance(actor=actor_of(sales), order=order, to=OrderStatus.PAID)
    services.discount_change(actor=actor_of(sales), order=order, discount=Decimal("8000"))
    order.refresh_from_db()
    assert order.discount_approval == DiscountApproval.NOT_NEEDED


def test_the_threshold_is_the_dealers(sales, lead, gm, dealer, place_order, actor_of):
    services.sales_settings_update(
        actor=actor_of(gm), dealer=dealer, fields={"discount_threshold_percent": Decimal("1")}
    )
    assert place_order(sales, lead).discount_approval == DiscountApproval.PENDING


def test_the_status_moves_forward_one_step_at_a_time(sales, lead, place_order, actor_of):
    actor = actor_of(sales)
    order = place_order(sales, lead)
    with pytest.raises(ValidationError):
        services.order_advance(actor=actor, order=order, to=OrderStatus.ALLOCATED, vin=VALID_VINS[1])
    services.order_advance(actor=actor, order=order, to=OrderStatus.PAID)
    with pytest.raises(ValidationError) as caught:
        services.order_advance(actor=actor, order=order, to=OrderStatus.ALLOCATED, vin="LSVAU2181N2183294")
    assert "vin" in caught.value.message_dict  # a bad check digit
    services.order_advance(actor=actor, order=order, to=OrderStatus.ALLOCATED, vin=VALID_VINS[1].lower())
    order.refresh_from_db()
    assert order.status == OrderStatus.ALLOCATED and order.allocated_vin == VALID_VINS[1]


def test_cancelling_needs_a_reason_and_reopens_the_lead(sales, lead, place_order, actor_of):
    order = place_order(sales, lead)
    with pytest.raises(ValidationError):
        services.order_cancel(actor=actor_of(sales), order=order, reason=" ")
    services.order_cancel(actor=actor_of(sales), order=order, reason="Financing refused")
    order.refresh_from_db()
    lead.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "Financing refused"
    assert lead.status == LeadStatus.OPEN and lead.ordered_at is None and lead.next_follow_up_on is not None
    place_order(sales, lead)  # a new order is possible again


def test_group_hq_cannot_place_orders(hq, lead, place_order):
    with pytest.raises(PermissionDenied):
        place_order(hq, lead)
