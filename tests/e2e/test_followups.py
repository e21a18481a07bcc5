"""The COC in a real browser: an agent takes the next call, records a low score; the manager sees the alert."""

from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dealercrm.followups.choices import EventKind
from dealercrm.followups.models import ContactPolicy, FollowUpTask, Questionnaire
from dealercrm.followups.services import record_event
from tests.conftest import VALID_VINS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def repaired(dealer, make_customer, make_vehicle):
    """A customer whose repair order closed: a service satisfaction call is due today."""
    customer = make_customer(dealer, name="黄小明", mobile="13612349999")
    car = make_vehicle(dealer, owner=customer, vin=VALID_VINS[1], plate="粤B8H888")
    ContactPolicy.objects.create(dealer=dealer, quiet_until=time(0, 0), quiet_from=time(23, 59, 59))
    [purpose] = record_event(
        kind=EventKind.REPAIR_CLOSED,
        customer=customer,
        vehicle=car,
        occurred_on=timezone.localdate(),
        source="ro:e2e",
    )
    FollowUpTask.objects.filter(pk=purpose.task_id).update(due_on=timezone.localdate())
    return customer


def test_an_agent_records_a_low_score_and_the_manager_sees_the_alert(
    repaired, dealer, agent, manager, log_in, page, browser, live_server
):
    page = log_in("d01-agent")
    page.goto("/followups/")
    page.click("#next-call")
    expect(page.locator("#call-customer")).to_contain_text("黄小明")
    expect(page.locator("#phones")).to_contain_text("136****9999")
    expect(page.locator("#vehicles")).to_contain_text("粤B8H888")
    ssi = Questionnaire.objects.get(dealer=dealer, code="ssi")
    for question in ssi.questions.all():
        if question.kind == "scale10":
            page.check(f"input[name=q{question.pk}][value='2']")
        elif question.kind == "scale5":
            page.check(f"input[name=q{question.pk}][value='1']")
        elif question.kind == "yes_no":
            page.check(f"input[name=q{question.pk}][value='no']")
        else:
            page.fill(f"textarea[name=q{question.pk}]", "等了三个小时")
    page.check("input[name=outcome][value='completed']")
    page.click("#save-outcome")
    expect(page.locator(".messages")).to_contain_text("黄小明")

    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    boss = context.new_page()
    from tests.conftest import PASSWORD

    boss.goto("/accounts/login/")
    boss.fill("input[name=username]", "d01-manager")
    boss.fill("input[name=password]", PASSWORD)
    boss.click("button[type=submit]")
    boss.wait_for_url("**/")
    boss.goto("/followups/health/")
    expect(boss.locator(".page-head")).to_contain_text("1")
    boss.goto("/followups/alerts/")
    alerts = boss.locator("#alert-list")
    expect(alerts).to_contain_text("黄小明")
    expect(alerts.locator(".badge.bad")).to_have_text("3")  # (11 + 0 + 0 + 0) / 4, rounded
    context.close()
