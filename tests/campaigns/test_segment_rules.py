"""Each segment rule selects the customer it describes and leaves out the one it does not; rules AND together."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealercrm.campaigns.selectors import segment_count, segment_customers
from dealercrm.customers.services import customer_set_tags
from dealercrm.vehicles.models import VehicleModel
from tests.campaigns.conftest import consent, lives_in, selected, visit
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db


def test_it_selects_every_customer_of_the_dealer_without_rules(dealer, other_dealer, pair, make_customer):
    make_customer(other_dealer, name="外店", mobile="13900000009")
    assert selected(dealer, {}) == {c.pk for c in pair}


def test_it_selects_by_any_of_the_tags(dealer, pair, system, make_customer):
    inside, outside = pair
    third = make_customer(dealer, name="赵六", mobile="13800000003")
    customer_set_tags(actor=system, customer=inside, names=["车友会"])
    customer_set_tags(actor=system, customer=third, names=["高净值"])
    customer_set_tags(actor=system, customer=outside, names=["其他"])
    assert selected(dealer, {"tags": ["车友会", "高净值"]}) == {inside.pk, third.pk}


def test_it_selects_by_customer_class(dealer, pair):
    inside, outside = pair
    inside.customer_class = "owner"
    inside.save()
    assert selected(dealer, {"customer_class": "owner"}) == {inside.pk}
    assert selected(dealer, {"customer_class": ["prospect"]}) == {outside.pk}


def test_it_selects_by_membership_tier_code(dealer, pair, standing, tier):
    inside, outside = pair
    gold, silver = tier(dealer, "gold", 2), tier(dealer, "silver", 1)
    standing(inside, tier=gold)
    standing(outside, tier=silver)
    assert selected(dealer, {"tiers": ["gold"]}) == {inside.pk}


def test_it_selects_by_loyalty_category(dealer, pair, standing):
    inside, outside = pair
    standing(inside, category="lost")
    standing(outside, category="regular")
    assert selected(dealer, {"loyalty": ["lost"]}) == {inside.pk}


def test_it_selects_by_churn_risk_with_inclusive_bounds(dealer, pair, standing, make_customer):
    inside, outside = pair
    edge = make_customer(dealer, name="边界", mobile="13800000003")
    standing(inside, churn_score=75)
    standing(edge, churn_score=60)
    standing(outside, churn_score=59)
    assert selected(dealer, {"churn_min": 60, "churn_max": 100}) == {inside.pk, edge.pk}
    assert selected(dealer, {"churn_max": 59}) == {outside.pk}


def test_it_selects_owners_of_a_model_or_a_series(dealer, pair, make_vehicle, vehicle_model):
    inside, outside = pair
    other_model = VehicleModel.objects.create(brand="Volkswagen", series="途观L", model_year=2023)
    make_vehicle(dealer, owner=inside, vin=VALID_VINS[0], plate="粤B10001")
    make_vehicle(dealer, owner=outside, vin=VALID_VINS[1], plate="粤B10002", model=other_model)
    assert selected(dealer, {"models": [vehicle_model.pk]}) == {inside.pk}
    assert selected(dealer, {"series": ["途观L"]}) == {outside.pk}
    assert selected(dealer, {"models": [vehicle_model.pk], "series": ["途观L"]}) == {inside.pk, outside.pk}


def test_it_selects_by_purchase_date_of_a_current_vehicle(dealer, pair, make_vehicle, make_customer, system):
    inside, outside = pair
    make_vehicle(dealer, owner=inside, vin=VALID_VINS[0], plate="粤B10001", purchased_on=date(2022, 3, 1))
    make_vehicle(dealer, owner=outside, vin=VALID_VINS[1], plate="粤B10002", purchased_on=date(2020, 3, 1))
    rules = {"purchased_from": "2022-01-01", "purchased_to": "2022-12-31"}
    assert selected(dealer, rules) == {inside.pk}


def test_it_applies_model_and_purchase_date_to_the_same_vehicle(dealer, pair, make_vehicle, vehicle_model):
    inside, outside = pair
    other_model = VehicleModel.objects.create(brand="Volkswagen", series="途观L", model_year=2023)
    make_vehicle(dealer, owner=inside, vin=VALID_VINS[0], plate="粤B10001", purchased_on=date(2022, 3, 1))
    # The outside customer has the model (bought long ago) and a recent car of another model.
    make_vehicle(dealer, owner=outside, vin=VALID_VINS[1], plate="粤B10002", purchased_on=date(2015, 3, 1))
    make_vehicle(
        dealer,
        owner=outside,
        vin=VALID_VINS[2],
        plate="粤B10003",
        purchased_on=date(2022, 5, 1),
        model=other_model,
    )
    rules = {"models": [vehicle_model.pk], "purchased_from": date(2022, 1, 1)}
    assert selected(dealer, rules) == {inside.pk}


def test_it_selects_by_last_visit(dealer, pair, make_customer):
    inside, outside = pair
    never = make_customer(dealer, name="从未", mobile="13800000003")
    visit(inside, date(2024, 1, 10))
    visit(outside, date(2025, 6, 1))
    assert selected(dealer, {"last_visit_before": "2024-12-31"}) == {inside.pk}
    assert selected(dealer, {"last_visit_after": "2025-01-01"}) == {outside.pk}
    assert never.pk not in selected(dealer, {"last_visit_before": "2030-01-01"})


def test_it_selects_by_city(dealer, pair):
    inside, outside = pair
    lives_in(inside, "深圳")
    lives_in(outside, "广州")
    assert selected(dealer, {"cities": "深圳，东莞"}) == {inside.pk}  # noqa: RUF001 (typed by people)


def test_it_selects_only_customers_who_granted_the_channel(dealer, pair, make_customer):
    inside, outside = pair
    withdrawn = make_customer(dealer, name="退订", mobile="13800000003")
    consent(inside, "sms")
    consent(outside, "email")
    consent(withdrawn, "sms", granted=False)
    assert selected(dealer, {"consent": "sms"}) == {inside.pk}


def test_it_ands_the_rules(dealer, pair, standing):
    inside, outside = pair
    lives_in(inside, "深圳")
    lives_in(outside, "深圳")
    standing(inside, churn_score=80)
    standing(outside, churn_score=10)
    assert selected(dealer, {"cities": ["深圳"], "churn_min": 50}) == {inside.pk}


def test_it_never_selects_another_dealers_customers(dealer, other_dealer, make_customer, actor_of, agent):
    foreign = make_customer(other_dealer, name="外店", mobile="13900000009")
    lives_in(foreign, "深圳")
    rows = segment_customers(actor_of(agent), dealer_ids=[other_dealer.pk], rules={"cities": ["深圳"]})
    assert list(rows) == []


def test_the_count_equals_the_list_in_a_fixed_number_of_queries_whatever_the_rules(
    dealer, pair, standing, tier, vehicle_model
):
    inside, _outside = pair
    gold = tier(dealer, "gold", 2)
    standing(inside, tier=gold, category="regular", churn_score=30)
    lives_in(inside, "深圳")
    consent(inside, "sms")
    visit(inside, date(2025, 1, 1))
    every_rule = {
        "tags": ["车友会"],
        "customer_class": "owner",
        "tiers": ["gold"],
        "loyalty": ["regular"],
        "churn_min": 10,
        "churn_max": 90,
        "models": [vehicle_model.pk],
        "series": ["帕萨特"],
        "purchased_from": "2020-01-01",
        "purchased_to": "2025-12-31",
        "last_visit_after": "2024-01-01",
        "last_visit_before": "2025-12-31",
        "cities": ["深圳"],
        "consent": "sms",
    }
    for rules in ({}, {"cities": ["深圳"]}, {"tiers": ["gold"], "consent": "sms"}, every_rule):
        with CaptureQueriesContext(connection) as queries:
            count = segment_count(None, dealer_ids=[dealer.pk], rules=rules)
        assert len(queries) == (2 if "tiers" in rules else 1)  # a tier rule first looks up the tier ids
        assert count == len(list(segment_customers(None, dealer_ids=[dealer.pk], rules=rules)))
    assert segment_count(None, dealer_ids=[dealer.pk], rules={"cities": ["深圳"], "tiers": ["gold"]}) == 1


@pytest.mark.parametrize(
    ("rules", "field", "message"),
    [
        ({"churn_min": 101}, "churn_min", "from 0 to 100"),
        ({"churn_max": -1}, "churn_max", "from 0 to 100"),
        ({"churn_min": 70, "churn_max": 20}, "churn_max", "must not be below"),
        (
            {"purchased_from": "2024-05-01", "purchased_to": "2024-01-01"},
            "purchased_to",
            "must not be before",
        ),
        (
            {"last_visit_after": "2025-01-01", "last_visit_before": "2024-01-01"},
            "last_visit_before",
            "before",
        ),
        ({"purchased_from": "01/05/2024"}, "purchased_from", "YYYY-MM-DD"),
        ({"loyalty": ["loyal"]}, "loyalty", "Choose from"),
        ({"consent": "pigeon"}, "consent", "Choose from"),
        ({"models": ["abc"]}, "models", "model ids"),
        ({"colour": "red"}, "colour", "Unknown rule"),
    ],
)
def test_it_refuses_bad_rules_with_a_message_per_rule(dealer, rules, field, message):
    with pytest.raises(ValidationError) as caught:
        segment_count(None, dealer_ids=[dealer.pk], rules=rules)
    assert message in " ".join(caught.value.message_dict[field])
