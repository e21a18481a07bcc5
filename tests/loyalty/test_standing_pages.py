"""The at-risk list, an owner's standing page, the tiers page: who sees what, who may change what."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from dealercrm.followups.models import TaskPurpose
from dealercrm.loyalty.models import MembershipTier
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, complaint, due_on, recompute, serviced

pytestmark = pytest.mark.django_db


def _at_risk(owner, at=None, name="流失"):
    customer, [car] = owner(name=name, purchased_on=date(2019, 3, 1), at=at)
    due_on(car, TODAY - timedelta(days=200))
    complaint(customer, date(2025, 5, 1))
    return customer


def _loyal(owner, name="忠诚"):
    customer, [car] = owner(name=name, purchased_on=date(2022, 1, 10))
    serviced(car, date(2022, 7, 1), date(2023, 7, 15), date(2024, 7, 5))
    due_on(car, date(2025, 7, 5))
    return customer


def test_it_lists_owners_by_churn_risk_with_their_reasons(owner, agent, english_client_for):
    loyal, risky = _loyal(owner), _at_risk(owner)
    recompute(winback=False)
    page = english_client_for(agent).get(reverse("loyalty:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(risky.name) < html.index(loyal.name)
    assert "Service overdue since 2024-11-27" in html and "Open complaint (1)" in html
    assert 'name="customer"' not in html  # agents see the list, managers book calls


def test_it_filters_by_category_and_score(owner, manager, english_client_for):
    loyal, risky = _loyal(owner), _at_risk(owner)
    recompute(winback=False)
    client = english_client_for(manager)
    html = client.get(reverse("loyalty:home"), {"category": "regular"}).content.decode()
    assert loyal.name in html and risky.name not in html
    html = client.get(reverse("loyalty:home"), {"min_score": 50}).content.decode()
    assert risky.name in html and loyal.name not in html
    html = client.get(reverse("loyalty:home"), {"min_score": 99}).content.decode()
    assert "No owner matches these filters." in html
    html = client.get(reverse("loyalty:home"), {"min_score": 101}).content.decode()
    assert "Ensure this value is less than or equal to 100." in html


def test_it_shows_an_empty_state_before_the_first_recompute(agent, english_client_for):
    html = english_client_for(agent).get(reverse("loyalty:home")).content.decode()
    assert "No owner has a loyalty standing yet." in html


def test_it_keeps_the_list_to_a_fixed_number_of_queries(
    owner, manager, english_client_for, django_assert_max_num_queries
):
    for i in range(3):
        _at_risk(owner, name=f"少{i}")
    recompute(winback=False)
    client = english_client_for(manager)
    with django_assert_max_num_queries(14):
        client.get(reverse("loyalty:home"))
    for i in range(30):
        _at_risk(owner, name=f"多{i}")
    recompute(on=TODAY, winback=False)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("loyalty:home"), {"min_score": 1})
    assert page.content.decode().count('name="customer"') == 33


def test_a_manager_books_win_back_calls_for_ticked_owners(owner, manager, english_client_for):
    risky = _at_risk(owner)
    recompute(winback=False)
    client = english_client_for(manager)
    page = client.post(reverse("loyalty:winback"), {"customer": [risky.pk]}, follow=True)
    assert "Win-back calls booked: 1. Already booked this month: 0." in page.content.decode()
    page = client.post(reverse("loyalty:winback"), {"customer": [risky.pk]}, follow=True)
    assert "Win-back calls booked: 0. Already booked this month: 1." in page.content.decode()


def test_a_manager_books_calls_for_everyone_at_risk_in_the_filter(owner, manager, english_client_for):
    risky = [_at_risk(owner, name=f"险{i}") for i in range(3)]
    loyal = _loyal(owner)
    recompute(winback=False)
    page = english_client_for(manager).post(
        reverse("loyalty:winback"), {"scope": "all", "query": "category=lost"}, follow=True
    )
    assert "Win-back calls booked: 3." in page.content.decode()
    booked = set(TaskPurpose.objects.filter(event_kind="win_back").values_list("customer_id", flat=True))
    assert booked == {c.pk for c in risky} and loyal.pk not in booked


def test_agents_and_hq_cannot_book_win_back_calls(owner, agent, hq, english_client_for):
    risky = _at_risk(owner)
    recompute(winback=False)
    for user in (agent, hq):
        assert (
            english_client_for(user).post(reverse("loyalty:winback"), {"customer": [risky.pk]}).status_code
            == 403
        )
    assert not TaskPurpose.objects.filter(event_kind="win_back").exists()


def test_hq_reads_every_dealers_list(owner, hq, other_dealer, english_client_for):
    ours, theirs = _at_risk(owner), _at_risk(owner, at=other_dealer, name="别家")
    recompute(winback=False)
    html = english_client_for(hq).get(reverse("loyalty:home")).content.decode()
    assert ours.name in html and theirs.name in html and 'name="customer"' not in html


def test_the_standing_page_explains_category_churn_and_tier(owner, advisor, english_client_for):
    loyal = _loyal(owner)
    recompute(winback=False)
    html = english_client_for(advisor).get(reverse("loyalty:customer", args=[loyal.pk])).content.decode()
    assert "Returns for every service" in html
    assert "3 of the 3 scheduled services that fell due were done here." in html
    assert "Vehicle out of warranty: 3 years old" in html
    assert "Member" in html and "5 % off" in html
    assert reverse("loyalty:points-customer", args=[loyal.pk]) in html


def test_another_dealers_staff_get_404_on_the_standing_page(owner, other_agent, english_client_for):
    risky = _at_risk(owner)
    recompute(winback=False)
    assert (
        english_client_for(other_agent).get(reverse("loyalty:customer", args=[risky.pk])).status_code == 404
    )


def test_a_manager_edits_tiers_with_clear_errors_and_others_cannot(
    manager, agent, hq, dealer, english_client_for
):
    client = english_client_for(manager)
    assert client.get(reverse("loyalty:tiers")).status_code == 200  # defaults created on the way
    silver = MembershipTier.objects.get(dealer=dealer, code="silver")
    bad = {"code": "silver", "name": "银卡", "rank": 3, "discount_percent": "120", "min_spend": "5000"}
    page = client.post(reverse("loyalty:tier-edit", args=[silver.pk]), bad)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ensure this value is less than or equal to" in html or "from 0 to 100" in html
    bad["discount_percent"] = "12"
    html = client.post(reverse("loyalty:tier-edit", args=[silver.pk]), bad).content.decode()
    assert "Another tier of this dealer already has rank 3." in html
    bad["rank"] = 2
    assert client.post(reverse("loyalty:tier-edit", args=[silver.pk]), bad).status_code == 302
    assert MembershipTier.objects.get(pk=silver.pk).discount_percent == 12
    for user in (agent, hq):
        assert english_client_for(user).post(
            reverse("loyalty:tier-edit", args=[silver.pk]), bad
        ).status_code in (403, 404)
        assert english_client_for(user).get(reverse("loyalty:tier-new")).status_code == 403


def test_a_manager_sets_the_win_back_threshold(manager, dealer, english_client_for):
    client = english_client_for(manager)
    page = client.post(reverse("loyalty:winback-policy"), {"winback_threshold": 0}, follow=True)
    assert "Ensure this value is greater than or equal to 1." in page.content.decode()
    client.post(reverse("loyalty:winback-policy"), {"winback_threshold": 70, "winback_calls": "on"})
    assert dealer.standing_policy.winback_threshold == 70
