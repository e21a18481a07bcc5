"""The points pages: a customer's points, the policy, the order checkout box; who may do what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dealercrm.loyalty.models import PointsEntry, PointsPolicy
from dealercrm.loyalty.services.points import points_redeem
from dealercrm.org.access import actor_for
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(funded):
    return funded(1000, on=timezone.localdate() - timedelta(days=20))


def test_the_customer_page_shows_balance_lots_and_ledger(owner, agent, stocked, client_for):
    page = client_for(agent).get(f"/loyalty/points/customers/{owner.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="points-balance"' in html and ">1000<" in html
    assert 'id="points-lots"' in html and 'id="points-ledger"' in html
    assert 'id="points-redeem"' not in html and 'id="points-adjust"' not in html  # an agent only looks


def test_the_customer_page_has_empty_states(owner, agent, client_for):
    html = client_for(agent).get(f"/loyalty/points/customers/{owner.pk}/").content.decode()
    assert "No points to spend yet." in html and "Nothing on the ledger yet." in html


def test_the_ledger_is_paginated_with_a_bounded_number_of_queries(
    owner, manager, stocked, client_for, django_assert_max_num_queries
):
    from dealercrm.loyalty.services.points import points_adjust

    for i in range(30):
        points_adjust(actor=actor_for(manager), customer=owner, points=1, note=f"补发{i}")
    client = client_for(manager)
    client.get(f"/loyalty/points/customers/{owner.pk}/")  # warm the session
    with django_assert_max_num_queries(16):
        page = client.get(f"/loyalty/points/customers/{owner.pk}/")
    assert "Page 1 of 2" in page.content.decode()
    assert client.get(f"/loyalty/points/customers/{owner.pk}/?page=2").status_code == 200


def test_an_advisor_redeems_for_accessories_from_the_page(owner, advisor, stocked, client_for, balance):
    client = client_for(advisor)
    url = f"/loyalty/points/customers/{owner.pk}/redeem/"
    response = client.post(url, {"points": "200", "reason": "accessories", "note": "脚垫"})
    assert response.status_code == 302 and balance(owner) == 800
    response = client.post(url, {"points": "900", "reason": "accessories", "note": "脚垫"})
    assert response.status_code == 400
    assert "Only 800 points are available: 900 cannot be spent." in response.content.decode()
    response = client.post(url, {"points": "10", "reason": "accessories", "note": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert balance(owner) == 800


def test_a_manager_adjusts_and_reverses_from_the_page(owner, manager, advisor, stocked, client_for, balance):
    client = client_for(manager)
    response = client.post(
        f"/loyalty/points/customers/{owner.pk}/adjust/", {"points": "-100", "note": "多发"}
    )
    assert response.status_code == 302 and balance(owner) == 900
    response = client.post(f"/loyalty/points/customers/{owner.pk}/adjust/", {"points": "0", "note": "x"})
    assert response.status_code == 400 and "other than 0" in response.content.decode()
    entry = points_redeem(actor=actor_for(advisor), customer=owner, points=50, reason="other", note="礼品")
    html = client.get(f"/loyalty/points/customers/{owner.pk}/").content.decode()
    assert f"/loyalty/points/entries/{entry.pk}/reverse/" in html
    response = client.post(f"/loyalty/points/entries/{entry.pk}/reverse/")
    assert response.status_code == 302 and balance(owner) == 900
    html = client.get(f"/loyalty/points/customers/{owner.pk}/").content.decode()
    assert f"/loyalty/points/entries/{entry.pk}/reverse/" not in html and "reversed" in html


def test_access_across_roles_and_dealers(
    owner, stocked, agent, hq, other_agent, advisor, client_for, balance
):
    entry = points_redeem(actor=actor_for(advisor), customer=owner, points=1, reason="other", note="x")
    routes = [
        f"/loyalty/points/customers/{owner.pk}/",
        f"/loyalty/points/customers/{owner.pk}/redeem/",
        f"/loyalty/points/customers/{owner.pk}/adjust/",
        f"/loyalty/points/entries/{entry.pk}/reverse/",
    ]
    for url in routes:  # another dealer's staff: the customer does not exist
        assert client_for(other_agent).get(url).status_code == 404
        assert client_for(other_agent).post(url, {"points": "1"}).status_code == 404
    body = {"points": "1", "reason": "other", "note": "x"}
    assert client_for(agent).post(routes[1], body).status_code == 403  # no REDEEM_POINTS
    assert client_for(agent).post(routes[3]).status_code == 403
    assert client_for(hq).get(routes[0]).status_code == 200  # HQ reads …
    for url in routes[1:]:
        assert client_for(hq).post(url, body).status_code == 403  # … and changes nothing
    assert client_for(advisor).post(routes[2], {"points": "5", "note": "x"}).status_code == 403
    assert balance(owner) == 999


def test_the_policy_page_edits_with_clear_errors(dealer, manager, advisor, hq, client_for):
    client = client_for(manager)
    page = client.get("/loyalty/points/policy/")
    assert page.status_code == 200 and 'name="points_per_yuan"' in page.content.decode()
    bad = {"points_per_yuan": "-1", "yuan_per_point": "0", "expiry_months": "0", "max_redeem_percent": "101"}
    response = client.post("/loyalty/points/policy/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Ensure this value is less than or equal to 100." in html
    assert PointsPolicy.objects.get(dealer=dealer).points_per_yuan == Decimal("1.00")
    response = client.post(
        "/loyalty/points/policy/",
        {"points_per_yuan": "2", "yuan_per_point": "0", "expiry_months": "12", "max_redeem_percent": "30"},
    )
    assert "A point must be worth something: enter more than 0." in response.content.decode()
    good = {
        "points_per_yuan": "2",
        "yuan_per_point": "0.02",
        "expiry_months": "12",
        "max_redeem_percent": "30",
    }
    assert client.post("/loyalty/points/policy/", good).status_code == 302
    policy = PointsPolicy.objects.get(dealer=dealer)
    assert (
        policy.points_per_yuan,
        policy.yuan_per_point,
        policy.expiry_months,
        policy.max_redeem_percent,
    ) == (
        Decimal("2.00"),
        Decimal("0.020"),
        12,
        30,
    )
    assert client_for(advisor).get("/loyalty/points/policy/").status_code == 403
    assert client_for(hq).get("/loyalty/points/policy/").status_code == 403


def test_an_administrator_picks_the_dealer_of_the_policy(dealer, admin_user, client_for):
    client = client_for(admin_user)
    assert f"?dealer={dealer.pk}" in client.get("/loyalty/points/policy/").content.decode()
    good = {
        "points_per_yuan": "1",
        "yuan_per_point": "0.05",
        "expiry_months": "36",
        "max_redeem_percent": "50",
    }
    assert client.post(f"/loyalty/points/policy/?dealer={dealer.pk}", good).status_code == 302
    assert PointsPolicy.objects.get(dealer=dealer).expiry_months == 36


def test_the_order_checkout_box_redeems_with_a_preview(
    owner, advisor, stocked, open_order, client_for, balance
):
    order = open_order("100")  # at most 50 % = ¥50 = 5,000 points; the balance is 1,000
    client = client_for(advisor)
    html = client.get(f"/loyalty/points/orders/{order.pk}/").content.decode()
    assert "Balance: 1000 points." in html and "Up to 1000 points on this order." in html
    preview = client.get(f"/loyalty/points/orders/{order.pk}/preview/?points=300").content.decode()
    assert "300 points = ¥3.00" in preview
    preview = client.get(f"/loyalty/points/orders/{order.pk}/preview/?points=3000").content.decode()
    assert "at most 1000 on this order" in preview
    response = client.post(f"/loyalty/points/orders/{order.pk}/redeem/", {"points": "2000"})
    assert response.status_code == 400 and "Only 1,000 points are available" in response.content.decode()
    response = client.post(f"/loyalty/points/orders/{order.pk}/redeem/", {"points": "700"})
    assert response.status_code == 302 and balance(owner) == 300
    order.refresh_from_db()
    assert order.customer_total == Decimal("93.00")
    assert PointsEntry.objects.filter(kind="redeem", ref_id=order.pk).exists()


def test_the_order_box_access(owner, stocked, open_order, agent, hq, other_agent, client_for):
    order = open_order("100")
    assert client_for(other_agent).get(f"/loyalty/points/orders/{order.pk}/").status_code == 404
    assert client_for(other_agent).post(f"/loyalty/points/orders/{order.pk}/redeem/").status_code == 404
    page = client_for(agent).get(f"/loyalty/points/orders/{order.pk}/")
    assert page.status_code == 200 and 'name="points"' not in page.content.decode()
    assert (
        client_for(agent).post(f"/loyalty/points/orders/{order.pk}/redeem/", {"points": "1"}).status_code
        == 403
    )
    assert (
        client_for(hq).post(f"/loyalty/points/orders/{order.pk}/redeem/", {"points": "1"}).status_code == 403
    )
    assert client_for(hq).post(f"/loyalty/points/orders/{order.pk}/member-price/").status_code == 403


def test_the_repair_order_page_links_to_the_box_while_open(advisor, open_order, client_for):
    from dealercrm.service.models import RepairOrder

    order = open_order("100")
    client = client_for(advisor)
    assert (
        f"/loyalty/points/orders/{order.pk}/" in client.get(f"/service/orders/{order.pk}/").content.decode()
    )
    RepairOrder.objects.filter(pk=order.pk).update(status="cancelled")
    assert (
        f"/loyalty/points/orders/{order.pk}/"
        not in client.get(f"/service/orders/{order.pk}/").content.decode()
    )


def test_the_box_applies_the_member_price_of_the_customers_tier(
    dealer, owner, advisor, open_order, client_for
):
    from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier

    order = open_order("1000")
    client = client_for(advisor)
    assert (
        "The customer has no membership tier yet."
        in client.get(f"/loyalty/points/orders/{order.pk}/").content.decode()
    )
    tier = MembershipTier.objects.create(
        dealer=dealer, code="silver", name="银卡", rank=2, discount_percent=10
    )
    LoyaltyProfile.objects.update_or_create(customer=owner, defaults={"dealer": dealer, "tier": tier})
    html = client.get(f"/loyalty/points/orders/{order.pk}/").content.decode()
    assert "Tier 银卡: 10% off" in html
    response = client.post(f"/loyalty/points/orders/{order.pk}/member-price/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.member_discount_percent == Decimal("10.00") and order.customer_total == Decimal("900.00")
