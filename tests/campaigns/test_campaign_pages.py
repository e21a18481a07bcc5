"""The campaigns pages: home with headline results, a campaign's form, estimate, send now, results, cancel."""

import pytest

from dealercrm.campaigns import services
from dealercrm.campaigns.models import Campaign
from dealercrm.campaigns.templatetags.campaigns import app_url
from dealercrm.messaging.models import OutboundMessage
from tests.campaigns.conftest import consent, lives_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment(dealer, manager, actor_of, pair):
    lives_in(pair[0], "深圳")
    lives_in(pair[1], "深圳")
    consent(pair[0], "sms")
    return services.segment_create(
        actor=actor_of(manager), dealer=dealer, name="深圳", rules={"cities": ["深圳"]}
    )


def test_the_home_page_links_to_segments_events_templates_outbox_and_care(client_for, manager):
    html = client_for(manager).get("/campaigns/").content.decode()
    for name, fallback in (
        ("campaigns:segments", ""),
        ("campaigns:events", ""),
        ("messaging:templates", "/messages/templates/"),
        ("messaging:outbox", "/messages/outbox/"),
        ("care:rules", "/care/rules/"),
    ):
        assert f'href="{app_url(name, fallback)}"' in html, name
    assert "No campaigns yet" in html


def test_a_manager_creates_a_campaign_sees_the_estimate_and_sends_it(
    client_for, manager, segment, sms_template
):
    client = client_for(manager)
    response = client.post(
        "/campaigns/new/",
        {"name": "春季检测", "segment": segment.pk, "template": sms_template.pk, "response_days": 7},
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.status == "draft"
    detail = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert '<dd id="estimate-count">2</dd>' in detail and '<dd id="estimate-consented">1</dd>' in detail
    client.post(f"/campaigns/{campaign.pk}/launch/")
    assert OutboundMessage.objects.filter(ref_id=campaign.pk, ref_type="campaigns.campaign").count() == 2
    detail = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert '<td id="r-total">2</td>' in detail
    assert "edit/" not in detail  # launched: no more changes


def test_a_scheduled_campaign_is_cancelled_from_its_page(client_for, manager, segment, sms_template):
    client = client_for(manager)
    client.post(
        "/campaigns/new/",
        {
            "name": "国庆",
            "segment": segment.pk,
            "template": sms_template.pk,
            "scheduled_at": "2030-10-01T10:00",
            "response_days": 5,
        },
    )
    campaign = Campaign.objects.get()
    assert campaign.status == "scheduled" and campaign.response_days == 5
    client.post(f"/campaigns/{campaign.pk}/cancel/")
    campaign.refresh_from_db()
    assert campaign.status == "cancelled"


def test_bad_campaign_input_is_explained_and_nothing_saved(client_for, manager, segment):
    html = client_for(manager).post("/campaigns/new/", {"name": "", "response_days": 500}).content.decode()
    assert html.count("This field is required.") == 3  # name, segment, template
    assert "Ensure this value is less than or equal to 90." in html
    assert not Campaign.objects.exists()


def test_the_home_page_costs_a_fixed_number_of_queries(
    client_for, manager, dealer, actor_of, segment, sms_template, django_assert_max_num_queries
):
    actor = actor_of(manager)
    for i in range(8):
        campaign = services.campaign_create(
            actor=actor, dealer=dealer, fields={"name": f"c{i}", "segment": segment, "template": sms_template}
        )
        if i % 2:
            services.campaign_launch(actor=actor, campaign=campaign)
    client = client_for(manager)
    with django_assert_max_num_queries(10):
        html = client.get("/campaigns/").content.decode()
    assert html.count('href="/campaigns/') >= 8


def test_agents_read_campaigns_but_see_no_buttons(
    client_for, agent, manager, dealer, actor_of, segment, sms_template
):
    campaign = services.campaign_create(
        actor=actor_of(manager),
        dealer=dealer,
        fields={"name": "c", "segment": segment, "template": sms_template},
    )
    client = client_for(agent)
    html = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "send-now" not in html and "new-campaign" not in client.get("/campaigns/").content.decode()
    assert client.post(f"/campaigns/{campaign.pk}/launch/").status_code == 403
