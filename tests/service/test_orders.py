"""Repair orders: opening (reading taken), lines and amounts, approvals, the workshop's road, the hand-over."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealercrm.customers.models import TimelineEntry
from dealercrm.service.choices import TRANSITIONS, OrderStatus
from dealercrm.service.models import CustomerSpend, RepairOrder, VehicleDue
from dealercrm.service.services import order_decide, order_line_add, order_move, order_open
from dealercrm.vehicles.models import OdometerReading

pytestmark = pytest.mark.django_db
FLOW = ["in_progress", "quality_check", "ready", "handed_over"]


def test_opening_an_order_reads_the_odometer_and_moves_the_due_date(vehicle, open_order):
    order = open_order(vehicle, km=4900)
    reading = OdometerReading.objects.get(pk=order.reading_id)
    assert (reading.km, reading.source, reading.read_on) == (4900, "repair_order", timezone.localdate())
    due = VehicleDue.objects.get(vehicle=vehicle)
    assert due.next_service_due_on is not None and due.km_per_day is not None
    assert TimelineEntry.objects.filter(kind="service_order_opened", ref_id=order.pk).exists()


def test_a_reading_below_the_last_one_is_refused_and_nothing_opens(vehicle, open_order, actor, drive):
    drive(open_order(vehicle, km=8000), *FLOW)
    with pytest.raises(ValidationError) as exc:
        open_order(vehicle, km=7000)
    assert "km" in exc.value.message_dict
    assert RepairOrder.objects.filter(vehicle=vehicle).count() == 1


def test_one_open_order_per_vehicle(vehicle, open_order):
    open_order(vehicle)
    with pytest.raises(ValidationError, match="already has an open repair order"):
        open_order(vehicle, km=12001)


def test_lines_are_hours_times_rate_and_quantity_times_price(vehicle, open_order, actor):
    order = open_order(vehicle)
    labour = order_line_add(
        actor=actor, order=order, kind="labour", description="工时", quantity="1.25", unit_price="180"
    )
    part = order_line_add(
        actor=actor,
        order=order,
        kind="part",
        description="机油滤清器",
        quantity="3",
        unit_price="33.33",
        part_number="06L115562",
        payer="warranty",
    )
    assert (labour.amount, part.amount) == (Decimal("225.00"), Decimal("99.99"))
    order_decide(actor=actor, order=order, approve=True)
    order.refresh_from_db()
    assert (order.total, order.customer_total) == (Decimal("324.99"), Decimal("225.00"))


@pytest.mark.parametrize(
    ("field", "value"), [("quantity", "0"), ("quantity", "-1"), ("unit_price", "-5"), ("unit_price", "abc")]
)
def test_a_bad_amount_is_refused(vehicle, open_order, actor, field, value):
    order = open_order(vehicle)
    data = {"kind": "labour", "description": "工时", "quantity": "1", "unit_price": "100", field: value}
    with pytest.raises(ValidationError) as exc:
        order_line_add(actor=actor, order=order, **data)
    assert field in exc.value.message_dict


def test_work_does_not_start_before_the_customer_approves_the_estimate(vehicle, open_order, actor):
    order = open_order(vehicle)
    with pytest.raises(ValidationError, match="not approved the estimate"):
        order_move(actor=actor, order=order, to="in_progress")
    order_line_add(
        actor=actor, order=order, kind="labour", description="工时", quantity="1", unit_price="100"
    )
    with pytest.raises(ValidationError, match="not approved the estimate"):
        order_move(actor=actor, order=order, to="in_progress")
    order_decide(actor=actor, order=order, approve=True)
    assert order_move(actor=actor, order=order, to="in_progress").status == "in_progress"


def test_a_declined_estimate_cannot_start_and_the_order_can_be_cancelled(vehicle, open_order, actor):
    order = open_order(vehicle)
    order_line_add(
        actor=actor, order=order, kind="labour", description="工时", quantity="1", unit_price="100"
    )
    order_decide(actor=actor, order=order, approve=False)
    with pytest.raises(ValidationError):
        order_move(actor=actor, order=order, to="in_progress")
    assert order_move(actor=actor, order=order, to="cancelled").status == "cancelled"
    assert TimelineEntry.objects.filter(kind="service_order_cancelled", ref_id=order.pk).exists()


def test_added_work_needs_its_own_approval_before_the_quality_check(vehicle, open_order, actor, drive):
    order = drive(open_order(vehicle), "in_progress")
    extra = order_line_add(
        actor=actor, order=order, kind="part", description="刹车片", quantity="1", unit_price="480"
    )
    assert extra.is_addition and extra.approval == "pending"
    with pytest.raises(ValidationError, match="added work"):
        order_move(actor=actor, order=order, to="quality_check")
    order_decide(actor=actor, order=order, approve=True, line_ids=[extra.pk])
    order.refresh_from_db()
    assert order.total == Decimal("780.00")
    assert order_move(actor=actor, order=order, to="quality_check").status == "quality_check"


def test_nothing_awaits_approval_twice(vehicle, open_order, actor, drive):
    order = drive(open_order(vehicle))
    with pytest.raises(ValidationError, match="No work is waiting"):
        order_decide(actor=actor, order=order, approve=True)


def test_the_quality_check_cannot_be_skipped(vehicle, open_order, actor, drive):
    order = drive(open_order(vehicle), "in_progress")
    with pytest.raises(ValidationError, match="quality check before it is ready"):
        order_move(actor=actor, order=order, to="ready")
    with pytest.raises(ValidationError):
        order_move(actor=actor, order=order, to="handed_over")
    order = drive(order, "waiting_parts")
    with pytest.raises(ValidationError, match="quality check before it is ready"):
        order_move(actor=actor, order=order, to="ready")


def test_a_failed_quality_check_goes_back_to_work(vehicle, open_order, drive, advisor):
    order = drive(
        open_order(vehicle), "in_progress", "quality_check", "in_progress", "quality_check", "ready"
    )
    assert order.quality_checked_by_id == advisor.pk and order.quality_checked_at is not None


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(st.sampled_from(OrderStatus.values), max_size=10))
def test_every_accepted_move_is_on_the_road_and_ready_always_follows_a_quality_check(
    steps, vehicle, open_order, drive, actor
):
    RepairOrder.objects.filter(vehicle=vehicle).exclude(status__in=["handed_over", "cancelled"]).update(
        status="cancelled"
    )
    order = drive(open_order(vehicle, km=OdometerReading.objects.filter(vehicle=vehicle).count() + 12000))
    history = [order.status]
    for to in steps:
        try:
            order = order_move(actor=actor, order=order, to=to)
        except ValidationError:
            assert to not in TRANSITIONS[history[-1]] or history[-1] == "checked_in"
            continue
        assert to in TRANSITIONS[history[-1]]
        if to == "ready":
            assert history[-1] == "quality_check"
        history.append(to)


def test_handing_over_adds_to_the_spend_and_asks_for_the_three_day_call(
    vehicle, owner, open_order, drive, purposes
):
    order = drive(open_order(vehicle), *FLOW)
    assert order.handed_over_on == timezone.localdate()
    spend = CustomerSpend.objects.get(customer=owner)
    assert (spend.total, spend.orders) == (Decimal("300.00"), 1)
    assert f"service.repairorder:{order.pk}" in purposes("repair_closed")
    assert TimelineEntry.objects.filter(kind="service_order_handed_over", ref_id=order.pk).exists()
    second = drive(open_order(vehicle, km=15000), *FLOW)
    spend.refresh_from_db()
    assert (spend.total, spend.orders, second.status) == (Decimal("600.00"), 2, "handed_over")


def test_a_handed_over_service_resets_the_next_due_km(vehicle, open_order, drive, plan):
    drive(open_order(vehicle, km=5200, service_type="first_service"), *FLOW)
    due_on = VehicleDue.objects.get(vehicle=vehicle).next_service_due_on
    # next service at 15,200 km or 12 months after today, whichever first
    assert timezone.localdate() < due_on <= timezone.localdate() + timedelta(days=366)


def test_from_an_appointment_the_booking_is_marked_arrived(vehicle, actor, advisor):
    from dealercrm.service.services import appointment_book

    appointment = appointment_book(actor=actor, vehicle=vehicle, on=timezone.localdate(), half_day="am")
    order = order_open(
        actor=actor, vehicle=vehicle, km=3000, service_type="first_service", appointment=appointment
    )
    appointment.refresh_from_db()
    assert appointment.status == "arrived" and order.appointment_id == appointment.pk
    with pytest.raises(ValidationError):
        order_open(actor=actor, vehicle=vehicle, km=3000, service_type="maintenance", appointment=appointment)


def test_another_dealers_vehicle_cannot_be_checked_in(other_vehicle, actor):
    from django.http import Http404

    with pytest.raises(Http404):
        order_open(actor=actor, vehicle=other_vehicle, km=100, service_type="maintenance")
