"""SLA deadlines on the Chinese working calendar: weekends, holidays, adjusted workdays, unknown years."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from dealercrm.complaints import services
from dealercrm.complaints.models import ComplaintPolicy
from dealercrm.complaints.sla import WorkdayCounter, deadlines_for, policy_for, time_left, unknown_years
from dealercrm.core.calendar import working_days_between
from dealercrm.core.models import CalendarYear
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db


def test_it_gives_a_general_complaint_three_working_days_across_the_weekend(intake):
    complaint = intake(severity="general", received_at=at(2026, 11, 20, 15))  # a Friday
    assert complaint.resolution_due == at(2026, 11, 25, 15)  # Mon, Tue, Wed
    assert complaint.first_response_due == at(2026, 11, 23, 15)


def test_it_gives_a_major_complaint_five_working_days(intake):
    complaint = intake(severity="major", received_at=at(2026, 11, 20, 15))
    assert complaint.resolution_due == at(2026, 11, 27, 15)


def test_an_urgent_complaint_gets_one_working_day_and_a_first_response_within_two_hours(intake):
    complaint = intake(severity="urgent", received_at=at(2026, 11, 21, 10))  # a Saturday
    assert complaint.resolution_due == at(2026, 11, 23, 10)
    assert complaint.first_response_due == at(2026, 11, 21, 12)


def test_it_skips_the_national_day_holidays_and_counts_the_make_up_saturday(intake):
    complaint = intake(severity="general", received_at=at(2026, 9, 30))
    # 1-7 October off; 8 and 9 October are working days, Saturday 10 October is a make-up workday
    assert complaint.resolution_due == at(2026, 10, 10)
    assert complaint.first_response_due == at(2026, 10, 8)


def test_it_counts_the_spring_festival_make_up_saturday_as_a_working_day(intake):
    complaint = intake(severity="general", received_at=at(2026, 2, 13))  # Friday before the festival
    assert complaint.first_response_due == at(2026, 2, 14)  # Saturday, a working day (调休)
    assert complaint.resolution_due == at(2026, 2, 25)  # 14 Feb, then 24 and 25 Feb after the holiday


def test_a_year_without_data_falls_back_to_monday_to_friday_and_is_reported(db):
    policy = ComplaintPolicy()
    due = deadlines_for(at(2027, 2, 5), "general", policy)  # Friday; Spring Festival 2027 not on record
    assert due.resolution_due == at(2027, 2, 10)
    assert unknown_years([due.resolution_due]) == [2027]
    assert unknown_years([at(2026, 5, 6)]) == []


def test_the_complaint_page_warns_when_the_deadlines_year_is_not_on_record(intake, client_for, agent):
    complaint = intake(received_at=at(2026, 11, 20, 15))
    url = reverse("complaints:detail", args=[complaint.pk])
    assert "calendar-warning" not in client_for(agent).get(url).content.decode()
    CalendarYear.objects.filter(year=2026).delete()
    html = client_for(agent).get(url).content.decode()
    assert "calendar-warning" in html and "2026 is not on record" in html
    assert "calendar-warning" in client_for(agent).get(reverse("complaints:list")).content.decode()


def test_the_service_levels_are_configurable_per_dealer_group(dealer, intake):
    ComplaintPolicy.objects.create(group=dealer.group, general_days=2, urgent_first_response_hours=4)
    assert intake(received_at=at(2026, 11, 20, 15)).resolution_due == at(2026, 11, 24, 15)
    assert intake(severity="urgent", received_at=at(2026, 11, 20, 9)).first_response_due == at(
        2026, 11, 20, 13
    )
    assert policy_for(dealer).compensation_threshold == 2000


def test_classifying_with_another_severity_moves_the_deadlines_from_receipt(intake, manager, actor_of):
    complaint = intake(severity="general", received_at=at(2026, 11, 20, 15))
    complaint = services.complaint_classify(
        actor=actor_of(manager), complaint=complaint, complaint_type="product_quality", severity="major"
    )
    assert complaint.resolution_due == at(2026, 11, 27, 15)
    assert complaint.first_responded_at is not None


def test_the_bulk_counter_agrees_with_the_calendar(db):
    counter = WorkdayCounter(date(2026, 1, 1), date(2026, 12, 31))
    starts = [date(2026, 1, 1), date(2026, 2, 12), date(2026, 9, 30), date(2026, 11, 20)]
    for start in starts:
        for span in (0, 1, 3, 9, 40):
            end = min(start + timedelta(days=span), date(2026, 12, 31))
            assert counter.between(start, end) == working_days_between(start, end), (start, end)


def test_time_left_reads_in_working_days_hours_or_overdue(db):
    counter = WorkdayCounter(date(2026, 11, 1), date(2026, 12, 31))
    friday = at(2026, 11, 20, 9)
    assert time_left(at(2026, 11, 25, 15), friday, counter).text == "3 working days left"
    assert time_left(at(2026, 11, 25, 15), friday, counter).state == "ok"
    assert time_left(at(2026, 11, 20, 15), friday, counter).text == "6 h left"
    assert time_left(at(2026, 11, 23, 8), friday, counter).state == "warn"
    assert time_left(at(2026, 11, 20, 7), friday, counter).text == "overdue by 2 h"
    assert time_left(at(2026, 11, 17, 7), friday, counter).text == "overdue by 3 working days"
    assert time_left(at(2026, 11, 17, 7), friday, counter, finished=True).state == "done"
