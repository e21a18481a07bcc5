"""Who sees and does what, across roles and dealers: another dealer's staff get 404 on every sales object route
(pages and API), a consultant sees only their own leads, managers their dealer's, group HQ every dealer's and
changes nothing, staff without a sales permission are refused."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from dealercrm.sales import services
from dealercrm.sales.models import Activity
from tests.sales.conftest import current_slot

pytestmark = pytest.mark.django_db


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


SALES_ROUTES = [r for r in _routes(get_resolver().url_patterns) if r.startswith(("sales/", "api/^sales/"))]
OBJECT_ROUTES = [r for r in SALES_ROUTES if ("<int:pk>" in r or "(?P<pk>" in r) and "format" not in r]
LIST_ROUTES = [r for r in SALES_ROUTES if "<" not in r and "(?P" not in r and "format" not in r]


def _kind(route: str) -> str:
    kinds = (("test-drives", "drive"), ("activities", "activity"), ("orders", "order"), ("deliveries", "delivery"),
             ("fleet", "car"), ("demo-fleet", "car"), ("leads", "lead"))  # fmt: skip
    for key, kind in kinds:
        if key in route.split("<")[0].split("(?P")[0]:
            return kind
    raise AssertionError(route)


def _url(route: str, pk: int) -> str:
    url = (
        route.replace("<int:pk>", str(pk))
        .replace("(?P<pk>[^/.]+)", str(pk))
        .replace("^", "")
        .replace("$", "")
    )
    return "/" + url


@pytest.fixture
def world(sales, lead, book, place_order, actor_of, demo_car):
    drive = book(sales, lead, starts_at=current_slot(), minutes=30)
    services.activity_add(actor=actor_of(sales), lead=lead, kind="call", notes="hello")
    order = place_order(sales, lead)
    return {
        "lead": lead.pk,
        "drive": drive.pk,
        "activity": Activity.objects.get(lead=lead).pk,
        "order": order.pk,
        "delivery": order.delivery.pk,
        "car": demo_car.pk,
    }


def test_there_are_sales_routes_to_check():
    assert len(OBJECT_ROUTES) >= 25 and len(LIST_ROUTES) >= 10


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_another_dealers_staff_get_404_on_every_object_route(route, world, other_sales, other_gm, client_for):
    url = _url(route, world[_kind(route)])
    for user in (other_sales, other_gm):
        client = client_for(user)
        statuses = {client.get(url).status_code, client.post(url, {}).status_code}
        assert 404 in statuses and statuses <= {404, 405}, f"{user}: {url} answered {statuses}"


@pytest.mark.parametrize("route", [r for r in OBJECT_ROUTES if _kind(r) != "car"])
def test_a_colleagues_lead_does_not_exist_for_a_consultant(route, world, colleague, client_for):
    url = _url(route, world[_kind(route)])
    client = client_for(colleague)
    statuses = {client.get(url).status_code, client.post(url, {}).status_code}
    assert 404 in statuses and statuses <= {404, 405}, f"{url} answered {statuses}"


@pytest.mark.parametrize(
    "route", [r for r in SALES_ROUTES if "<" not in r and "(?P" not in r and "format" not in r]
)
def test_staff_without_a_sales_permission_are_refused(route, world, advisor, client_for):
    assert client_for(advisor).get(_url(route, 0)).status_code == 403


def test_group_hq_reads_every_dealer_and_changes_nothing(world, hq, client_for, other_sales, make_lead):
    theirs = make_lead(other_sales)
    client = client_for(hq)
    urls = ["/sales/leads/", "/sales/board/", "/sales/funnel/", f"/sales/leads/{world['lead']}/",
            f"/sales/leads/{theirs.pk}/", f"/sales/orders/{world['order']}/",
            f"/sales/test-drives/{world['drive']}/"]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert (
        client.post(
            f"/sales/leads/{world['lead']}/activities/new/", {"kind": "call", "notes": "x"}
        ).status_code
        == 403
    )
    assert client.post(f"/sales/orders/{world['order']}/pay/").status_code == 403
    assert client.get("/sales/leads/new/").status_code == 403
    token = Token.objects.create(user=hq).key
    api = client_for(hq)
    listed = api.get("/api/sales/leads/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert listed["count"] == 2
    refused = api.post(
        f"/api/sales/leads/{world['lead']}/lost/", {"reason": "budget"}, HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert refused.status_code == 403


def test_managers_see_their_dealers_pipeline(world, gm, manager, colleague, make_lead, client_for):
    make_lead(colleague)
    for user in (gm, manager):
        body = client_for(user).get("/sales/leads/").content.decode()
        assert "2 leads" in body
        assert client_for(user).get(f"/sales/leads/{world['lead']}/").status_code == 200


def test_a_consultant_lists_only_their_own_leads(world, sales, colleague, make_lead, client_for):
    make_lead(colleague)
    assert "1 lead" in client_for(sales).get("/sales/leads/").content.decode()


def test_a_coc_agent_logs_leads_but_reads_no_reports(world, agent, client_for):
    client = client_for(agent)
    assert client.get("/sales/leads/new/").status_code == 200
    assert client.get(f"/sales/leads/{world['lead']}/").status_code == 404
    assert client.get("/sales/funnel/").status_code == 403
    assert "No leads yet" in client.get("/sales/leads/").content.decode()


def test_managers_without_work_leads_cannot_log_activities(world, gm, client_for):
    response = client_for(gm).post(
        f"/sales/leads/{world['lead']}/activities/new/", {"kind": "call", "notes": "x"}
    )
    assert response.status_code == 403
