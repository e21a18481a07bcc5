"""Who may do what in after-sales, across roles and dealers: another dealer's record is a 404 on every object
route (pages and API), group HQ reads everything and changes nothing, only advisors work the workshop."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dealercrm.org.roles import Role
from dealercrm.service.services import appointment_book

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "service:board",
    "service:orders",
    "service:appointments",
    "service:due",
    "service:plans",
    "service:rates",
]


@pytest.fixture
def records(vehicle, actor, open_order):
    """An appointment and an open order of dealer D01 (on the same vehicle)."""
    from datetime import timedelta

    appointment = appointment_book(
        actor=actor, vehicle=vehicle, on=timezone.localdate() + timedelta(days=1), half_day="am"
    )
    return {"vehicle": vehicle, "appointment": appointment, "order": open_order(vehicle)}


def object_pages(records) -> list[tuple[str, str]]:
    """(method, url) of every page about one record."""
    vehicle, appointment, order = records["vehicle"].pk, records["appointment"].pk, records["order"].pk
    return [
        ("get", reverse("service:vehicle", args=[vehicle])),
        ("post", reverse("service:vehicle-reading", args=[vehicle])),
        ("get", reverse("service:appointment", args=[appointment])),
        ("post", reverse("service:appointment-status", args=[appointment])),
        ("get", reverse("service:order", args=[order])),
        ("post", reverse("service:order-line-add", args=[order])),
        ("post", reverse("service:order-decide", args=[order])),
        ("post", reverse("service:order-move", args=[order])),
        ("get", reverse("service:order-open") + f"?vehicle={vehicle}"),
        ("get", reverse("service:order-open") + f"?appointment={appointment}"),
        ("get", reverse("service:appointment-book") + f"?vehicle={vehicle}"),
    ]


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("who", ["advisor", "agent", "sales", "clerk", "gm", "hq"])
def test_every_desk_role_reads_the_service_pages(request, client_for, name, who):
    assert client_for(request.getfixturevalue(who)).get(reverse(name)).status_code == 200


def test_another_dealers_advisor_gets_404_on_every_object_page(client_for, make_user, other_dealer, records):
    stranger = make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer)
    client = client_for(stranger)
    for method, url in object_pages(records):
        assert getattr(client, method)(url, {}).status_code == 404, url


@pytest.mark.parametrize("who", ["agent", "sales", "clerk", "gm", "hq"])
def test_only_service_advisors_change_the_workshop(request, client_for, records, who):
    client = client_for(request.getfixturevalue(who))
    for method, url in object_pages(records):
        status = getattr(client, method)(url, {}).status_code
        writes = method == "post" or "/new/" in url
        if not writes:
            assert status == 200, url
        elif "readings" in url and who in ("agent", "sales", "clerk"):
            assert status in (200, 302), url  # front-line staff record odometer readings
        else:
            assert status == 403, (who, url)


def test_group_hq_sees_every_dealers_orders_but_no_buttons(
    client_for, hq, records, other_vehicle, make_user, other_dealer
):
    from dealercrm.org.access import actor_for
    from dealercrm.service.services import order_open

    other_advisor = make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer)
    order_open(actor=actor_for(other_advisor), vehicle=other_vehicle, km=10, service_type="maintenance")
    html = client_for(hq).get(reverse("service:board")).content.decode()
    assert html.count('class="card board-card"') == 2 and "Start work" not in html


def test_an_advisor_sees_only_their_dealers_orders(
    client_for, advisor, records, other_vehicle, make_user, other_dealer
):
    from dealercrm.org.access import actor_for
    from dealercrm.service.services import order_open

    other_advisor = make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer)
    order_open(actor=actor_for(other_advisor), vehicle=other_vehicle, km=10, service_type="maintenance")
    html = client_for(advisor).get(reverse("service:board")).content.decode()
    assert html.count('class="card board-card"') == 1 and "粤A88888" not in html


def test_plans_and_capacity_are_for_the_general_manager(client_for, gm, advisor, hq, vehicle_model):
    urls = [
        reverse("service:plan-default"),
        reverse("service:plan-edit", args=[vehicle_model.pk]),
        reverse("service:workshop"),
    ]
    for url in urls:
        assert client_for(gm).get(url).status_code == 200
        assert client_for(advisor).get(url).status_code == 403
        assert client_for(hq).get(url).status_code == 403


# --- API ---------------------------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def object_routes(records) -> list[tuple[str, str]]:
    vehicle, appointment, order = records["vehicle"].pk, records["appointment"].pk, records["order"].pk
    return [
        ("get", f"/api/service-vehicles/{vehicle}/"),
        ("post", f"/api/service-vehicles/{vehicle}/readings/"),
        ("get", f"/api/appointments/{appointment}/"),
        ("post", f"/api/appointments/{appointment}/status/"),
        ("get", f"/api/repair-orders/{order}/"),
        ("post", f"/api/repair-orders/{order}/lines/"),
        ("post", f"/api/repair-orders/{order}/approvals/"),
        ("post", f"/api/repair-orders/{order}/transition/"),
    ]


def test_the_api_answers_404_for_another_dealers_records(make_user, other_dealer, records):
    client = api(make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer))
    for method, url in object_routes(records):
        assert getattr(client, method)(url, {}, format="json").status_code == 404, url
    for url in ("/api/appointments/", "/api/repair-orders/"):
        assert client.get(url).json()["count"] == 0


@pytest.mark.parametrize("who", ["hq", "agent", "gm"])
def test_the_api_reads_for_every_desk_and_refuses_writes_without_the_workshop(request, records, who):
    client = api(request.getfixturevalue(who))
    for method, url in object_routes(records):
        status = getattr(client, method)(url, {}, format="json").status_code
        if method == "get":
            assert status == 200, url
        elif who == "agent" and "readings" in url:
            assert status == 400, url  # may record readings: the empty body is refused
        else:
            assert status == 403, (who, url)
