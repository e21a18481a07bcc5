"""The repair order pages and the workshop board through the client: open, lines, approvals, htmx moves."""

import random

import pytest
from django.urls import reverse

from dealercrm.seed.generators import random_vin
from dealercrm.service.models import RepairOrder

pytestmark = pytest.mark.django_db


def test_an_advisor_opens_a_walk_in_order_from_the_form(client_for, advisor, vehicle):
    client = client_for(advisor)
    url = reverse("service:order-open") + f"?vehicle={vehicle.pk}"
    assert "No reading yet" in client.get(url).content.decode()
    response = client.post(
        url, {"km": "6100", "service_type": "first_service", "concern": "routine", "advisor": advisor.pk}
    )
    order = RepairOrder.objects.get(vehicle=vehicle)
    assert response.status_code == 302 and response.url == reverse("service:order", args=[order.pk])
    assert (order.km, order.advisor_id, order.service_type) == (6100, advisor.pk, "first_service")


def test_a_form_error_from_the_service_shows_next_to_its_field(
    client_for, advisor, vehicle, open_order, drive
):
    drive(open_order(vehicle, km=9000), "in_progress", "quality_check", "ready", "handed_over")
    url = reverse("service:order-open") + f"?vehicle={vehicle.pk}"
    html = client_for(advisor).post(url, {"km": "100", "service_type": "maintenance", "concern": "routine"})
    assert "below the previous reading" in html.content.decode()
    assert RepairOrder.objects.filter(vehicle=vehicle).count() == 1


def test_lines_and_approvals_on_the_order_page(client_for, advisor, vehicle, open_order):
    order = open_order(vehicle)
    client = client_for(advisor)
    page = client.get(reverse("service:order", args=[order.pk])).content.decode()
    assert "No work or parts yet" in page
    client.post(
        reverse("service:order-line-add", args=[order.pk]),
        {"kind": "part", "description": "机油", "quantity": "4", "unit_price": "68.5", "payer": "customer"},
    )
    page = client.get(reverse("service:order", args=[order.pk])).content.decode()
    assert "awaiting approval" in page and "The customer approves the estimate before work starts" in page
    client.post(reverse("service:order-decide", args=[order.pk]), {"decision": "approve"})
    page = client.get(reverse("service:order", args=[order.pk])).content.decode()
    assert "¥274.00" in page and "Start work" in page


def test_a_bad_line_is_explained_and_not_saved(client_for, advisor, vehicle, open_order):
    order = open_order(vehicle)
    response = client_for(advisor).post(
        reverse("service:order-line-add", args=[order.pk]),
        {"kind": "labour", "description": "", "quantity": "0", "unit_price": "10"},
    )
    assert response.status_code == 200 and not order.lines.exists()
    assert "This field is required" in response.content.decode()


def test_a_move_that_skips_the_quality_check_is_refused_with_a_message(
    client_for, advisor, vehicle, open_order, drive
):
    order = drive(open_order(vehicle), "in_progress")
    response = client_for(advisor).post(
        reverse("service:order-move", args=[order.pk]), {"to": "ready"}, follow=True
    )
    assert "must pass the quality check" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_the_board_moves_a_card_with_htmx(client_for, advisor, vehicle, open_order, drive):
    order = drive(open_order(vehicle))
    client = client_for(advisor)
    board = client.get(reverse("service:board")).content.decode()
    assert 'id="column-checked_in"' in board and f'id="order-{order.pk}"' in board
    partial = client.post(
        reverse("service:order-move", args=[order.pk]), {"to": "in_progress"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.startswith('<div id="board"') and "<html" not in partial
    column = partial.split('id="column-in_progress"')[1].split("</section>")[0]
    assert f'id="order-{order.pk}"' in column
    refused = client.post(
        reverse("service:order-move", args=[order.pk]), {"to": "handed_over"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "cannot go from In progress to Handed over" in refused


def test_the_board_is_empty_with_a_hint(client_for, advisor):
    assert "No vehicle in the workshop" in client_for(advisor).get(reverse("service:board")).content.decode()


def test_the_board_takes_a_fixed_number_of_queries(
    client_for, advisor, dealer, owner, make_vehicle, open_order, django_assert_max_num_queries
):
    rng = random.Random(3)
    for i in range(25):
        open_order(make_vehicle(dealer, owner=owner, vin=random_vin(rng), plate=f"粤B6{i:04d}"), km=100 + i)
    client = client_for(advisor)
    client.get(reverse("service:board"))
    with django_assert_max_num_queries(8):
        html = client.get(reverse("service:board")).content.decode()
    assert html.count('class="card board-card"') == 25


def test_the_order_list_filters_and_paginates(
    client_for, advisor, vehicle, open_order, drive, django_assert_max_num_queries
):
    drive(open_order(vehicle), "in_progress", "quality_check", "ready", "handed_over")
    open_order(vehicle, km=13000)
    client = client_for(advisor)
    client.get(reverse("service:orders"))
    with django_assert_max_num_queries(10):
        html = client.get(reverse("service:orders"), {"status": "open"}).content.decode()
    assert html.count("RO0") == 1
    assert (
        "No repair order has this status"
        in client.get(reverse("service:orders"), {"status": "cancelled"}).content.decode()
    )
    assert (
        "No repair orders yet"
        not in client.get(reverse("service:orders"), {"status": "bogus"}).content.decode()
    )
