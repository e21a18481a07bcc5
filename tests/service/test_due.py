"""Due dates for the fleet (set-based, idempotent), the reminders (O(due), once per service), the vehicle's
service page and the overdue list."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.followups.services import rules_ensure_defaults
from dealercrm.service.due import recompute_all
from dealercrm.service.models import ServiceReminder, VehicleDue
from dealercrm.service.services import appointment_book, reminders_record
from dealercrm.vehicles.models import Vehicle
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_jobs_are_registered_and_recompute_before_reminding():
    names = list(registered_jobs())
    assert names.index("service.due_dates") < names.index("service.reminders")
    assert "service.appointments" in names


def test_the_fleet_recompute_is_one_statement_per_batch_and_idempotent(
    dealer, owner, make_vehicle, add_readings, django_assert_max_num_queries
):
    for i, vin in enumerate(VALID_VINS):
        vehicle = make_vehicle(
            dealer, owner=owner, vin=vin, plate=f"粤B1000{i}", purchased_on=date(2025, 1, 1)
        )
        add_readings(vehicle, [(date(2025, 1, 1), 0), (date(2025, 3, 1), 59 * 50 * (i + 1))])
    with django_assert_max_num_queries(6):  # bounds, savepoint, PostgreSQL's settings, 1 per batch, release
        first = recompute_all(batch=2)
    assert first == {"batches": 2, "changed": 4}
    assert recompute_all()["changed"] == 0
    rates = sorted(VehicleDue.objects.values_list("km_per_day", flat=True))
    assert [float(r) for r in rates] == [50.0, 100.0, 150.0, 200.0]


def test_a_vehicle_without_a_plan_or_a_start_gets_no_date(dealer, owner, make_vehicle):
    from dealercrm.service.models import ServicePlan

    ServicePlan.objects.all().delete()
    vehicle = make_vehicle(dealer, owner=owner)
    recompute_all()
    due = VehicleDue.objects.get(vehicle=vehicle)
    assert due.next_service_due_on is None and due.km_per_day == 40


def due_in(vehicle, days: int) -> Vehicle:
    VehicleDue.objects.update_or_create(
        vehicle=vehicle,
        defaults={
            "dealer_id": vehicle.dealer_id,
            "km_per_day": 40,
            "next_service_due_on": TODAY + timedelta(days=days),
        },
    )
    return vehicle


def test_vehicles_inside_the_window_are_reminded_once(dealer, owner, vehicle, make_vehicle, purposes):
    soon = due_in(vehicle, 20)
    later = due_in(make_vehicle(dealer, owner=owner, vin=VALID_VINS[1], plate="粤B20000"), 31)
    lapsed = due_in(make_vehicle(dealer, owner=owner, vin=VALID_VINS[2], plate="粤B30000"), -31)
    result = reminders_record(on=TODAY)
    assert (result["first_service_due"], result["service_due"]) == (1, 0)
    due_on = (TODAY + timedelta(days=20)).isoformat()
    assert purposes("first_service_due") == {f"service.vehicle:{soon.pk}:{due_on}"}
    # a new reading moves the date by a day: still the same service, not reminded again
    due_in(soon, 19)
    assert reminders_record(on=TODAY)["first_service_due"] == 0
    assert ServiceReminder.objects.filter(vehicle=soon).count() == 1
    assert not ServiceReminder.objects.filter(vehicle__in=[later, lapsed]).exists()


def test_after_a_service_the_next_one_is_reminded_as_a_service(vehicle, open_order, drive, purposes):
    drive(
        open_order(vehicle, km=5000, service_type="first_service"),
        "in_progress",
        "quality_check",
        "ready",
        "handed_over",
    )
    due_in(vehicle, 10)
    assert reminders_record(on=TODAY)["service_due"] == 1
    assert len(purposes("service_due")) == 1


def test_booked_or_in_workshop_vehicles_are_not_reminded(
    vehicle, actor, dealer, owner, make_vehicle, open_order
):
    appointment_book(actor=actor, vehicle=vehicle, on=TODAY + timedelta(days=3), half_day="am")
    in_shop = make_vehicle(dealer, owner=owner, vin=VALID_VINS[1], plate="粤B20000")
    open_order(in_shop, km=100)
    due_in(vehicle, 5)
    due_in(in_shop, 5)
    assert reminders_record(on=TODAY)["first_service_due"] == 0


def test_the_reminder_job_reads_only_the_due_vehicles(
    dealer, owner, make_vehicle, django_assert_max_num_queries
):
    for i in range(30):
        v = make_vehicle(
            dealer, owner=owner, vin=VALID_VINS[i % 4] if i < 4 else _vin(i), plate=f"粤B4{i:04d}"
        )
        due_in(v, 400 + i)
    due_in(Vehicle.objects.first(), 3)
    rules_ensure_defaults(dealer=dealer)  # the follow-up engine's one-off set-up is not the job's cost
    with django_assert_max_num_queries(
        22
    ):  # mine: dealers, the due range, one insert; the rest is followups'
        result = run_daily_jobs(TODAY, only=["service.reminders"])
    assert result[0][1]["first_service_due"] == 1


def _vin(i: int) -> str:
    import random

    from dealercrm.seed.generators import random_vin

    return random_vin(random.Random(i))


# --- pages --------------------------------------------------------------------------------------------------


def test_the_vehicle_page_shows_the_prediction_and_its_basis(client_for, advisor, vehicle, add_readings):
    add_readings(
        vehicle,
        [
            (date(2024, 1, 15), 0),
            (date(2024, 2, 14), 1500),
            (date(2024, 2, 15), 90000),
            (date(2024, 3, 15), 3000),
        ],
    )
    html = client_for(advisor).get(reverse("service:vehicle", args=[vehicle.pk])).content.decode()
    assert "50.0 km per day" in html and "median of the odometer readings" in html
    assert "implausibly fast" in html and "lower than the reading before" in html
    assert "2024-04-24" in html  # the 2,000 km left to 5,000 km at 50 a day from 2024-03-15
    assert "Reminders still use" in html  # the stored date waits for the recompute
    assert "Fleet default" in html and "3 years" in html


def test_a_reading_recorded_on_the_service_page_moves_the_date_at_once(client_for, advisor, vehicle):
    client = client_for(advisor)
    url = reverse("service:vehicle-reading", args=[vehicle.pk])
    response = client.post(url, {"km": "4000", "read_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert VehicleDue.objects.get(vehicle=vehicle).next_service_due_on is not None
    html = client.get(reverse("service:vehicle", args=[vehicle.pk])).content.decode()
    assert "Reminders still use" not in html
    assert (
        "below the previous reading"
        in client.post(url, {"km": "10", "read_on": TODAY.isoformat()}).content.decode()
    )


def test_the_vehicle_page_is_bounded(
    client_for, advisor, vehicle, add_readings, django_assert_max_num_queries
):
    add_readings(vehicle, [(date(2024, 1, 15) + timedelta(days=10 * i), 300 * i) for i in range(60)])
    client = client_for(advisor)
    client.get(reverse("service:vehicle", args=[vehicle.pk]))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("service:vehicle", args=[vehicle.pk])).status_code == 200


def test_the_overdue_and_soon_lists(client_for, advisor, vehicle, dealer, owner, make_vehicle):
    due_in(vehicle, -10)
    soon = due_in(make_vehicle(dealer, owner=owner, vin=VALID_VINS[1], plate="粤B77777"), 10)
    client = client_for(advisor)
    overdue = client.get(reverse("service:due")).content.decode()
    assert "粤B12345" in overdue and "粤B77777" not in overdue
    upcoming = client.get(reverse("service:due"), {"show": "soon"}).content.decode()
    assert "粤B77777" in upcoming and reverse("service:vehicle", args=[soon.pk]) in upcoming


def test_the_lists_have_helpful_empty_states(client_for, advisor):
    client = client_for(advisor)
    assert "No vehicle is overdue" in client.get(reverse("service:due")).content.decode()
    assert (
        "No vehicle is due in the next 30 days"
        in client.get(reverse("service:due"), {"show": "soon"}).content.decode()
    )


def test_the_overdue_list_is_paginated_in_bounded_queries(
    client_for, advisor, dealer, owner, make_vehicle, django_assert_max_num_queries
):
    for i in range(30):
        v = make_vehicle(dealer, owner=owner, vin=_vin(i + 100), plate=f"粤B5{i:04d}")
        due_in(v, -1 - i)
    client = client_for(advisor)
    client.get(reverse("service:due"))
    with django_assert_max_num_queries(10):
        html = client.get(reverse("service:due")).content.decode()
    assert "Page 1 of 2" in html
