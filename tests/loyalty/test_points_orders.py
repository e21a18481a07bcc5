"""Points on a repair order: the value comes off what the customer pays, capped by the policy; reversals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dealercrm.loyalty.models import PointsEntry, PointsPolicy
from dealercrm.loyalty.services.points import points_redeem, points_redemption_cancel
from dealercrm.org.access import actor_for
from dealercrm.service.models import RepairOrder
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(dealer, funded):
    """The owner holds 100,000 points; a point is worth ¥0.01 (default), points pay at most 50 %."""
    funded(100_000, on=timezone.localdate() - timedelta(days=30))


def test_points_pay_part_of_an_open_order(owner, advisor, rich, open_order, balance, ledger_adds_up):
    order = open_order("1000")
    entry = points_redeem(
        actor=actor_for(advisor), customer=owner, points=30_000, reason="repair_order", order=order
    )
    order.refresh_from_db()
    assert (order.points_redeemed, order.points_value, order.customer_total) == (
        30_000,
        Decimal("300.00"),
        Decimal("700.00"),
    )
    assert (entry.ref_type, entry.ref_id) == ("service.repairorder", order.pk)
    points_redeem(actor=actor_for(advisor), customer=owner, points=20_000, reason="repair_order", order=order)
    order.refresh_from_db()
    assert (order.points_redeemed, order.points_value, order.customer_total) == (
        50_000,
        Decimal("500.00"),
        Decimal("500.00"),
    )
    assert balance(owner) == 50_000
    ledger_adds_up(owner)


def test_it_caps_points_at_the_policys_share_of_the_order(owner, advisor, dealer, rich, open_order, balance):
    PointsPolicy.objects.filter(dealer=dealer).update(max_redeem_percent=20)
    order = open_order("1000")
    with pytest.raises(ValidationError) as exc:
        points_redeem(
            actor=actor_for(advisor), customer=owner, points=20_001, reason="repair_order", order=order
        )
    assert exc.value.message_dict["points"] == [
        "Points may pay at most 20% of this order: ¥200.00 more (20,000 points)."
    ]
    points_redeem(actor=actor_for(advisor), customer=owner, points=15_000, reason="repair_order", order=order)
    with pytest.raises(ValidationError) as exc:
        points_redeem(
            actor=actor_for(advisor), customer=owner, points=5_001, reason="repair_order", order=order
        )
    assert "¥50.00 more (5,000 points)" in exc.value.message_dict["points"][0]
    order.refresh_from_db()
    assert order.points_redeemed == 15_000 and order.customer_total == Decimal("850.00")
    assert balance(owner) == 85_000


def test_the_member_discount_is_kept(owner, advisor, rich, open_order):
    from dealercrm.service.services import order_terms_set

    order = open_order("1000")
    order_terms_set(actor=actor_for(advisor), order=order, discount_percent=Decimal("10"))
    order.refresh_from_db()
    assert order.customer_total == Decimal("900.00")
    points_redeem(actor=actor_for(advisor), customer=owner, points=10_000, reason="repair_order", order=order)
    order.refresh_from_db()
    assert order.member_discount_percent == Decimal("10.00")
    assert order.customer_total == Decimal("800.00")


def test_it_refuses_another_customers_or_a_closed_order(
    dealer, owner, advisor, rich, open_order, make_customer
):
    order = open_order("1000")
    stranger = make_customer(dealer, name="路人", mobile="13900009999")
    with pytest.raises(ValidationError) as exc:
        points_redeem(
            actor=actor_for(advisor), customer=stranger, points=10, reason="repair_order", order=order
        )
    assert exc.value.message_dict["order"] == ["This repair order belongs to another customer."]
    RepairOrder.objects.filter(pk=order.pk).update(status="handed_over", handed_over_on=date(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        points_redeem(actor=actor_for(advisor), customer=owner, points=10, reason="repair_order", order=order)
    assert exc.value.message_dict["order"] == [
        "This repair order is closed: points can only pay for an open order."
    ]
    assert PointsEntry.objects.filter(kind="redeem").count() == 0


def test_a_mistaken_redemption_on_an_open_order_is_reversed(
    owner, advisor, rich, open_order, balance, ledger_adds_up
):
    order = open_order("1000")
    actor = actor_for(advisor)
    first = points_redeem(actor=actor, customer=owner, points=10_000, reason="repair_order", order=order)
    points_redeem(actor=actor, customer=owner, points=5_000, reason="repair_order", order=order)
    back = points_redemption_cancel(actor=actor, entry=first, note="输错了", on=date(2025, 2, 1))
    assert (back.kind, back.points, back.remaining, back.expires_on) == (
        "adjust",
        10_000,
        10_000,
        date(2027, 2, 1),
    )
    order.refresh_from_db()
    assert (order.points_redeemed, order.points_value, order.customer_total) == (
        5_000,
        Decimal("50.00"),
        Decimal("950.00"),
    )
    assert balance(owner) == 95_000
    ledger_adds_up(owner)
    with pytest.raises(ValidationError) as exc:
        points_redemption_cancel(actor=actor, entry=first)
    assert exc.value.messages == ["This redemption was already reversed."]


def test_points_come_back_when_the_order_is_cancelled(owner, advisor, manager, rich, open_order, balance):
    from dealercrm.service.services import order_move

    order = open_order("1000")
    entry = points_redeem(
        actor=actor_for(advisor), customer=owner, points=20_000, reason="repair_order", order=order
    )
    order_move(actor=actor_for(advisor), order=order, to="cancelled")
    points_redemption_cancel(actor=actor_for(manager), entry=entry)  # a manager may reverse too
    assert balance(owner) == 100_000


def test_a_handed_over_order_keeps_its_points(owner, advisor, rich, open_order, balance):
    order = open_order("1000")
    entry = points_redeem(
        actor=actor_for(advisor), customer=owner, points=1_000, reason="repair_order", order=order
    )
    RepairOrder.objects.filter(pk=order.pk).update(status="handed_over", handed_over_on=date(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        points_redemption_cancel(actor=actor_for(advisor), entry=entry)
    assert "was handed over and paid" in exc.value.messages[0]
    assert balance(owner) == 99_000


def test_only_a_redemption_by_someone_allowed_is_reversed(owner, advisor, agent, hq, rich, balance):
    earn = PointsEntry.objects.get(kind="earn")
    with pytest.raises(ValidationError):
        points_redemption_cancel(actor=actor_for(advisor), entry=earn)
    entry = points_redeem(actor=actor_for(advisor), customer=owner, points=10, reason="other", note="礼品")
    for user in (agent, hq):
        with pytest.raises(PermissionDenied):
            points_redemption_cancel(actor=actor_for(user), entry=entry)
    assert balance(owner) == 99_990


def test_a_handed_over_order_earns_on_what_was_paid_in_money(
    owner, advisor, rich, open_order, run_job, balance
):
    from dealercrm.service.services import order_move

    order = open_order("1000")
    points_redeem(actor=actor_for(advisor), customer=owner, points=40_000, reason="repair_order", order=order)
    for to in ("in_progress", "quality_check", "ready", "handed_over"):
        order = order_move(actor=actor_for(advisor), order=order, to=to)
    order.refresh_from_db()
    run_job(order.handed_over_on)
    assert PointsEntry.objects.get(ref_id=order.pk, kind="earn").points == 600
    assert balance(owner) == 60_000 + 600
