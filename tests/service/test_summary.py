"""What the customer 360 page gets from after-sales: a selector in bounded queries and a partial to include."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from dealercrm.customers.models import TimelineEntry
from dealercrm.customers.timeline import kind_label
from dealercrm.service.selectors import customer_service_summary
from dealercrm.service.services import appointment_book

pytestmark = pytest.mark.django_db
FLOW = ["in_progress", "quality_check", "ready", "handed_over"]


def test_it_sums_up_history_due_date_bookings_and_open_orders(
    owner, vehicle, actor, open_order, drive, django_assert_max_num_queries
):
    for km in range(1000, 13000, 1000):
        drive(open_order(vehicle, km=km), *FLOW)
    current = open_order(vehicle, km=20000, service_type="minor_repair", concern="brakes")
    appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate() + timedelta(days=3), half_day="pm")
    with django_assert_max_num_queries(2):
        summary = customer_service_summary(actor, owner)
    assert [o.pk for o in summary.open_orders] == [current.pk]
    assert len(summary.history) == 10 and summary.spend_orders == 12
    assert summary.next_due_on is not None and [line.vehicle.pk for line in summary.due] == [vehicle.pk]
    assert summary.appointments[0].appointment_label == "Afternoon"


def test_the_partial_renders_for_the_360_page(owner, vehicle, actor, open_order, drive, advisor):
    from django.test import RequestFactory

    drive(open_order(vehicle, km=5000, service_type="first_service"), *FLOW)
    appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate() + timedelta(days=2), half_day="pm")
    request = RequestFactory().get("/")
    request.user = advisor
    html = render_to_string(
        "service/_customer_summary.html", {"summary": customer_service_summary(actor, owner)}, request=request
    )
    assert 'id="service-summary"' in html and "First service" in html and "Booked" in html
    assert "¥300.00" in html and 'id="service-next-due"' in html


def test_a_customer_without_visits_gets_an_empty_state(owner, actor):
    html = render_to_string(
        "service/_customer_summary.html", {"summary": customer_service_summary(actor, owner)}
    )
    assert "No service visits yet" in html


def test_another_dealers_customer_is_not_summed_up(other_vehicle, actor):
    from django.http import Http404

    with pytest.raises(Http404):
        customer_service_summary(actor, other_vehicle.current_owner)


def test_every_appointment_and_order_step_is_on_the_timeline_with_a_label(
    owner, vehicle, actor, open_order, drive
):
    appointment = appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate(), half_day="am")
    from dealercrm.service.services import appointment_cancel

    appointment_cancel(actor=actor, appointment=appointment)
    drive(open_order(vehicle), *FLOW)
    kinds = list(
        TimelineEntry.objects.filter(customer=owner, kind__startswith="service_").values_list(
            "kind", flat=True
        )
    )
    assert set(kinds) >= {
        "service_appointment_booked",
        "service_appointment_cancelled",
        "service_order_opened",
        "service_order_approved",
        "service_order_handed_over",
    }
    assert all(kind_label(kind) != kind for kind in kinds)
