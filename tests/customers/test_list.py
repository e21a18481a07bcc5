"""The customer list: filters, pagination, masking, empty states and a bounded number of queries."""

import pytest
from django.urls import reverse

from dealercrm.customers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty(dealer, make_customer, system):
    """30 customers of D01: the first 5 are owners tagged VIP."""
    rows = [make_customer(dealer, name=f"客户{i:02d}", mobile=f"1391234{i:04d}") for i in range(30)]
    for customer in rows[:5]:
        services.customer_update(actor=system, customer=customer, fields={"customer_class": "owner"})
        services.customer_set_tags(actor=system, customer=customer, names=["VIP"])
    return rows


def test_it_paginates_25_a_page_with_bounded_queries(
    client_for, agent, thirty, django_assert_max_num_queries
):
    client = client_for(agent)
    with django_assert_max_num_queries(10):
        first = client.get(reverse("customers:list"))
    assert first.status_code == 200
    assert len(first.context["rows"]) == 25
    assert "?page=2" in first.content.decode()
    second = client.get(reverse("customers:list"), {"page": 2})
    assert len(second.context["rows"]) == 5


def test_it_links_each_row_to_the_360_page_and_masks_the_contact(client_for, agent, clerk, thirty):
    html = client_for(agent).get(reverse("customers:list")).content.decode()
    newest = thirty[-1]  # newest first
    assert reverse("desk:customer", args=[newest.pk]) in html
    assert "139****0029" in html and "13912340029" not in html
    assert "13912340029" in client_for(clerk).get(reverse("customers:list")).content.decode()


def test_it_filters_by_class_and_tag(client_for, agent, thirty):
    client = client_for(agent)
    owners = client.get(reverse("customers:list"), {"customer_class": "owner"})
    assert {c.pk for c, _ in owners.context["rows"]} == {c.pk for c in thirty[:5]}
    tagged = client.get(reverse("customers:list"), {"tag": "VIP", "customer_class": "prospect"})
    assert tagged.context["rows"] == []
    assert tagged.context["filtered"]
    assert 'class="empty"' in tagged.content.decode()
    assert len(client.get(reverse("customers:list"), {"tag": "VIP"}).context["rows"]) == 5


def test_it_keeps_the_filters_in_the_page_links(client_for, agent, dealer, make_customer):
    for i in range(26):
        make_customer(dealer, name=f"车主{i}", mobile=f"1371234{i:04d}", customer_class="owner")
    html = client_for(agent).get(reverse("customers:list"), {"customer_class": "owner"}).content.decode()
    assert "?customer_class=owner&amp;page=2" in html


def test_it_shows_only_the_actors_dealer(client_for, agent, hq, dealer, other_dealer, make_customer):
    make_customer(dealer, name="本店客户", mobile="13812345678")
    make_customer(other_dealer, name="他店客户", mobile="13812345678")
    mine = client_for(agent).get(reverse("customers:list")).content.decode()
    assert "本店客户" in mine and "他店客户" not in mine
    everyone = client_for(hq).get(reverse("customers:list")).content.decode()
    assert "本店客户" in everyone and "他店客户" in everyone


def test_it_explains_an_empty_list_and_offers_the_new_customer_button(client_for, agent, dealer):
    response = client_for(agent).get(reverse("customers:list"))
    assert response.context["rows"] == []
    html = response.content.decode()
    assert 'class="empty"' in html
    assert reverse("customers:create") in html
