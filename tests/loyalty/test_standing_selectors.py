"""customer_standing: what the 360 page shows of an owner's standing, in one query, scoped."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse

from dealercrm.loyalty.models import LoyaltyProfile
from dealercrm.loyalty.selectors import customer_standing
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, complaint, due_on, recompute

pytestmark = pytest.mark.django_db


def test_it_gives_the_whole_standing_in_one_query(owner, agent, actor_of, django_assert_num_queries):
    customer, [car] = owner(purchased_on=date(2019, 3, 1))
    due_on(car, TODAY - timedelta(days=200))
    complaint(customer, date(2025, 5, 1))
    recompute(winback=False)
    me = actor_of(agent)
    with django_assert_num_queries(1):
        standing = customer_standing(me, customer.pk)
    assert (standing["category"], standing["category_label"]) == ("lost", "Lost to another workshop")
    assert (standing["churn_score"], standing["at_risk"]) == (65, True)
    assert standing["churn_reasons"][0] == {
        "code": "overdue",
        "points": 30,
        "value": "2024-11-27",
        "label": "Service overdue since 2024-11-27",
    }
    member = LoyaltyProfile.objects.select_related("tier").get(pk=customer.pk).tier
    assert (standing["tier_code"], standing["tier_name"], str(standing["tier_discount"])) == (
        "member",
        member.name,  # stored in the site's language (会员)
        "5.00",
    )
    assert standing["points_balance"] == 0 and standing["services_due"] == 6


def test_it_gives_nothing_for_another_dealers_owner_or_a_customer_without_standing(
    owner, other_agent, agent, actor_of, make_customer, dealer
):
    customer, _cars = owner()
    recompute(winback=False)
    prospect = make_customer(dealer, name="潜客", mobile="13700000009")
    assert customer_standing(actor_of(other_agent), customer.pk) is None
    assert customer_standing(actor_of(agent), prospect.pk) is None


def test_the_admin_shows_the_loyalty_tables_read_only(owner, admin_user, client_for):
    _customer, _cars = owner()
    recompute(winback=False)
    client = client_for(admin_user)
    assert client.get(reverse("admin:loyalty_loyaltyprofile_changelist")).status_code == 200
    assert client.get(reverse("admin:loyalty_tierchange_changelist")).status_code == 200
    assert not admin.site._registry[LoyaltyProfile].has_change_permission(None)
