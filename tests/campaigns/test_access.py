"""Who may use which campaigns page: another dealer's staff get 404 on every record, agents and group HQ read
and change nothing (403), staff without campaigns see nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dealercrm.campaigns import services
from dealercrm.campaigns.models import Campaign, ClubEvent, Registration, Segment
from dealercrm.org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(dealer, manager, actor_of, make_customer, sms_template):
    actor = actor_of(manager)
    customer = make_customer(dealer, name="车主", mobile="13600000001")
    segment = services.segment_create(actor=actor, dealer=dealer, name="全部", rules={})
    campaign = services.campaign_create(
        actor=actor, dealer=dealer, fields={"name": "c", "segment": segment, "template": sms_template}
    )
    event = services.event_create(
        actor=actor,
        dealer=dealer,
        fields={"title": "e", "starts_at": timezone.now() + timedelta(days=3), "place": "p", "capacity": 5},
    )
    registration = services.registration_register(actor=actor, event=event, customer=customer)
    return {"s": segment.pk, "c": campaign.pk, "e": event.pk, "r": registration.pk}


READS = [
    ("get", "/campaigns/segments/{s}/"),
    ("post", "/campaigns/segments/{s}/count/"),
    ("get", "/campaigns/{c}/"),
    ("get", "/campaigns/events/{e}/"),
]
WRITES = [
    ("post", "/campaigns/segments/{s}/"),
    ("post", "/campaigns/segments/{s}/delete/"),
    ("get", "/campaigns/{c}/edit/"),
    ("post", "/campaigns/{c}/edit/"),
    ("post", "/campaigns/{c}/launch/"),
    ("post", "/campaigns/{c}/cancel/"),
    ("get", "/campaigns/events/{e}/edit/"),
    ("post", "/campaigns/events/{e}/edit/"),
    ("post", "/campaigns/events/{e}/invite/"),
    ("post", "/campaigns/events/{e}/register/"),
    ("post", "/campaigns/events/{e}/attendance/"),
    ("post", "/campaigns/registrations/{r}/cancel/"),
    ("post", "/campaigns/registrations/{r}/register/"),
]
LISTS = ["/campaigns/", "/campaigns/segments/", "/campaigns/events/"]
FORMS = ["/campaigns/new/", "/campaigns/segments/new/", "/campaigns/events/new/"]


def _call(client, method, url, records):
    return getattr(client, method)(url.format(**records))


@pytest.mark.parametrize(("method", "url"), READS + WRITES)
def test_another_dealers_manager_gets_404_on_every_record(
    method, url, records, make_user, other_dealer, client_for
):
    stranger = make_user("d02-manager", [Role.COC_MANAGER], other_dealer)
    assert _call(client_for(stranger), method, url, records).status_code == 404


@pytest.mark.parametrize("who", ["agent", "hq", "manager"])
def test_campaign_readers_read_every_page(who, request, records, client_for):
    client = client_for(request.getfixturevalue(who))
    for url in LISTS:
        assert client.get(url).status_code == 200, url
    for method, url in READS:
        assert _call(client, method, url, records).status_code == 200, url


@pytest.mark.parametrize("who", ["agent", "hq"])
def test_agents_and_hq_change_nothing(who, request, records, client_for):
    client = client_for(request.getfixturevalue(who))
    for method, url in WRITES:
        assert _call(client, method, url, records).status_code == 403, (method, url)
    for url in FORMS:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x", "title": "x"}).status_code == 403, url
    assert client.post("/campaigns/segments/count/", {}).status_code == 403
    assert Segment.objects.count() == Campaign.objects.count() == ClubEvent.objects.count() == 1
    assert Registration.objects.get().status == "registered"


@pytest.mark.parametrize("who", ["sales", "advisor", "clerk"])
def test_staff_without_campaigns_see_nothing(who, request, records, client_for):
    client = client_for(request.getfixturevalue(who))
    for url in LISTS:
        assert client.get(url).status_code == 403, url
    assert client.get("/campaigns/{c}/".format(**records)).status_code == 403


def test_anonymous_users_go_to_login(client, records):
    for url in LISTS:
        assert client.get(url).status_code == 302
