"""The segment builder page: a live count as rules change, clear messages for bad rules, saved and listed."""

import pytest

from dealercrm.campaigns.models import Segment
from dealercrm.campaigns.services import segment_create
from dealercrm.customers.services import customer_set_tags
from tests.campaigns.conftest import consent, lives_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def shenzhen(pair):
    inside, outside = pair
    lives_in(inside, "深圳")
    consent(inside, "sms")
    lives_in(outside, "广州")
    return inside


def test_the_builder_offers_a_field_for_every_rule(
    client_for, manager, dealer, pair, system, tier, vehicle_model
):
    customer_set_tags(actor=system, customer=pair[0], names=["车友会"])
    tier(dealer, "gold", 2)
    page = client_for(manager).get("/campaigns/segments/new/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in (
        "tags", "customer_class", "tiers", "loyalty", "churn_min", "churn_max", "models", "series",
        "purchased_from", "purchased_to", "last_visit_after", "last_visit_before", "cities", "consent",
    ):  # fmt: skip
        assert f'name="{name}"' in html, name
    assert 'hx-post="/campaigns/segments/count/"' in html


def test_the_live_count_follows_the_rules(client_for, manager, shenzhen):
    client = client_for(manager)
    everyone = client.post("/campaigns/segments/count/", {})
    assert 'data-count="2"' in everyone.content.decode()
    in_shenzhen = client.post("/campaigns/segments/count/", {"cities": "深圳"}).content.decode()
    assert 'data-count="1"' in in_shenzhen and "of whom 1 granted SMS consent" in in_shenzhen


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"churn_min": "120"}, "Churn risk from: Churn risk is a score from 0 to 100."),
        ({"churn_min": "80", "churn_max": "20"}, "The highest churn risk must not be below the lowest."),
        ({"purchased_from": "2024-06-01", "purchased_to": "2024-01-01"}, "must not be before"),
        ({"last_visit_after": "2025-06-01", "last_visit_before": "2025-01-01"}, "must not be before"),
        ({"purchased_from": "not a date"}, "Enter a valid date."),
    ],
)
def test_the_live_count_explains_bad_rules(client_for, manager, data, message):
    html = client_for(manager).post("/campaigns/segments/count/", data).content.decode()
    assert 'data-count=""' in html
    assert message.replace("“", "&ldquo;") in html or message in html


def test_a_manager_saves_a_segment_and_finds_it_in_the_list(client_for, manager, shenzhen, dealer):
    client = client_for(manager)
    response = client.post(
        "/campaigns/segments/new/", {"name": "深圳车主", "cities": "深圳, 东莞", "consent": "sms"}
    )
    assert response.status_code == 302
    segment = Segment.objects.get(dealer=dealer)
    assert segment.rules == {"cities": ["深圳", "东莞"], "consent": "sms"} and segment.last_count == 1
    listing = client.get("/campaigns/segments/").content.decode()
    assert "深圳车主" in listing
    edit = client.post(f"/campaigns/segments/{segment.pk}/", {"name": "全部车主"})
    assert edit.status_code == 302
    segment.refresh_from_db()
    assert segment.name == "全部车主" and segment.rules == {} and segment.last_count == 2


def test_a_bad_segment_is_not_saved(client_for, manager):
    response = client_for(manager).post("/campaigns/segments/new/", {"name": "", "churn_max": "-5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html and "Churn risk is a score from 0 to 100." in html
    assert not Segment.objects.exists()


def test_a_duplicate_name_is_refused(client_for, manager, dealer, actor_of):
    segment_create(actor=actor_of(manager), dealer=dealer, name="重复", rules={})
    html = client_for(manager).post("/campaigns/segments/new/", {"name": "重复"}).content.decode()
    assert "already has a segment with this name" in html


def test_hq_reads_a_segment_with_its_count_and_cannot_change_it(
    client_for, hq, manager, dealer, actor_of, shenzhen
):
    segment = segment_create(actor=actor_of(manager), dealer=dealer, name="深圳", rules={"cities": ["深圳"]})
    client = client_for(hq)
    page = client.get(f"/campaigns/segments/{segment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-count="1"' in html and "save-segment" not in html
    assert client.post(f"/campaigns/segments/{segment.pk}/", {"name": "改"}).status_code == 403


def test_the_segment_list_costs_a_fixed_number_of_queries(
    client_for, manager, dealer, actor_of, django_assert_max_num_queries
):
    for i in range(30):
        segment_create(actor=actor_of(manager), dealer=dealer, name=f"s{i}", rules={"churn_min": i})
    client = client_for(manager)
    with django_assert_max_num_queries(8):
        page = client.get("/campaigns/segments/?page=2")
    assert page.status_code == 200 and "Page 2 of 2" in page.content.decode()


def test_the_list_has_an_empty_state(client_for, agent):
    html = client_for(agent).get("/campaigns/segments/").content.decode()
    assert "No segments yet" in html and "new-segment" not in html
