"""The analysis page: counts, SLA compliance, resolution time in working days, repeat complainants, causes."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from dealercrm.complaints.analysis import complaint_analysis
from dealercrm.complaints.choices import Step
from dealercrm.complaints.models import Complaint
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(intake, walk, make_customer, dealer, other_dealer, other_agent):
    """Three complaints of one customer, one of another; one of another dealer."""
    first = walk(intake(received_at=at(2026, 11, 2), complaint_type="product_quality"), Step.ARCHIVED)
    second = walk(intake(received_at=at(2026, 11, 3), severity="major"), Step.IMPLEMENTED)
    third = intake(received_at=at(2026, 10, 9), complaint_type="attitude")
    stranger = intake(
        for_customer=make_customer(dealer, name="路人甲", mobile="13600000003"), received_at=at(2026, 11, 5)
    )
    theirs = intake(
        who=other_agent,
        dealer_=other_dealer,
        for_customer=make_customer(other_dealer, name="外店", mobile="13600000004"),
        received_at=at(2026, 11, 4),
    )
    # Resolved on known dates: 2 Nov (Mon) -> 5 Nov (Thu) is 3 working days; 3 Nov -> 13 Nov is 8.
    Complaint.objects.filter(pk=first.pk).update(resolved_at=at(2026, 11, 5), sla_met=True)
    Complaint.objects.filter(pk=second.pk).update(resolved_at=at(2026, 11, 13), sla_met=False)
    return first, second, third, stranger, theirs


def test_it_counts_by_type_severity_and_month(history, agent, actor_of):
    result = complaint_analysis(actor_of(agent), date_from=date(2026, 1, 1), date_to=date(2026, 11, 30))
    assert result.total == 4 and result.open == 3
    assert dict(result.by_type) == {"After-sales service": 2, "Product quality": 1, "Staff attitude": 1}
    assert dict(result.by_severity) == {"General": 3, "Major": 1}
    assert dict(result.by_month) == {"2026-10": 1, "2026-11": 3}
    assert dict(result.top_causes) == {"Workmanship": 2}


def test_it_measures_sla_compliance_and_resolution_time_in_working_days(history, agent, actor_of):
    result = complaint_analysis(actor_of(agent), date_from=date(2026, 1, 1), date_to=date(2026, 11, 30))
    assert (result.resolved, result.resolved_in_time, result.sla_compliance) == (2, 1, 50)
    assert result.average_working_days == 5.5  # (3 + 8) / 2


def test_it_finds_repeat_complainants(history, agent, actor_of):
    result = complaint_analysis(actor_of(agent), date_from=date(2026, 1, 1), date_to=date(2026, 11, 30))
    assert [(r["customer__name"], r["n"]) for r in result.repeat_complainants] == [("王小明", 3)]


def test_group_hq_sees_every_dealer_and_can_pick_one(history, hq, other_dealer, actor_of):
    everyone = complaint_analysis(actor_of(hq), date_from=date(2026, 1, 1), date_to=date(2026, 11, 30))
    assert everyone.total == 5 and len(everyone.by_dealer) == 2
    one = complaint_analysis(
        actor_of(hq), date_from=date(2026, 1, 1), date_to=date(2026, 11, 30), dealer_id=other_dealer.pk
    )
    assert one.total == 1


def test_the_page_draws_the_charts_inline(history, client_for, manager):
    response = client_for(manager).get(
        reverse("complaints:analysis"), {"date_from": "2026-01-01", "date_to": "2026-11-30"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<svg") >= 4
    assert "After-sales service" in html and "王小明" in html and "50%" in html
    assert "cdn" not in html.lower() and "<script" not in html.split("</head>")[1]


def test_the_page_works_on_an_empty_period_and_refuses_a_backwards_one(client_for, manager, db):
    html = client_for(manager).get(reverse("complaints:analysis")).content.decode()
    assert "No complaints in this period." in html
    today = timezone.localdate()
    html = (
        client_for(manager)
        .get(reverse("complaints:analysis"), {"date_from": str(today), "date_to": "2020-01-01"})
        .content.decode()
    )
    assert "The end comes before the start." in html
