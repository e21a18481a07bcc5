"""Loyalty category from constructed service histories against the fleet default plan (first service after
6 months, then every 12; a due service counts once it is 60 days behind us). Today is 2025-06-15."""

from datetime import date

import pytest

from dealercrm.loyalty.models import LoyaltyProfile
from tests.loyalty.standing_helpers import *  # noqa: F403
from tests.loyalty.standing_helpers import TODAY, profile, recompute, serviced

pytestmark = pytest.mark.django_db

# Bought 2022-01-10: services due 2022-07-10, 2023-07-10, 2024-07-10 (2025-07-10 is still ahead).
BOUGHT = date(2022, 1, 10)


def test_it_calls_an_owner_who_came_for_every_due_service_regular(owner):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, date(2022, 7, 1), date(2023, 7, 15), date(2024, 7, 5))
    recompute()
    p = profile(customer)
    assert (p.category, p.services_due, p.services_done) == ("regular", 3, 3)


def test_it_calls_an_owner_who_missed_some_services_occasional(owner):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, date(2022, 7, 1), date(2024, 7, 5))
    recompute()
    p = profile(customer)
    assert (p.category, p.services_due, p.services_done) == ("occasional", 3, 2)


def test_it_calls_an_owner_not_seen_for_more_than_an_interval_lost(owner):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, date(2022, 7, 1), date(2023, 6, 20))
    recompute()
    p = profile(customer)
    assert (p.category, p.services_due, p.services_done) == ("lost", 3, 2)


def test_it_calls_an_owner_who_never_came_back_lost(owner):
    customer, _cars = owner(purchased_on=BOUGHT)
    recompute()
    assert profile(customer).category == "lost"


def test_it_calls_an_owner_with_nothing_due_yet_new(owner):
    customer, _cars = owner(purchased_on=date(2025, 1, 1))
    recompute()
    p = profile(customer)
    assert (p.category, p.services_due, p.services_done) == ("new", 0, 0)


def test_it_gives_the_owner_two_months_after_a_due_date_before_counting_it(owner):
    within, _cars = owner(purchased_on=date(2024, 11, 1))  # first service due 2025-05-01: within the grace
    past, _cars = owner(purchased_on=date(2024, 10, 1))  # due 2025-04-01: 75 days ago
    recompute()
    assert (profile(within).category, profile(within).services_due) == ("new", 0)
    assert (profile(past).category, profile(past).services_due) == ("lost", 1)


def test_it_counts_only_services_not_repairs_nor_the_previous_owners_visits(owner, make_customer, dealer):
    customer, [car] = owner(purchased_on=BOUGHT)
    before = make_customer(dealer, name="前车主", mobile="13700000001")
    serviced(car, date(2022, 7, 1), customer=before)
    serviced(car, date(2023, 7, 1), service_type="warranty")
    serviced(car, date(2024, 7, 5))
    recompute()
    p = profile(customer)
    assert (p.category, p.services_done) == ("occasional", 1)


def test_it_does_not_let_extra_visits_count_for_more_services_than_were_due(owner):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, *[date(2024, m, 1) for m in range(1, 12)])
    recompute()
    p = profile(customer)
    assert (p.category, p.services_due, p.services_done) == ("regular", 3, 3)


def test_it_adds_up_every_vehicle_the_owner_has(owner):
    customer, [kept, _neglected] = owner(purchased_on=BOUGHT, vehicles=2)
    serviced(kept, date(2022, 7, 1), date(2023, 7, 15), date(2024, 7, 5))
    recompute()
    p = profile(customer)
    assert (p.category, p.services_due, p.services_done) == ("occasional", 6, 3)


def test_it_uses_the_first_visit_when_the_purchase_date_is_unknown(owner):
    customer, [car] = owner(purchased_on=None, first_visit_on=BOUGHT)
    serviced(car, date(2022, 7, 1), date(2023, 7, 15), date(2024, 7, 5))
    recompute()
    assert profile(customer).category == "regular"


def test_it_makes_profiles_only_for_owners_and_only_once(owner, make_customer, dealer):
    customer, _cars = owner(purchased_on=BOUGHT)
    prospect = make_customer(dealer, name="潜客", mobile="13700000002")
    first = recompute()
    again = recompute()
    assert first["profiles_created"] == 1 and again["profiles_created"] == 0
    assert again["changed"] == 0 and again["tier_changes"] == 0
    assert LoyaltyProfile.objects.filter(customer=customer).exists()
    assert not LoyaltyProfile.objects.filter(customer=prospect).exists()


def test_it_recomputes_when_the_history_changes(owner):
    customer, [car] = owner(purchased_on=BOUGHT)
    serviced(car, date(2022, 7, 1), date(2023, 7, 15))
    recompute()
    assert profile(customer).category == "lost"
    serviced(car, date(2025, 5, 2))
    recompute()
    assert (profile(customer).category, profile(customer).computed_on) == ("regular", TODAY)
