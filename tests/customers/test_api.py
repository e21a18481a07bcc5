"""/api/customers/: scoped like the pages, masked per role, writes through the services, errors per field."""

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dealercrm.customers import services
from dealercrm.customers.models import ContactPoint, Customer, TimelineEntry

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"
LIST_URL = "/api/customers/"


@pytest.fixture(autouse=True)
def _english():
    """Requests say Accept-Language: en, so messages can be compared with their source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def api_for():
    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client

    return make


def detail_url(pk: int) -> str:
    return f"{LIST_URL}{pk}/"


def payload(**overrides) -> dict:
    return {
        "name": "李四",
        "gender": "male",
        "birthday": "1988-08-08",
        "id_number": VALID_ID,
        "customer_class": "prospect",
        "source": "web",
        "tags": ["VIP", "老客户"],
        "contacts": [
            {"kind": "mobile", "value": "+86 139 1234 5678"},
            {"kind": "email", "value": "li@Example.com"},
        ],
        **overrides,
    }


def test_the_router_serves_the_list_at_api_customers():
    assert reverse("customer-list") == LIST_URL


def test_it_creates_a_customer(api_for, agent, dealer):
    response = api_for(agent).post(LIST_URL, payload(), format="json")
    assert response.status_code == 201, response.data
    customer = Customer.objects.get()
    assert (customer.dealer, customer.name_pinyin, customer.created_by) == (dealer, "lisi", agent)
    assert customer.contacts.get(is_primary=True).value == "13912345678"
    body = response.json()
    assert body["id"] == customer.pk
    assert body["dealer"] == dealer.pk
    assert body["name_pinyin"] == "lisi"
    assert body["tags"] == ["VIP", "老客户"]
    assert body["id_number"] == "110105********002X"  # an agent sees it masked
    assert {c["value"] for c in body["contacts"]} == {"139****5678", "l***@example.com"}
    assert "dealer_id" not in body


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"contacts": [{"kind": "mobile", "value": "12345"}]}, "mobile"),
        ({"name": "  "}, "name"),
    ],
)
def test_it_answers_400_per_field_and_saves_nothing(api_for, agent, change, field):
    response = api_for(agent).post(LIST_URL, payload(**change), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field], list) and response.json()[field]
    assert not Customer.objects.exists()
    assert not ContactPoint.objects.exists()
    assert not TimelineEntry.objects.exists()


def test_it_reports_every_bad_field_at_once(api_for, agent):
    bad = payload(id_number="123", contacts=[{"kind": "mobile", "value": "12345"}])
    response = api_for(agent).post(LIST_URL, bad, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"id_number", "mobile"}
    assert response.json()["mobile"] == ["Enter a valid mainland China mobile number."]


def test_it_refuses_a_duplicate_mobile(api_for, agent, dealer, make_customer):
    make_customer(dealer, mobile="13912345678")
    response = api_for(agent).post(LIST_URL, payload(), format="json")
    assert response.status_code == 400
    assert "mobile" in response.json()
    assert Customer.objects.count() == 1


def test_it_lists_the_actors_dealer_only(api_for, agent, dealer, other_dealer, make_customer):
    mine = make_customer(dealer, mobile="13812345678")
    make_customer(other_dealer, mobile="13812345678")
    body = api_for(agent).get(LIST_URL).json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_it_answers_404_for_another_dealers_customer(api_for, agent, other_dealer, make_customer):
    theirs = make_customer(other_dealer)
    client = api_for(agent)
    assert client.get(detail_url(theirs.pk)).status_code == 404
    assert client.patch(detail_url(theirs.pk), {"name": "改名"}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "张三"


def test_it_lets_hq_read_every_dealer_but_not_write(api_for, hq, dealer, other_dealer, make_customer):
    customer = make_customer(dealer, mobile="13812345678")
    make_customer(other_dealer, mobile="13812345678")
    client = api_for(hq)
    assert client.get(LIST_URL).json()["count"] == 2
    assert client.get(detail_url(customer.pk)).status_code == 200
    assert client.post(LIST_URL, payload(dealer_id=dealer.pk), format="json").status_code == 403
    assert client.patch(detail_url(customer.pk), {"name": "改名"}, format="json").status_code == 403
    assert Customer.objects.count() == 2


def test_it_masks_contacts_for_an_agent_but_not_for_a_clerk(api_for, agent, clerk, dealer, make_customer):
    customer = make_customer(dealer, mobile="13812345678", id_number=VALID_ID)
    as_agent = api_for(agent).get(detail_url(customer.pk)).json()
    as_clerk = api_for(clerk).get(detail_url(customer.pk)).json()
    assert as_agent["contacts"][0]["value"] == "138****5678"
    assert as_agent["id_number"] == "110105********002X"
    assert as_clerk["contacts"][0]["value"] == "13812345678"
    assert as_clerk["id_number"] == VALID_ID
    assert as_agent["contacts"][0] == {
        "kind": "mobile",
        "value": "138****5678",
        "is_primary": True,
        "wrong_number": False,
    }


def test_it_works_with_a_token(agent, dealer, make_customer):
    make_customer(dealer)
    token = Token.objects.create(user=agent)
    client = APIClient()
    assert client.get(LIST_URL).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(LIST_URL).json()["count"] == 1
    assert client.post(LIST_URL, payload(), format="json").status_code == 201


def test_it_updates_through_the_service(api_for, agent, dealer, make_customer):
    customer = make_customer(dealer, name="张三", id_number=VALID_ID)
    client = api_for(agent)
    current = client.get(detail_url(customer.pk)).json()
    # The masked ID number sent back unchanged keeps the stored one.
    response = client.patch(
        detail_url(customer.pk),
        {"name": "张珊", "id_number": current["id_number"], "tags": ["车友会"]},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.json()["name_pinyin"] == "zhangshan"
    assert response.json()["tags"] == ["车友会"]
    customer.refresh_from_db()
    assert (customer.name, customer.id_number) == ("张珊", VALID_ID)

    bad = client.patch(detail_url(customer.pk), {"id_number": "123", "name": "王五"}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["id_number"]
    customer.refresh_from_db()
    assert customer.name == "张珊"


def test_it_takes_contacts_on_create_only(api_for, agent, dealer, make_customer):
    customer = make_customer(dealer)
    response = api_for(agent).patch(
        detail_url(customer.pk), {"contacts": [{"kind": "mobile", "value": "13912345678"}]}, format="json"
    )
    assert response.status_code == 400
    assert "contacts" in response.json()
    assert customer.contacts.count() == 1


def test_it_has_no_delete(api_for, admin_user, dealer, make_customer):
    customer = make_customer(dealer)
    assert api_for(admin_user).delete(detail_url(customer.pk)).status_code == 405
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_it_asks_an_admin_without_a_dealer_for_one(api_for, admin_user, other_dealer):
    client = api_for(admin_user)
    missing = client.post(LIST_URL, payload(), format="json")
    assert missing.status_code == 400 and list(missing.json()) == ["dealer_id"]
    response = client.post(LIST_URL, payload(dealer_id=other_dealer.pk), format="json")
    assert response.status_code == 201
    assert Customer.objects.get().dealer == other_dealer


def test_it_ignores_dealer_id_from_dealer_staff(api_for, agent, dealer, other_dealer):
    response = api_for(agent).post(LIST_URL, payload(dealer_id=other_dealer.pk), format="json")
    assert response.status_code == 201
    assert Customer.objects.get().dealer == dealer


def test_it_filters(api_for, agent, dealer, make_customer, system):
    owner = make_customer(
        dealer, name="车主", mobile="13812345678", customer_class="owner", source="showroom"
    )
    prospect = make_customer(dealer, name="意向", mobile="13912345678", kind="company")
    services.customer_set_tags(actor=system, customer=prospect, names=["VIP"])
    client = api_for(agent)

    def ids(**params):
        return [row["id"] for row in client.get(LIST_URL, params).json()["results"]]

    assert ids(customer_class="owner") == [owner.pk]
    assert ids(kind="company") == [prospect.pk]
    assert ids(source="showroom") == [owner.pk]
    assert ids(tag="VIP") == [prospect.pk]
    assert ids(created_after="2000-01-01") == [prospect.pk, owner.pk]
    assert ids(created_before="2000-01-01") == []
    assert client.get(LIST_URL, {"customer_class": "nonsense"}).status_code == 400


def test_it_lists_with_bounded_queries(api_for, agent, dealer, make_customer, django_assert_max_num_queries):
    for i in range(30):
        make_customer(dealer, name=f"客户{i}", mobile=f"1391234{i:04d}")
    client = api_for(agent)
    with django_assert_max_num_queries(8):
        body = client.get(LIST_URL).json()
    assert (body["count"], len(body["results"])) == (30, 25)


def test_the_schema_describes_the_customer_routes(api_for, agent):
    response = api_for(agent).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    detail = schema["paths"]["/api/customers/{id}/"]
    assert {"get", "put", "patch"} <= set(detail)
    assert "delete" not in detail
    assert "dealer_id" in schema["components"]["schemas"]["CustomerRequest"]["properties"]
