"""A complaint from intake to archive in a real browser, and the follow-up call it leaves behind."""

import re

import pytest
from playwright.sync_api import expect

from dealercrm.complaints.models import Complaint
from tests.conftest import VALID_VINS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner(dealer, make_customer, make_vehicle, vehicle_model):
    from dealercrm.followups.services.rules import rules_ensure_defaults

    rules_ensure_defaults(dealer=dealer)
    customer = make_customer(dealer, name="林美玲", mobile="13688886666")
    make_vehicle(dealer, owner=customer, vin=VALID_VINS[3], plate="粤B9C321")
    return customer


def switch_to(page, log_in, username: str):
    """Log the current user out (the top bar's button), then log `username` in."""
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_url("**/accounts/login/**")
    return log_in(username)


def submit(page, action: str):
    page.locator(f"#action-{action} button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_a_complaint_is_raised_assigned_resolved_archived_and_followed_up(owner, agent, manager, log_in):
    from dealercrm.followups.models import TaskPurpose

    # The agent takes the complaint in for a customer found on a call.
    page = log_in("d01-agent")
    page.goto(f"/complaints/new/?customer={owner.pk}")
    expect(page.locator("#complainant-name")).to_contain_text("林美玲")
    page.select_option("select[name=severity]", "major")
    page.select_option("select[name=complaint_type]", "after_sales")
    page.fill("input[name=title]", "保养后漏油")
    page.fill("textarea[name=description]", "保养后第二天车库地面有油迹。")
    page.locator("#intake-form button.primary").click()
    expect(page.locator("#complaint-title")).to_contain_text("保养后漏油")
    complaint = Complaint.objects.get()
    assert complaint.vehicle.plate == "粤B9C321" and complaint.severity == "major"
    detail = page.url

    # The COC manager classifies it and assigns it to the agent.
    page = switch_to(page, log_in, "d01-manager")
    page.goto(detail)
    submit(page, "classify")
    page.select_option("#action-assign select[name=assignee]", str(agent.pk))
    submit(page, "assign")
    expect(page.locator("#assignee")).to_have_text("d01-agent")

    # The agent investigates, proposes, records the choice, implements and records the feedback.
    page = switch_to(page, log_in, "d01-agent")
    page.goto(detail)
    page.fill("#action-investigate textarea[name=findings]", "放油螺丝垫片未更换")
    page.select_option("#action-investigate select[name=root_cause]", "workmanship")
    submit(page, "investigate")
    page.fill("#action-propose input[name=option_1]", "免费返修并清洗车库地面")
    submit(page, "propose")
    page.locator("#action-choose input[name=option]").first.check()
    submit(page, "choose")
    page.fill("#action-implement textarea[name=resolution]", "已更换垫片。复检无渗漏")
    submit(page, "implement")
    expect(page.locator("#resolution")).to_contain_text("已更换垫片")
    page.locator("#action-feedback input[name=reached][value=yes]").check()
    page.select_option("#action-feedback select[name=satisfaction]", "5")
    submit(page, "feedback")

    # The manager archives it; the follow-up engine now has a call about the handling.
    page = switch_to(page, log_in, "d01-manager")
    page.goto(detail)
    submit(page, "archive")
    expect(page.locator("#steps li.done")).to_have_count(7)
    complaint.refresh_from_db()
    assert complaint.step == "archived" and complaint.satisfaction == 5
    purpose = TaskPurpose.objects.select_related("task").get(source=f"complaints.complaint:{complaint.pk}")
    assert purpose.customer_id == owner.pk and purpose.event_kind == "complaint_closed"
    page.goto("/followups/tasks/")
    expect(page.locator("main")).to_contain_text("林美玲")
    expect(page).to_have_url(re.compile(r"/followups/tasks/"))
