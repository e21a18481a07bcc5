"""Launching a campaign queues one outbox message per customer of its segment, once; the job launches scheduled
campaigns; cancelling stops a campaign before it is sent."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dealercrm.campaigns import services
from dealercrm.campaigns.choices import CampaignStatus
from dealercrm.campaigns.jobs import launch as launch_job
from dealercrm.messaging.models import OutboundMessage
from tests.campaigns.conftest import at, lives_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment(dealer, manager, actor_of, pair):
    for customer in pair:
        lives_in(customer, "深圳")
    return services.segment_create(
        actor=actor_of(manager), dealer=dealer, name="深圳车主", rules={"cities": ["深圳"]}
    )


@pytest.fixture
def campaign(dealer, manager, actor_of, segment, sms_template):
    fields = {"name": "春季检测", "segment": segment, "template": sms_template}
    return services.campaign_create(actor=actor_of(manager), dealer=dealer, fields=fields)


def test_it_saves_the_segment_with_its_count(segment):
    assert segment.last_count == 2 and segment.counted_at is not None


def test_it_queues_one_message_per_customer_of_the_segment(campaign, manager, actor_of, pair, sms_template):
    queued = services.campaign_launch(actor=actor_of(manager), campaign=campaign, now=at(2025, 4, 1, 10))
    messages = OutboundMessage.objects.filter(ref_type="campaigns.campaign", ref_id=campaign.pk)
    assert queued == 2
    assert {m.customer_id for m in messages} == {c.pk for c in pair}
    assert {m.source_key for m in messages} == {f"campaigns.campaign:{campaign.pk}:{c.pk}" for c in pair}
    assert {(m.channel, m.purpose, m.template_id) for m in messages} == {
        ("sms", "marketing", sms_template.pk)
    }
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING and campaign.recipients == 2


def test_launching_twice_queues_once(campaign, manager, actor_of):
    actor = actor_of(manager)
    assert services.campaign_launch(actor=actor, campaign=campaign) == 2
    assert services.campaign_launch(actor=actor, campaign=campaign) == 0
    assert OutboundMessage.objects.filter(ref_id=campaign.pk, ref_type="campaigns.campaign").count() == 2


def test_it_does_not_prefilter_by_consent(campaign, manager, actor_of, pair):
    """Consent is messaging's to check at send time; every segment customer is queued."""
    assert services.campaign_launch(actor=actor_of(manager), campaign=campaign) == 2


def test_the_daily_job_launches_scheduled_campaigns_at_their_time(
    dealer, manager, actor_of, segment, sms_template
):
    when = (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=30, second=0, microsecond=0)
    fields = {"name": "定时", "segment": segment, "template": sms_template, "scheduled_at": when}
    campaign = services.campaign_create(actor=actor_of(manager), dealer=dealer, fields=fields)
    assert campaign.status == CampaignStatus.SCHEDULED
    assert launch_job(when.date() - timedelta(days=1))["launched"] == 0
    result = launch_job(when.date())
    assert result["launched"] == 1 and result["queued"] == 2
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    # Queued now, sent by messaging from the scheduled time on.
    assert set(OutboundMessage.objects.filter(ref_id=campaign.pk).values_list("send_after", flat=True)) == {
        when
    }
    assert launch_job(when.date())["launched"] == 0  # idempotent


def test_the_job_marks_a_campaign_sent_once_nothing_waits(campaign, manager, actor_of):
    services.campaign_launch(actor=actor_of(manager), campaign=campaign)
    assert launch_job(date(2025, 4, 2))["finished"] == 0
    OutboundMessage.objects.filter(ref_id=campaign.pk).update(status="sent")
    assert launch_job(date(2025, 4, 2))["finished"] == 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT


def test_it_cancels_a_scheduled_campaign_and_never_launches_it(
    dealer, manager, actor_of, segment, sms_template
):
    actor = actor_of(manager)
    fields = {"name": "取消", "segment": segment, "template": sms_template, "scheduled_at": at(2025, 4, 2)}
    campaign = services.campaign_create(actor=actor, dealer=dealer, fields=fields)
    services.campaign_cancel(actor=actor, campaign=campaign)
    assert launch_job(date(2025, 4, 3))["launched"] == 0
    with pytest.raises(ValidationError):
        services.campaign_launch(actor=actor, campaign=campaign)
    assert not OutboundMessage.objects.filter(ref_id=campaign.pk).exists()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED and campaign.cancelled_at is not None


def test_it_refuses_another_dealers_segment_or_template(dealer, manager, actor_of, segment, other_template):
    fields = {"name": "错", "segment": segment, "template": other_template}
    with pytest.raises(ValidationError) as caught:
        services.campaign_create(actor=actor_of(manager), dealer=dealer, fields=fields)
    assert "template" in caught.value.message_dict


def test_it_refuses_a_launched_campaign_change(campaign, manager, actor_of):
    actor = actor_of(manager)
    services.campaign_launch(actor=actor, campaign=campaign)
    with pytest.raises(ValidationError):
        services.campaign_update(actor=actor, campaign=campaign, fields={"name": "改"})


def test_agents_and_hq_may_not_launch(campaign, agent, hq, actor_of):
    for user in (agent, hq):
        with pytest.raises(PermissionDenied):
            services.campaign_launch(actor=actor_of(user), campaign=campaign)


def test_cancelling_a_sending_campaign_withdraws_what_is_still_queued(campaign, manager, actor_of):
    actor = actor_of(manager)
    services.campaign_launch(actor=actor, campaign=campaign)
    services.campaign_cancel(actor=actor, campaign=campaign)
    messages = OutboundMessage.objects.filter(ref_type="campaigns.campaign", ref_id=campaign.pk)
    assert {(m.status, m.suppressed_reason) for m in messages} == {("suppressed", "cancelled")}
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED
