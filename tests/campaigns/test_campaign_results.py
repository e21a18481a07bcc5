"""Results of a campaign on constructed sends, replies and visits: what left, what was held back and why, who
replied and who booked or came within the campaign's days — in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealercrm.campaigns import services
from dealercrm.campaigns.results import campaign_results
from dealercrm.messaging.models import InboundMessage, OutboundMessage
from dealercrm.service.models import Appointment, RepairOrder
from tests.campaigns.conftest import at

pytestmark = pytest.mark.django_db

SENT_AT = at(2025, 4, 1, 10)


@pytest.fixture
def launched(dealer, manager, actor_of, make_customer, sms_template):
    """A campaign of 8 customers, launched; returns (campaign, customers by label)."""
    actor = actor_of(manager)
    people = {
        label: make_customer(dealer, name=label, mobile=f"1370000{i:04d}")
        for i, label in enumerate(
            ["replied", "late", "no_consent", "capped", "failed", "queued", "opted", "quiet"]
        )
    }
    segment = services.segment_create(actor=actor, dealer=dealer, name="全部", rules={})
    campaign = services.campaign_create(
        actor=actor, dealer=dealer, fields={"name": "回访", "segment": segment, "template": sms_template}
    )
    services.campaign_launch(actor=actor, campaign=campaign, now=SENT_AT)
    return campaign, people


def _set(campaign, customer, **fields):
    OutboundMessage.objects.filter(
        ref_id=campaign.pk, ref_type="campaigns.campaign", customer=customer
    ).update(**fields)


def _reply(customer, when, action=""):
    InboundMessage.objects.create(
        dealer_id=customer.dealer_id,
        customer=customer,
        channel="sms",
        from_address="13700000000",
        body="TD" if action else "好的",
        received_at=when,
        action=action,
    )


def _appointment(customer, vehicle, created_at):
    row = Appointment.objects.create(
        dealer_id=customer.dealer_id, customer=customer, vehicle=vehicle, on=created_at.date(), half_day="am"
    )
    Appointment.objects.filter(pk=row.pk).update(created_at=created_at)


def _visit(customer, vehicle, opened_on):
    RepairOrder.objects.create(
        dealer_id=customer.dealer_id,
        customer=customer,
        vehicle=vehicle,
        service_type="maintenance",
        km=10_000,
        opened_on=opened_on,
    )


def test_it_counts_sends_suppressions_replies_and_visits(launched, car):
    campaign, p = launched
    delivered = {"status": "delivered", "sent_at": SENT_AT, "delivered_at": SENT_AT}
    for label in ("replied", "late", "quiet"):
        _set(campaign, p[label], **delivered)
    _set(campaign, p["opted"], status="sent", sent_at=SENT_AT)
    _set(campaign, p["no_consent"], status="suppressed", suppressed_reason="no_consent")
    _set(campaign, p["capped"], status="suppressed", suppressed_reason="frequency_cap")
    _set(campaign, p["failed"], status="failed", attempts=3)

    _reply(p["replied"], SENT_AT + timedelta(days=2))  # within 7 days
    _appointment(p["replied"], car(p["replied"], 1), SENT_AT + timedelta(days=3))  # booked within 7 days
    _reply(p["late"], SENT_AT + timedelta(days=8))  # too late
    _visit(p["late"], car(p["late"], 2), (SENT_AT + timedelta(days=7)).date())  # came on day 7: counts
    _reply(p["opted"], SENT_AT + timedelta(hours=1), action="opt_out")  # TD: an opt-out, not a response
    _visit(p["opted"], car(p["opted"], 3), (SENT_AT + timedelta(days=8)).date())  # day 8: too late
    _reply(p["quiet"], SENT_AT - timedelta(days=1))  # before the message: not a response
    _appointment(p["quiet"], car(p["quiet"], 4), SENT_AT - timedelta(hours=1))  # before: no
    _reply(p["no_consent"], SENT_AT + timedelta(days=1))  # never sent to: not counted

    r = campaign_results([campaign])[campaign.pk]
    assert (r.total, r.queued, r.sent, r.delivered, r.failed, r.suppressed) == (8, 1, 4, 3, 1, 2)
    assert r.suppressed_by_reason == {"no_consent": 1, "frequency_cap": 1}
    assert (r.responded, r.opted_out, r.visited) == (1, 1, 2)
    assert r.delivered_rate == 75.0 and r.response_rate == 25.0 and r.visit_rate == 50.0


def test_a_longer_window_counts_later_replies(launched, manager, actor_of):
    campaign, p = launched
    campaign.response_days = 10
    campaign.save()
    _set(campaign, p["late"], status="sent", sent_at=SENT_AT)
    _reply(p["late"], SENT_AT + timedelta(days=8))
    assert campaign_results([campaign])[campaign.pk].responded == 1


def test_results_cost_a_fixed_number_of_queries(launched, dealer, manager, actor_of, sms_template):
    campaign, _people = launched
    OutboundMessage.objects.filter(ref_id=campaign.pk).update(status="sent", sent_at=SENT_AT)
    with CaptureQueriesContext(connection) as one:
        campaign_results([campaign])
    others = []
    for i in range(3):
        other = services.campaign_create(
            actor=actor_of(manager),
            dealer=dealer,
            fields={"name": f"c{i}", "segment": campaign.segment, "template": sms_template},
        )
        services.campaign_launch(actor=actor_of(manager), campaign=other, now=SENT_AT)
        others.append(other)
    with CaptureQueriesContext(connection) as many:
        results = campaign_results([campaign, *others])
    assert len(one) == len(many) == 2
    assert results[others[0].pk].total == 8


def test_a_campaign_not_launched_has_empty_results_without_queries(dealer, manager, actor_of, sms_template):
    actor = actor_of(manager)
    segment = services.segment_create(actor=actor, dealer=dealer, name="空", rules={})
    campaign = services.campaign_create(
        actor=actor, dealer=dealer, fields={"name": "草稿", "segment": segment, "template": sms_template}
    )
    with CaptureQueriesContext(connection) as queries:
        r = campaign_results([campaign])[campaign.pk]
    assert r.total == 0 and len(queries) == 0
