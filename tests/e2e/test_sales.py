"""A sales consultant's path in a real browser: a new lead, a test drive, an order, the delivery checklist and
the handover that registers the car to its new owner."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dealercrm.org.access import actor_for
from dealercrm.sales import services
from tests.conftest import VALID_VINS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_car(dealer, gm, vehicle_model):
    return services.demo_vehicle_add(
        actor=actor_for(gm), dealer=dealer, model=vehicle_model, plate="粤B0D001"
    )


def test_a_consultant_takes_a_walk_in_from_lead_to_delivery(sales, demo_car, vehicle_model, log_in):
    from dealercrm.vehicles.models import Vehicle

    page = log_in("d01-sales")
    page.goto("/sales/leads/new/")
    page.fill("input[name=name]", "林小姐")
    page.fill("input[name=mobile]", "13766667777")
    page.select_option("select[name=source]", "showroom")
    page.select_option("select[name=grade]", "H")
    page.select_option("select[name=model]", str(vehicle_model.pk))
    page.fill("input[name=budget_min]", "200000")
    page.fill("input[name=budget_max]", "250000")
    page.locator("form.lead-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sales/leads/\d+/$"))
    expect(page.locator("#lead-title")).to_contain_text("林小姐")
    expect(page.locator("#lead-grade")).to_have_text("H")

    page.click("#book-test-drive")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.select_option("select[name=demo_vehicle]", str(demo_car.pk))
    page.fill("input[name=day]", tomorrow.isoformat())
    page.select_option("select[name=start]", "10:00")
    page.select_option("select[name=minutes]", "60")
    page.fill("input[name=licence_number]", "110105194912310021")  # a wrong check digit first
    page.fill("input[name=licence_expires_on]", (tomorrow + timedelta(days=400)).isoformat())
    page.locator("form.test-drive-form button[type=submit]").click()
    expect(page.locator("#errors-licence_number")).to_contain_text(re.compile("licence|驾驶证"))
    page.fill("input[name=licence_number]", "11010519491231002X")
    page.locator("form.test-drive-form button[type=submit]").click()
    expect(page.locator("#test-drives")).to_contain_text("粤B0D001")

    page.click("#place-order")
    page.fill("input[name=colour]", "珍珠白")
    page.fill("input[name=price]", "230000")
    page.fill("input[name=discount]", "3000")
    page.fill("input[name=deposit]", "20000")
    page.select_option("select[name=payment]", "loan")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/sales/orders/\d+/$"))
    expect(page.locator("#order-status")).to_have_text(re.compile("Signed|已签"))

    page.click("#record-payment")
    page.fill("input[name=vin]", VALID_VINS[0])
    page.click("#allocate")
    expect(page.locator("#order-facts")).to_contain_text(VALID_VINS[0])

    for box in page.locator("#checklist input[type=checkbox]").all():
        box.check()
    page.click("#save-checklist")
    page.fill("#deliver input[name=plate]", "粤B6L666")
    page.click("#deliver-button")
    expect(page.locator("#delivered")).to_contain_text("粤B6L666")
    expect(page.locator("#order-status")).to_have_text(re.compile("Delivered|已交付|已交车"))
    vehicle = Vehicle.objects.get(plate="粤B6L666")
    assert vehicle.current_owner.name == "林小姐" and vehicle.current_owner.customer_class == "owner"
