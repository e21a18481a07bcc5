"""The campaigns API: segments with a live count, campaigns with launch / results / cancel, club events with
invitations, registrations and attendance; scoped by dealer, MANAGE_CAMPAIGNS writes, HQ reads."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dealercrm.campaigns.models import Campaign, Registration
from dealercrm.messaging.models import OutboundMessage
from dealercrm.org.roles import Role
from tests.campaigns.conftest import lives_in

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def shenzhen(pair):
    for customer in pair:
        lives_in(customer, "深圳")
    return pair


def test_segments_crud_and_count(manager, shenzhen):
    client = api(manager)
    counted = client.post("/api/segments/count/", {"rules": {"cities": ["深圳"]}}, format="json")
    assert counted.status_code == 200 and counted.json() == {"count": 2}
    bad = client.post("/api/segments/count/", {"rules": {"churn_min": 90, "churn_max": 10}}, format="json")
    assert bad.status_code == 400 and "churn_max" in bad.json()
    created = client.post(
        "/api/segments/",
        {"name": "深圳", "rules": {"cities": ["深圳"], "purchased_from": "2020-01-01"}},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["rules"] == {"cities": ["深圳"], "purchased_from": "2020-01-01"} and body["last_count"] == 0
    pk = body["id"]
    changed = client.patch(f"/api/segments/{pk}/", {"rules": {"cities": ["深圳"]}}, format="json")
    assert changed.status_code == 200 and changed.json()["last_count"] == 2
    assert client.get("/api/segments/").json()["count"] == 1
    assert client.delete(f"/api/segments/{pk}/").status_code == 204


def test_campaign_launch_results_and_cancel(manager, shenzhen, sms_template):
    client = api(manager)
    segment = client.post(
        "/api/segments/", {"name": "深圳", "rules": {"cities": ["深圳"]}}, format="json"
    ).json()
    created = client.post(
        "/api/campaigns/",
        {"name": "春季", "segment": segment["id"], "template": sms_template.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["response_days"] == 7
    launched = client.post(f"/api/campaigns/{pk}/launch/")
    assert launched.status_code == 200 and launched.json()["queued"] == 2
    assert launched.json()["campaign"]["status"] == "sending"
    assert client.post(f"/api/campaigns/{pk}/launch/").json()["queued"] == 0
    results = client.get(f"/api/campaigns/{pk}/results/").json()
    assert results["total"] == results["queued"] == 2 and results["responded"] == 0
    assert client.patch(f"/api/campaigns/{pk}/", {"name": "改"}, format="json").status_code == 400
    scheduled = client.post(
        "/api/campaigns/",
        {
            "name": "定时",
            "segment": segment["id"],
            "template": sms_template.pk,
            "scheduled_at": (timezone.now() + timedelta(days=5)).isoformat(),
        },
        format="json",
    ).json()
    assert scheduled["status"] == "scheduled"
    cancelled = client.post(f"/api/campaigns/{scheduled['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_campaign_refuses_another_dealers_segment(
    manager, make_user, other_dealer, sms_template, other_template
):
    stranger = make_user("d02-manager", [Role.COC_MANAGER], other_dealer)
    theirs = api(stranger).post("/api/segments/", {"name": "外店"}, format="json").json()
    response = api(manager).post(
        "/api/campaigns/", {"name": "x", "segment": theirs["id"], "template": sms_template.pk}, format="json"
    )
    assert response.status_code == 400 and "segment" in response.json()
    assert not Campaign.objects.filter(dealer__code="D01").exists()


def test_club_event_invite_register_unregister_attendance(manager, dealer, pair, sms_template):
    client = api(manager)
    segment = client.post("/api/segments/", {"name": "全部"}, format="json").json()
    event = client.post(
        "/api/club-events/",
        {
            "title": "自驾游",
            "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
            "place": "大鹏",
            "capacity": 1,
        },
        format="json",
    )
    assert event.status_code == 201, event.json()
    pk = event.json()["id"]
    assert event.json()["seats_taken"] == 0
    invited = client.post(
        f"/api/club-events/{pk}/invite/", {"segment": segment["id"], "template": sms_template.pk}
    )
    assert invited.status_code == 200 and invited.json() == {"invited": 2, "messages": 2}
    first = client.post(f"/api/club-events/{pk}/registrations/", {"customer": pair[0].pk}).json()
    second = client.post(f"/api/club-events/{pk}/registrations/", {"customer": pair[1].pk}).json()
    assert (first["status"], second["status"]) == ("registered", "waitlisted")
    listing = client.get(f"/api/club-events/{pk}/registrations/").json()
    assert listing["count"] == 2
    out = client.post(f"/api/club-events/{pk}/unregister/", {"registration": first["id"]}).json()
    assert out["registration"]["status"] == "cancelled" and [r["id"] for r in out["promoted"]] == [
        second["id"]
    ]
    Registration.objects.filter(event_id=pk).update()  # nothing: attendance waits for the start
    early = client.post(f"/api/club-events/{pk}/attendance/", {"attended": [second["id"]]}, format="json")
    assert early.status_code == 400
    assert OutboundMessage.objects.filter(ref_type="campaigns.clubevent", ref_id=pk).count() == 2


def test_hq_reads_and_agents_read_but_neither_writes(manager, agent, hq, pair, sms_template):
    segment = api(manager).post("/api/segments/", {"name": "全部"}, format="json").json()
    for user in (agent, hq):
        client = api(user)
        assert client.get("/api/segments/").json()["count"] == 1
        assert client.get(f"/api/segments/{segment['id']}/").status_code == 200
        assert client.post("/api/segments/", {"name": "x"}, format="json").status_code == 403
        assert client.delete(f"/api/segments/{segment['id']}/").status_code == 403
        assert client.post("/api/campaigns/", {"name": "x"}, format="json").status_code == 403
    hq_count = api(hq).post("/api/segments/count/", {"rules": {}}, format="json")
    assert hq_count.status_code == 400 and "dealer" in hq_count.json()
    dealer_id = segment["dealer"]
    assert api(hq).post("/api/segments/count/", {"dealer": dealer_id}, format="json").json() == {"count": 2}


def test_another_dealers_records_are_404(manager, make_user, other_dealer, pair, sms_template):
    client = api(manager)
    segment = client.post("/api/segments/", {"name": "全部"}, format="json").json()
    campaign = client.post(
        "/api/campaigns/", {"name": "c", "segment": segment["id"], "template": sms_template.pk}, format="json"
    ).json()
    event = client.post(
        "/api/club-events/",
        {
            "title": "e",
            "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
            "place": "p",
            "capacity": 3,
        },
        format="json",
    ).json()
    stranger = api(make_user("d02-manager", [Role.COC_MANAGER], other_dealer))
    for method, url in [
        ("get", f"/api/segments/{segment['id']}/"),
        ("delete", f"/api/segments/{segment['id']}/"),
        ("get", f"/api/campaigns/{campaign['id']}/"),
        ("get", f"/api/campaigns/{campaign['id']}/results/"),
        ("post", f"/api/campaigns/{campaign['id']}/launch/"),
        ("post", f"/api/campaigns/{campaign['id']}/cancel/"),
        ("get", f"/api/club-events/{event['id']}/"),
        ("get", f"/api/club-events/{event['id']}/registrations/"),
        ("post", f"/api/club-events/{event['id']}/invite/"),
        ("post", f"/api/club-events/{event['id']}/attendance/"),
    ]:
        assert getattr(stranger, method)(url).status_code == 404, url
    assert (
        stranger.post("/api/segments/count/", {"dealer": segment["dealer"]}, format="json").status_code == 400
    )
