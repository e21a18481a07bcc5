"""A service advisor's visit from booking to hand-over, in a real browser: book, check in, estimate, approve,
then move the car across the workshop board (htmx) and hand it over."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import VALID_VINS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def car(dealer, advisor, make_customer, make_vehicle):
    owner = make_customer(dealer, name="周大福", mobile="13612340001")
    return make_vehicle(dealer, owner=owner, vin=VALID_VINS[2], plate="粤B8S888")


def test_an_advisor_books_checks_in_and_hands_over_across_the_board(car, log_in):
    from dealercrm.service.models import CustomerSpend, RepairOrder

    page = log_in("d01-advisor")
    page.goto(f"/service/vehicles/{car.pk}/")
    expect(page.locator("#next-service")).to_be_visible()
    page.locator(f"a[href='/service/appointments/new/?vehicle={car.pk}']").click()
    page.fill("input[name=on]", timezone.localdate().isoformat())
    page.select_option("select[name=half_day]", "am")
    page.locator("#appointment-form button.primary").click()
    expect(page).to_have_url(re.compile(r"/service/appointments/\d+/$"))
    expect(page.locator("#appointment-status")).to_be_visible()

    page.locator("a[href^='/service/orders/new/?appointment=']").click()
    page.fill("input[name=km]", "5200")
    page.select_option("select[name=service_type]", "first_service")
    page.locator("#order-form button.primary").click()
    expect(page).to_have_url(re.compile(r"/service/orders/\d+/$"))
    order = RepairOrder.objects.get(vehicle=car)

    page.select_option("select[name=kind]", "labour")
    page.fill("input[name=description]", "首保工时")
    page.fill("input[name=quantity]", "1.5")
    page.fill("input[name=unit_price]", "200")
    page.locator("#add-line button[type=submit]").click()
    expect(page.locator("#lines")).to_contain_text("首保工时")
    page.locator("#approval button.primary").click()
    expect(page.locator("#order-total")).to_have_text("¥300.00")

    page.goto("/service/")
    card = page.locator(f"#order-{order.pk}")
    expect(page.locator("#column-checked_in")).to_contain_text("粤B8S888")
    for step, column in [
        ("in_progress", "in_progress"),
        ("quality_check", "quality_check"),
        ("ready", "ready"),
    ]:
        page.locator(f"#order-{order.pk} button[data-to={step}]").click()
        expect(page.locator(f"#column-{column} #order-{order.pk}")).to_be_visible()
    page.locator(f"#order-{order.pk} button[data-to=handed_over]").click()
    expect(card).to_have_count(0)

    order.refresh_from_db()
    assert order.status == "handed_over" and order.quality_checked_at is not None
    assert CustomerSpend.objects.get(customer=car.current_owner).total == 300
