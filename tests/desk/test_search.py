"""One search box: mobile, last four, plate, VIN, last six, name, pinyin, initials — within the dealer only."""

import pytest

from tests.conftest import VALID_VINS


@pytest.fixture
def owner(dealer, make_customer, make_vehicle):
    customer = make_customer(dealer, name="张三丰", mobile="13812345678")
    make_vehicle(dealer, owner=customer, vin=VALID_VINS[0], plate="粤B12345")
    return customer


def found(client, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    return [(row["id"], row["matched"]) for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("13812345678", "mobile"),
        ("+86 138 1234 5678", "mobile"),
        ("5678", "mobile_tail"),
        ("粤B12345", "plate"),
        ("粤 b 1 2 3 4 5", "plate"),
        (VALID_VINS[0].lower(), "vin"),
        (VALID_VINS[0][-6:], "vin_tail"),
        ("张三丰", "name"),
        ("张三", "name"),
        ("zhangsanfeng", "pinyin"),
        ("zsf", "pinyin"),
        ("ZS", "pinyin"),
    ],
)
def test_it_finds_the_owner_by_every_key(owner, agent, client_for, query, kind):
    assert found(client_for(agent), query) == [(owner.pk, kind)]


def test_it_never_shows_another_dealers_customer(owner, other_agent, client_for):
    client = client_for(other_agent)
    for query in ["13812345678", "粤B12345", VALID_VINS[0], "张三丰", "zsf"]:
        assert found(client, query) == []


def test_group_hq_finds_customers_of_every_dealer(owner, other_dealer, make_customer, hq, client_for):
    other = make_customer(other_dealer, name="张三", mobile="13912345678")
    ids = {row_id for row_id, _kind in found(client_for(hq), "zs")}
    assert ids == {owner.pk, other.pk}


def test_it_masks_the_mobile_in_results_for_an_agent_but_not_for_the_clerk(owner, agent, clerk, client_for):
    row = client_for(agent).get("/api/search/", {"q": "5678"}).json()["results"][0]
    assert row["contact"] == "138****5678"
    assert row["plates"] == ["粤B12345"]
    row = client_for(clerk).get("/api/search/", {"q": "5678"}).json()["results"][0]
    assert row["contact"] == "13812345678"


def test_the_search_page_lists_hits_and_says_when_nothing_matches(owner, agent, client_for):
    client = client_for(agent)
    page = client.get("/search/", {"q": "zsf"}).content.decode()
    assert "张三丰" in page and f"/customers/{owner.pk}/" in page and "138****5678" in page
    page = client.get("/search/", {"q": "13900000000"}).content.decode()
    assert 'class="empty"' in page


def test_the_search_costs_a_bounded_number_of_queries(
    dealer, make_customer, agent, client_for, django_assert_max_num_queries
):
    for i in range(30):
        make_customer(dealer, name=f"张{'三四五六七八九十'[i % 8]}", mobile=f"1381234{i:04d}")
    client = client_for(agent)
    with django_assert_max_num_queries(8):
        response = client.get("/api/search/", {"q": "zs"})
    assert len(response.json()["results"]) >= 1


def test_anonymous_users_cannot_search(owner, client):
    assert client.get("/api/search/", {"q": "5678"}).status_code in (401, 403)
    assert client.get("/search/", {"q": "5678"}).status_code == 302


def test_a_plate_or_mobile_naming_one_customer_opens_the_360_page(owner, agent, client_for):
    client = client_for(agent)
    for query in ("粤b12345", "13812345678", VALID_VINS[0]):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 302 and response.url == f"/customers/{owner.pk}/"
