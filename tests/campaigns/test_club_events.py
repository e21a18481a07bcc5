"""Owner club events: invitations of a segment, seats under a lock with a waiting list that moves up, and
attendance turning into follow-up calls."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dealercrm.campaigns import services
from dealercrm.campaigns.choices import EventStatus
from dealercrm.campaigns.choices import RegistrationStatus as RS
from dealercrm.campaigns.models import Registration
from dealercrm.customers.models import TimelineEntry
from dealercrm.followups.models import TaskPurpose
from dealercrm.followups.services import rules_ensure_defaults
from dealercrm.messaging.models import MessageTemplate, OutboundMessage
from tests.campaigns.conftest import lives_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(dealer, manager, actor_of):
    fields = {
        "title": "秋季自驾游",
        "starts_at": timezone.now() + timedelta(days=10),
        "place": "大鹏半岛",
        "capacity": 2,
    }
    return services.event_create(actor=actor_of(manager), dealer=dealer, fields=fields)


@pytest.fixture
def people(dealer, make_customer):
    return [make_customer(dealer, name=f"车主{i}", mobile=f"1360000{i:04d}") for i in range(4)]


@pytest.fixture
def invitation(dealer):
    return MessageTemplate.objects.create(
        dealer=dealer,
        code="club_event",
        name="Club invitation",
        channel="sms",
        purpose="marketing",
        body_zh="诚邀您参加「{event}」{date} {time} {place}",
    )


def register(manager, actor_of, event, customer):
    return services.registration_register(actor=actor_of(manager), event=event, customer=customer)


def test_it_invites_a_segment_once_with_one_message_each(
    dealer, manager, actor_of, event, people, invitation
):
    actor = actor_of(manager)
    for customer in people[:3]:
        lives_in(customer, "深圳")
    segment = services.segment_create(actor=actor, dealer=dealer, name="深圳", rules={"cities": ["深圳"]})
    assert services.event_invite(actor=actor, event=event, segment=segment) == {"invited": 3, "messages": 3}
    assert services.event_invite(actor=actor, event=event, segment=segment) == {"invited": 0, "messages": 0}
    invited = Registration.objects.filter(event=event, status=RS.INVITED)
    assert {r.customer_id for r in invited} == {c.pk for c in people[:3]}
    messages = OutboundMessage.objects.filter(ref_type="campaigns.clubevent", ref_id=event.pk)
    assert messages.count() == 3 and {m.template_id for m in messages} == {invitation.pk}
    context = messages.first().context
    assert context == {} or (context["event"] == "秋季自驾游" and context["place"] == "大鹏半岛")


def test_an_invited_customer_who_registers_keeps_one_row(
    dealer, manager, actor_of, event, people, invitation
):
    actor = actor_of(manager)
    segment = services.segment_create(actor=actor, dealer=dealer, name="全部", rules={})
    services.event_invite(actor=actor, event=event, segment=segment)
    registration = register(manager, actor_of, event, people[0])
    assert registration.status == RS.REGISTERED and registration.invited_at is not None
    assert Registration.objects.filter(event=event, customer=people[0]).count() == 1


def test_it_waitlists_beyond_capacity_and_promotes_the_first_waiting(manager, actor_of, event, people):
    first, second, third, fourth = (register(manager, actor_of, event, c) for c in people)
    assert [r.status for r in (first, second, third, fourth)] == [RS.REGISTERED, RS.REGISTERED] + [
        RS.WAITLISTED
    ] * 2
    promoted = services.registration_cancel(actor=actor_of(manager), registration=first)
    assert [r.pk for r in promoted] == [third.pk]
    statuses = dict(Registration.objects.filter(event=event).values_list("customer_id", "status"))
    assert statuses == {
        people[0].pk: RS.CANCELLED,
        people[1].pk: RS.REGISTERED,
        people[2].pk: RS.REGISTERED,
        people[3].pk: RS.WAITLISTED,
    }
    kinds = set(TimelineEntry.objects.filter(customer=people[2]).values_list("kind", flat=True))
    assert {"club_waitlisted", "club_registered"} <= kinds


def test_registering_twice_changes_nothing(manager, actor_of, event, people):
    first = register(manager, actor_of, event, people[0])
    again = register(manager, actor_of, event, people[0])
    assert again.pk == first.pk and again.status == RS.REGISTERED
    assert Registration.objects.filter(event=event).count() == 1


def test_more_seats_move_the_waiting_list_up_and_fewer_than_taken_are_refused(
    manager, actor_of, event, people
):
    actor = actor_of(manager)
    for customer in people:
        register(manager, actor_of, event, customer)
    with pytest.raises(ValidationError) as caught:
        services.event_update(actor=actor, event=event, fields={"capacity": 1})
    assert "capacity" in caught.value.message_dict
    services.event_update(actor=actor, event=event, fields={"capacity": 3})
    assert Registration.objects.filter(event=event, status=RS.REGISTERED).count() == 3


def test_a_closed_event_takes_no_registrations(manager, actor_of, event, people):
    services.event_update(actor=actor_of(manager), event=event, fields={"status": EventStatus.CLOSED})
    with pytest.raises(ValidationError):
        register(manager, actor_of, event, people[0])


def test_attendance_plans_a_club_follow_up_call_for_those_who_came(dealer, manager, actor_of, event, people):
    rules_ensure_defaults(dealer=dealer)
    came, missed = (register(manager, actor_of, event, c) for c in people[:2])
    actor = actor_of(manager)
    with pytest.raises(ValidationError):  # not started yet
        services.attendance_record(actor=actor, event=event, attended=[came.pk])
    later = event.starts_at + timedelta(hours=3)
    done = services.attendance_record(actor=actor, event=event, attended=[came.pk], now=later)
    assert done["attended"] == 1 and done["no_show"] == 1 and done["followups"] == 1
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == (RS.ATTENDED, RS.NO_SHOW)
    purposes = TaskPurpose.objects.filter(task__customer=people[0])
    assert purposes.count() == 1
    assert not TaskPurpose.objects.filter(task__customer=people[1]).exists()
    # Recording again plans nothing twice.
    again = services.attendance_record(actor=actor, event=event, attended=[came.pk], now=later)
    assert again["followups"] == 0 and TaskPurpose.objects.filter(task__customer=people[0]).count() == 1
    event.refresh_from_db()
    assert event.status == EventStatus.HELD


def test_attendance_refuses_someone_without_a_seat(manager, actor_of, event, people):
    register(manager, actor_of, event, people[0])
    stranger = Registration.objects.create(event=event, customer=people[1], status=RS.INVITED)
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(
            actor=actor_of(manager),
            event=event,
            attended=[stranger.pk],
            now=event.starts_at + timedelta(hours=1),
        )
    assert "attended" in caught.value.message_dict


def test_another_dealers_customer_cannot_register(manager, actor_of, event, other_dealer, make_customer):
    foreign = make_customer(other_dealer, name="外店", mobile="13900000009")
    with pytest.raises(ValidationError):
        register(manager, actor_of, event, foreign)


def test_agents_and_hq_may_not_register(event, people, agent, hq, actor_of):
    for user in (agent, hq):
        with pytest.raises(PermissionDenied):
            services.registration_register(actor=actor_of(user), event=event, customer=people[0])
