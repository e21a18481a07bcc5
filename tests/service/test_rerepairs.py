"""Re-repairs (返修): the same vehicle back for the same concern within 30 days, and the rates they make."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dealercrm.service.models import RepairOrder
from dealercrm.service.selectors import fix_rates

pytestmark = pytest.mark.django_db
FLOW = ["in_progress", "quality_check", "ready", "handed_over"]


def handed_over(order, days_ago: int):
    RepairOrder.objects.filter(pk=order.pk).update(
        handed_over_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_a_comeback_for_the_same_concern_within_30_days_is_flagged(vehicle, open_order, drive):
    first = drive(open_order(vehicle, km=10000, service_type="minor_repair", concern="brakes"), *FLOW)
    handed_over(first, 30)
    again = open_order(vehicle, km=10500, service_type="minor_repair", concern="brakes")
    assert again.rerepair_of_id == first.pk


def test_after_30_days_or_for_another_concern_it_is_a_new_repair(vehicle, open_order, drive):
    first = drive(open_order(vehicle, km=10000, service_type="minor_repair", concern="brakes"), *FLOW)
    handed_over(first, 31)
    late = drive(open_order(vehicle, km=10500, service_type="minor_repair", concern="brakes"), *FLOW)
    assert late.rerepair_of_id is None
    other = open_order(vehicle, km=10600, service_type="major_repair", concern="engine")
    assert other.rerepair_of_id is None


def test_a_service_visit_is_never_a_rerepair_unless_the_advisor_says_so(vehicle, open_order, drive):
    first = drive(open_order(vehicle, km=10000, service_type="minor_repair", concern="noise"), *FLOW)
    routine = drive(open_order(vehicle, km=10100, service_type="maintenance", concern="noise"), *FLOW)
    assert routine.rerepair_of_id is None
    said = open_order(vehicle, km=10200, service_type="maintenance", concern="other", comeback=True)
    assert said.rerepair_of_id == first.pk


def test_first_time_fix_and_rerepair_rates_per_dealer_and_advisor(vehicle, open_order, drive, actor, advisor):
    fixed = drive(open_order(vehicle, km=10000, service_type="minor_repair", concern="brakes"), *FLOW)
    comeback = drive(open_order(vehicle, km=10100, service_type="minor_repair", concern="brakes"), *FLOW)
    drive(open_order(vehicle, km=10200, service_type="warranty", concern="electrical"), *FLOW)
    today = timezone.localdate()
    per_dealer, per_advisor = fix_rates(actor, start=today - timedelta(days=30), end=today)
    (row,) = per_dealer
    assert (row.key, row.repairs, row.came_back, row.rerepairs) == ("D01", 3, 1, 1)
    assert row.first_time_fix_rate == pytest.approx(2 / 3) and row.rerepair_rate == pytest.approx(1 / 3)
    assert per_advisor[0].key == advisor and per_advisor[0].repairs == 3
    assert comeback.rerepair_of_id == fixed.pk


def test_the_rates_page_shows_percentages(client_for, gm, vehicle, open_order, drive):
    drive(open_order(vehicle, km=10000, service_type="minor_repair", concern="brakes"), *FLOW)
    drive(open_order(vehicle, km=10100, service_type="minor_repair", concern="brakes"), *FLOW)
    html = client_for(gm).get(reverse("service:rates")).content.decode()
    assert "D01" in html and "50%" in html


def test_the_rates_page_has_an_empty_state(client_for, gm):
    assert "No repair was handed over" in client_for(gm).get(reverse("service:rates")).content.decode()
