"""Test drives: demo cars booked by the half hour, never twice for the same time (service and database),
the driving licence checked, feedback stored; cancelling frees the car."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dealercrm.sales import services
from dealercrm.sales.choices import Stage
from dealercrm.sales.choices import TestDriveStatus as DriveStatus
from dealercrm.sales.models import TestDriveSlot as Slot
from tests.sales.conftest import current_slot, next_slot

pytestmark = pytest.mark.django_db


def test_it_books_a_demo_car_slot_by_slot(sales, lead, book):
    drive = book(sales, lead, minutes=90, route="Ring road and back")
    assert drive.ends_at - drive.starts_at == timedelta(minutes=90)
    assert Slot.objects.filter(test_drive=drive).count() == 3
    assert lead.customer.timeline.filter(kind="test_drive_booked").exists()


def test_it_refuses_to_book_a_car_twice_for_overlapping_times(
    sales, colleague, lead, prospect, make_lead, book
):
    book(sales, lead, starts_at=next_slot(hour=10), minutes=60)
    other = make_lead(colleague)
    with pytest.raises(ValidationError) as caught:
        book(colleague, other, starts_at=next_slot(hour=10) + timedelta(minutes=30), minutes=60)
    assert "already booked" in caught.value.message_dict["starts_at"][0]
    book(colleague, other, starts_at=next_slot(hour=11), minutes=30)  # right after: fine
    assert Slot.objects.count() == 3


def test_the_database_refuses_a_double_booking_too(sales, lead, book, demo_car):
    drive = book(sales, lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(test_drive=drive, demo_vehicle=demo_car, starts_at=drive.starts_at)


def test_another_car_is_free_at_the_same_time(sales, lead, book, gm, dealer, vehicle_model, actor_of):
    second = services.demo_vehicle_add(
        actor=actor_of(gm), dealer=dealer, model=vehicle_model, plate="粤B0D003"
    )
    book(sales, lead)
    book(sales, lead, car=second)
    assert Slot.objects.count() == 4


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"licence_number": "123"}, "licence_number"),
        ({"licence_expires_on": date.today() - timedelta(days=1)}, "licence_expires_on"),
        ({"minutes": 45}, "minutes"),
    ],
)
def test_it_checks_the_licence_and_the_duration(sales, lead, book, extra, field):
    with pytest.raises(ValidationError) as caught:
        book(sales, lead, **extra)
    assert field in caught.value.message_dict
    assert not Slot.objects.exists()


def test_a_licence_expiring_before_the_drive_is_refused(sales, lead, book):
    with pytest.raises(ValidationError) as caught:
        book(sales, lead, starts_at=next_slot(days=10), licence_expires_on=date.today() + timedelta(days=5))
    assert "licence_expires_on" in caught.value.message_dict


def test_it_refuses_times_off_the_half_hour_or_in_the_past(sales, lead, book):
    with pytest.raises(ValidationError):
        book(sales, lead, starts_at=next_slot() + timedelta(minutes=10))
    with pytest.raises(ValidationError):
        book(sales, lead, starts_at=next_slot(days=-2))


def test_a_car_of_another_dealer_cannot_be_booked(sales, lead, book, other_demo_car):
    with pytest.raises(ValidationError) as caught:
        book(sales, lead, car=other_demo_car)
    assert "demo_vehicle" in caught.value.message_dict


def test_feedback_completes_the_drive_and_moves_the_lead(sales, lead, book, actor_of):
    drive = book(sales, lead, starts_at=current_slot(), minutes=30)
    with pytest.raises(ValidationError) as caught:
        services.test_drive_complete(actor=actor_of(sales), drive=drive, scores={"score_handling": 6})
    assert {"score_overall", "score_handling"} <= set(caught.value.message_dict)
    scores = {"score_overall": 5, "score_handling": 4, "score_comfort": 3, "score_features": None}
    services.test_drive_complete(actor=actor_of(sales), drive=drive, scores=scores, notes="Loved the seats")
    drive.refresh_from_db()
    lead.refresh_from_db()
    assert drive.status == DriveStatus.DONE and drive.score_overall == 5
    assert lead.stage == Stage.TEST_DRIVEN and lead.test_driven_at is not None


def test_a_future_drive_cannot_be_completed(sales, lead, book, actor_of):
    drive = book(sales, lead)
    with pytest.raises(ValidationError):
        services.test_drive_complete(actor=actor_of(sales), drive=drive, scores={"score_overall": 4})


def test_cancelling_frees_the_car(sales, colleague, lead, make_lead, book, actor_of):
    drive = book(sales, lead)
    services.test_drive_cancel(actor=actor_of(sales), drive=drive)
    drive.refresh_from_db()
    assert drive.status == DriveStatus.CANCELLED and not Slot.objects.exists()
    book(colleague, make_lead(colleague))
    with pytest.raises(ValidationError):
        services.test_drive_cancel(actor=actor_of(sales), drive=drive)


def test_the_booking_page_shows_the_days_bookings_and_books(sales, lead, book, client_for, demo_car):
    book(sales, lead, starts_at=next_slot(hour=9))
    client = client_for(sales)
    day = next_slot().date().isoformat()
    page = client.get(f"/sales/leads/{lead.pk}/test-drives/new/")
    assert page.status_code == 200
    response = client.post(
        f"/sales/leads/{lead.pk}/test-drives/new/",
        {
            "demo_vehicle": demo_car.pk,
            "day": day,
            "start": "09:30",
            "minutes": 60,
            "licence_number": "110105 19491231 002x",
            "licence_expires_on": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert "already booked" in response.content.decode()
    response = client.post(
        f"/sales/leads/{lead.pk}/test-drives/new/",
        {
            "demo_vehicle": demo_car.pk,
            "day": day,
            "start": "14:00",
            "minutes": 60,
            "licence_number": "110105 19491231 002x",
            "licence_expires_on": "2030-01-01",
        },
    )
    assert response.status_code == 302
    assert lead.test_drives.count() == 2
