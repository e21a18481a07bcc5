"""A COC agent's first minutes with dealercrm, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import VALID_VINS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner(dealer, make_customer, make_vehicle, vehicle_model):
    customer = make_customer(dealer, name="陈大文", mobile="13612345678")
    make_vehicle(dealer, owner=customer, vin=VALID_VINS[2], plate="粤B6G789")
    return customer


def test_an_agent_logs_in_finds_a_car_by_plate_and_opens_the_360_page(owner, agent, log_in):
    page = log_in("d01-agent")
    page.fill("header input[name=q]", "cdw")
    page.press("header input[name=q]", "Enter")
    results = page.locator("#search-results")
    expect(results).to_contain_text("陈大文")
    expect(results).to_contain_text("136****5678")
    page.fill("header input[name=q]", "粤b 6g789")
    page.press("header input[name=q]", "Enter")
    expect(page).to_have_url(re.compile(rf"/customers/{owner.pk}/$"))
    expect(page.locator("#customer-name")).to_contain_text("陈大文")
    expect(page.locator("#vehicles")).to_contain_text("粤B6G789")
    expect(page.locator("#timeline")).to_contain_text("陈大文")


def test_the_language_follows_the_browser_and_can_be_switched(owner, agent, log_in):
    page = log_in("d01-agent")
    expect(page.locator("nav.mainnav")).to_contain_text("客户")
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    expect(page.locator("nav.mainnav")).to_contain_text("Customers")
    page.goto(f"/customers/{owner.pk}/")
    expect(page.locator("#timeline h2")).to_have_text("Timeline")
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#timeline h2")).to_have_text("时间线")


def test_a_bad_vin_is_explained_next_to_the_field_and_nothing_is_saved(owner, agent, log_in):
    from dealercrm.vehicles.models import Vehicle

    page = log_in("d01-agent")
    page.goto("/customers/new/")
    page.fill("input[name=name]", "周星星")
    page.fill("input[name=mobile]", "13512345678")
    page.locator("form.customer-form button[type=submit], form button.primary").last.click()
    expect(page.locator("#customer-name")).to_contain_text("周星星")
    page.get_by_role("link", name=re.compile("添加车辆|Add vehicle")).click()
    bad_vin = VALID_VINS[0][:8] + ("0" if VALID_VINS[0][8] != "0" else "1") + VALID_VINS[0][9:]
    page.fill("input[name=vin]", bad_vin)
    page.locator("input[name=vin]").blur()
    expect(page.locator("#errors-vin")).to_contain_text(re.compile("校验位|check digit"))
    page.fill("input[name=plate]", "粤B7K123")
    page.locator("form button.primary").last.click()
    expect(page.locator("#errors-vin")).to_contain_text(re.compile("校验位|check digit"))
    assert not Vehicle.objects.filter(plate="粤B7K123").exists()
