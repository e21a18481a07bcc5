"""The club event pages: create an event, invite a segment, register (seat or waiting list), cancel, attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dealercrm.campaigns import services
from dealercrm.campaigns.models import ClubEvent, Registration
from dealercrm.followups.services import rules_ensure_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(dealer, manager, actor_of):
    return services.event_create(
        actor=actor_of(manager),
        dealer=dealer,
        fields={
            "title": "试驾日",
            "starts_at": timezone.now() + timedelta(days=2),
            "place": "展厅",
            "capacity": 1,
        },
    )


def test_a_manager_creates_an_event_and_bad_input_is_explained(client_for, manager, dealer):
    client = client_for(manager)
    bad = client.post(
        "/campaigns/events/new/", {"title": "", "place": "展厅", "capacity": 0, "status": "open"}
    )
    assert bad.status_code == 200 and not ClubEvent.objects.exists()
    assert "This field is required." in bad.content.decode()
    good = client.post(
        "/campaigns/events/new/",
        {
            "title": "亲子开放日",
            "starts_at": "2030-06-01T10:00",
            "place": "4S店",
            "capacity": 30,
            "status": "open",
        },
    )
    assert good.status_code == 302
    event = ClubEvent.objects.get()
    assert event.dealer == dealer and event.capacity == 30
    assert "亲子开放日" in client.get("/campaigns/events/").content.decode()


def test_invite_register_waitlist_cancel_from_the_page(client_for, manager, dealer, actor_of, event, pair):
    client = client_for(manager)
    segment = services.segment_create(actor=actor_of(manager), dealer=dealer, name="全部", rules={})
    page = client.get(f"/campaigns/events/{event.pk}/").content.decode()
    assert "invite-form" in page and "register-form" in page  # the invitation template was created lazily
    client.post(
        f"/campaigns/events/{event.pk}/invite/", {"segment": segment.pk, "template": _template(dealer)}
    )
    assert Registration.objects.filter(event=event, status="invited").count() == 2
    first, second = pair
    client.post(f"/campaigns/events/{event.pk}/register/", {"customer": first.pk})
    response = client.post(f"/campaigns/events/{event.pk}/register/", {"customer": second.pk}, follow=True)
    assert "waiting list" in response.content.decode()
    seat = Registration.objects.get(event=event, customer=first)
    response = client.post(f"/campaigns/registrations/{seat.pk}/cancel/", follow=True)
    assert "Moved up from the waiting list: 王五." in response.content.decode()
    assert Registration.objects.get(event=event, customer=second).status == "registered"
    missing = client.post(f"/campaigns/events/{event.pk}/register/", {"customer": 999_999})
    assert "No such customer at this dealer." in missing.content.decode()


def test_attendance_from_the_page_plans_the_follow_up(client_for, manager, dealer, event, pair):
    rules_ensure_defaults(dealer=dealer)
    client = client_for(manager)
    client.post(f"/campaigns/events/{event.pk}/register/", {"customer": pair[0].pk})
    ClubEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    page = client.get(f"/campaigns/events/{event.pk}/").content.decode()
    assert "attendance-form" in page
    seat = Registration.objects.get(event=event)
    response = client.post(f"/campaigns/events/{event.pk}/attendance/", {"attended": [seat.pk]}, follow=True)
    assert "1 came, 0 did not; 1 follow-up calls planned" in response.content.decode()


def test_the_event_page_costs_a_fixed_number_of_queries(
    client_for, manager, dealer, event, make_customer, actor_of, django_assert_max_num_queries
):
    for i in range(30):
        customer = make_customer(dealer, name=f"客户{i}", mobile=f"1330000{i:04d}")
        Registration.objects.create(event=event, customer=customer, status="invited")
    client = client_for(manager)
    client.get(f"/campaigns/events/{event.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/campaigns/events/{event.pk}/").status_code == 200


def _template(dealer) -> int:
    from dealercrm.messaging.models import MessageTemplate

    return MessageTemplate.objects.get(dealer=dealer, code="club_event").pk
