"""Appointments: half-day slots within the bays, no overbooking, cancel / no-show, the day-before reminder."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dealercrm.customers.models import TimelineEntry
from dealercrm.service.models import Appointment, Workshop
from dealercrm.service.services import (
    appointment_book,
    appointment_cancel,
    appointment_no_show,
    appointments_mark_no_shows,
    appointments_remind,
)
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.fixture
def fleet(dealer, owner, make_vehicle):
    """Three more vehicles of the same owner."""
    return [make_vehicle(dealer, owner=owner, vin=VALID_VINS[i], plate=f"粤B0000{i}") for i in (1, 2, 3)]


def test_booking_a_slot_puts_it_on_the_timeline(vehicle, actor, advisor):
    appointment = appointment_book(
        actor=actor, vehicle=vehicle, on=TOMORROW, half_day="pm", advisor=advisor, concern="异响"
    )
    assert (appointment.status, appointment.customer_id) == ("booked", vehicle.current_owner_id)
    assert TimelineEntry.objects.filter(kind="service_appointment_booked", ref_id=appointment.pk).exists()


def test_a_full_half_day_is_refused(dealer, vehicle, fleet, actor):
    Workshop.objects.create(dealer=dealer, am_capacity=2, pm_capacity=1)
    appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am")
    appointment_book(actor=actor, vehicle=fleet[0], on=TOMORROW, half_day="am")
    with pytest.raises(ValidationError, match="fully booked") as exc:
        appointment_book(actor=actor, vehicle=fleet[1], on=TOMORROW, half_day="am")
    assert "half_day" in exc.value.message_dict
    appointment_book(actor=actor, vehicle=fleet[1], on=TOMORROW, half_day="pm")
    assert Appointment.objects.filter(on=TOMORROW).count() == 3


def test_a_cancellation_or_a_no_show_frees_the_bay(dealer, vehicle, fleet, actor):
    Workshop.objects.create(dealer=dealer, am_capacity=1, pm_capacity=1)
    today = timezone.localdate()
    first = appointment_book(actor=actor, vehicle=vehicle, on=today, half_day="am")
    appointment_cancel(actor=actor, appointment=first, reason="客户出差")
    second = appointment_book(actor=actor, vehicle=fleet[0], on=today, half_day="am")
    appointment_no_show(actor=actor, appointment=second)
    appointment_book(actor=actor, vehicle=fleet[1], on=today, half_day="am")


@pytest.mark.parametrize(("days", "field"), [(-1, "on"), (181, "on")])
def test_dates_in_the_past_or_too_far_ahead_are_refused(vehicle, actor, days, field):
    with pytest.raises(ValidationError) as exc:
        appointment_book(
            actor=actor, vehicle=vehicle, on=timezone.localdate() + timedelta(days=days), half_day="am"
        )
    assert field in exc.value.message_dict


def test_a_vehicle_is_booked_once_at_a_time(vehicle, actor):
    appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am")
    with pytest.raises(ValidationError, match="already booked"):
        appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW + timedelta(days=1), half_day="am")


def test_the_advisor_must_work_at_the_vehicles_dealer(vehicle, actor, sales, make_user, other_dealer):
    from dealercrm.org.roles import Role

    stranger = make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer)
    for wrong in (sales, stranger):
        with pytest.raises(ValidationError) as exc:
            appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am", advisor=wrong)
        assert "advisor" in exc.value.message_dict


def test_a_no_show_records_the_event_for_the_follow_up_team(vehicle, actor, purposes):
    appointment = appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate(), half_day="am")
    appointment_no_show(actor=actor, appointment=appointment)
    assert f"service.appointment:{appointment.pk}" in purposes("appointment_no_show")
    with pytest.raises(ValidationError, match="already"):
        appointment_cancel(actor=actor, appointment=appointment)


def test_a_future_booking_cannot_be_a_no_show_yet(vehicle, actor):
    appointment = appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am")
    with pytest.raises(ValidationError):
        appointment_no_show(actor=actor, appointment=appointment)


def test_the_day_before_each_booking_gets_a_reminder_once(vehicle, fleet, actor, purposes):
    booked = appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am")
    later = appointment_book(actor=actor, vehicle=fleet[0], on=TOMORROW + timedelta(days=1), half_day="am")
    assert appointments_remind(on=timezone.localdate())["reminded"] == 1
    assert purposes("appointment_reminder") == {f"service.appointment:{booked.pk}"}
    assert appointments_remind(on=timezone.localdate())["purposes"] == 0
    assert later.pk


def test_bookings_nobody_came_for_become_no_shows_the_next_day(vehicle, actor, purposes):
    appointment = appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate(), half_day="pm")
    assert appointments_mark_no_shows(on=timezone.localdate())["no_shows"] == 0
    assert appointments_mark_no_shows(on=TOMORROW)["no_shows"] == 1
    appointment.refresh_from_db()
    assert appointment.status == "no_show"
    assert f"service.appointment:{appointment.pk}" in purposes("appointment_no_show")


@pytest.mark.django_db(transaction=True)
def test_two_advisors_racing_for_the_last_bay_cannot_both_get_it(dealer, vehicle, fleet, actor):
    if connection.vendor != "postgresql":
        pytest.skip("the bay race runs in the PostgreSQL pass (row locks: SELECT … FOR UPDATE)")
    Workshop.objects.create(dealer=dealer, am_capacity=1, pm_capacity=1)
    barrier, outcomes = threading.Barrier(2), []

    def book(target):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            appointment_book(actor=actor, vehicle=target, on=TOMORROW, half_day="am")
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=book, args=(v,)) for v in (vehicle, fleet[0])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Appointment.objects.filter(on=TOMORROW).count() == 1


# --- pages --------------------------------------------------------------------------------------------------


def test_the_booking_page_books_and_shows_the_slots(client_for, advisor, vehicle):
    client = client_for(advisor)
    url = reverse("service:appointment-book") + f"?vehicle={vehicle.pk}"
    page = client.get(url).content.decode()
    assert "bays free" in page and 'id="slots"' in page
    response = client.post(url, {"on": TOMORROW.isoformat(), "half_day": "pm", "service_type": "maintenance"})
    appointment = Appointment.objects.get(vehicle=vehicle)
    assert response.status_code == 302 and response.url == reverse(
        "service:appointment", args=[appointment.pk]
    )


def test_a_full_slot_is_explained_next_to_the_half_day(client_for, advisor, dealer, vehicle):
    Workshop.objects.create(dealer=dealer, am_capacity=0, pm_capacity=0)
    url = reverse("service:appointment-book") + f"?vehicle={vehicle.pk}"
    html = client_for(advisor).post(
        url, {"on": TOMORROW.isoformat(), "half_day": "am", "service_type": "maintenance"}
    )
    assert "fully booked" in html.content.decode() and not Appointment.objects.exists()


def test_the_slots_partial_follows_the_date(client_for, advisor, vehicle, actor):
    appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am")
    html = client_for(advisor).get(reverse("service:slots"), {"on": TOMORROW.isoformat()}).content.decode()
    assert "1 / 6" in html


def test_the_day_page_lists_the_bookings(client_for, advisor, vehicle, actor):
    appointment_book(actor=actor, vehicle=vehicle, on=TOMORROW, half_day="am")
    html = (
        client_for(advisor)
        .get(reverse("service:appointments"), {"on": TOMORROW.isoformat()})
        .content.decode()
    )
    assert "粤B12345" in html and "李四" in html
    empty = client_for(advisor).get(reverse("service:appointments")).content.decode()
    assert "No appointments on this day" in empty


def test_the_status_buttons_cancel_and_mark_no_shows(client_for, advisor, vehicle, actor):
    appointment = appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate(), half_day="am")
    client = client_for(advisor)
    assert "No-show" in client.get(reverse("service:appointment", args=[appointment.pk])).content.decode()
    client.post(reverse("service:appointment-status", args=[appointment.pk]), {"status": "no_show"})
    appointment.refresh_from_db()
    assert appointment.status == "no_show"
    response = client.post(
        reverse("service:appointment-status", args=[appointment.pk]), {"status": "cancelled"}, follow=True
    )
    assert "already" in response.content.decode()
