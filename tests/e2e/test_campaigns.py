"""A COC manager builds a segment (watching the live count), sends it a campaign SMS, and the outbox holds
exactly the customers who granted SMS consent: the others are held back at send time, never sent to."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owners(dealer, make_customer, system):
    """Four owners: three in 深圳 (SMS consent granted / never asked / withdrawn) and one in 广州 (granted)."""
    from dealercrm.customers.services import address_add, consent_set

    def owner(name, mobile, city, consent=None):
        customer = make_customer(dealer, name=name, mobile=mobile)
        address_add(actor=system, customer=customer, fields={"city": city, "line": "1号"})
        if consent is not None:
            consent_set(actor=system, customer=customer, channel="sms", granted=consent, source="到店登记")
        return customer

    return {
        "granted": owner("林同意", "13600000001", "深圳", consent=True),
        "never_asked": owner("周未问", "13600000002", "深圳"),
        "withdrawn": owner("吴退订", "13600000003", "深圳", consent=False),
        "elsewhere": owner("郑广州", "13600000004", "广州", consent=True),
    }


def test_a_manager_sends_a_campaign_and_only_consented_owners_receive_it(owners, dealer, manager, log_in):
    from dealercrm.campaigns.models import Campaign, Segment
    from dealercrm.messaging.models import MessageTemplate, OutboundMessage
    from dealercrm.messaging.services import messages_dispatch, templates_ensure_defaults

    templates_ensure_defaults(dealer)
    sms = MessageTemplate.objects.get(dealer=dealer, code="campaign")

    # The manager builds the segment and watches the count follow the rules.
    page = log_in("d01-manager")
    page.goto("/campaigns/segments/new/")
    count = page.locator("#live-count")
    expect(count).to_have_attribute("data-count", "4")
    page.fill("input[name=cities]", "深圳")
    expect(count).to_have_attribute("data-count", "3")
    expect(page.locator("#sms-estimate")).to_contain_text("1")
    page.fill("input[name=churn_min]", "101")
    expect(count).to_have_attribute("data-count", "")
    expect(page.locator("#segment-count")).to_contain_text("0 到 100")
    page.fill("input[name=churn_min]", "")
    expect(count).to_have_attribute("data-count", "3")
    page.fill("input[name=name]", "深圳车主")
    page.click("#save-segment")
    expect(page.locator("#segment-list")).to_contain_text("深圳车主")
    segment = Segment.objects.get(dealer=dealer)
    assert segment.rules == {"cities": ["深圳"]} and segment.last_count == 3

    # A campaign of that segment with the SMS template, sent now.
    page.goto("/campaigns/new/")
    page.fill("input[name=name]", "春季免费检测")
    page.select_option("select[name=segment]", str(segment.pk))
    page.select_option("select[name=template]", str(sms.pk))
    page.click("#save-campaign")
    expect(page.locator("#estimate-count")).to_have_text("3")
    expect(page.locator("#estimate-consented")).to_have_text("1")
    page.locator("#send-now button").click()
    expect(page.locator("#r-total")).to_have_text("3")
    campaign = Campaign.objects.get()
    assert campaign.status == "sending"

    # Messaging sends what is due (inside the sending hours): consent is checked now.
    sending_hours = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0)
    messages_dispatch(now=sending_hours)
    rows = OutboundMessage.objects.filter(ref_type="campaigns.campaign", ref_id=campaign.pk)
    sent = {m.customer_id for m in rows if m.status in ("sent", "delivered")}
    assert sent == {owners["granted"].pk}
    held = {m.customer_id: m.suppressed_reason for m in rows if m.status == "suppressed"}
    assert held == {owners["never_asked"].pk: "no_consent", owners["withdrawn"].pk: "no_consent"}
    assert not OutboundMessage.objects.filter(customer=owners["elsewhere"]).exists()
    assert OutboundMessage.objects.filter(status__in=("sent", "delivered")).count() == 1

    # The campaign's page shows it.
    page.reload()
    expect(page.locator("#r-sent")).to_have_text("1")
    expect(page.locator("#r-suppressed")).to_contain_text("2")
