"""Escalation: the daily job for a given business date, and the alarm on urgent complaints and public incidents."""

from datetime import date

import pytest

from dealercrm.complaints import services
from dealercrm.complaints.choices import Step
from dealercrm.complaints.models import Notification
from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.core.models import JobRun
from dealercrm.org.roles import Role
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def coc(dealer, make_user):
    return make_user("d01-coc", [Role.COC_MANAGER], dealer)


@pytest.fixture
def classified(intake, gm, actor_of):
    """General, received Monday 16 Nov 10:00 (resolution due Thursday 19 Nov 10:00), first response given."""
    complaint = intake(received_at=at(2026, 11, 16))
    return services.complaint_classify(
        actor=actor_of(gm), complaint=complaint, complaint_type="after_sales", severity="general"
    )


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_job_is_registered():
    assert "complaints.escalate" in registered_jobs()


def test_nothing_happens_while_the_deadline_is_far(classified, coc):
    assert services.escalate_due(on=date(2026, 11, 18)) == {"near": 0, "breached": 0, "notifications": 0}
    classified.refresh_from_db()
    assert classified.handling_level == 1 and classified.escalation == ""


def test_on_the_due_day_the_coc_manager_takes_over_and_hears_of_it(classified, coc, gm):
    result = services.escalate_due(on=date(2026, 11, 19))
    classified.refresh_from_db()
    assert result["near"] == 1 and classified.escalation == "near" and classified.handling_level == 2
    assert kinds(coc) == ["near"] and kinds(gm) == []
    assert classified.events.filter(kind="escalated").count() == 1


def test_after_the_deadline_the_gm_takes_over(classified, coc, gm):
    services.escalate_due(on=date(2026, 11, 19))
    result = services.escalate_due(on=date(2026, 11, 20))
    classified.refresh_from_db()
    assert result["breached"] == 1 and classified.escalation == "breached" and classified.handling_level == 3
    assert kinds(coc) == ["breached", "near"] and kinds(gm) == ["breached"]


def test_running_the_same_date_twice_changes_nothing(classified, coc, gm):
    services.escalate_due(on=date(2026, 11, 20))
    before = Notification.objects.count()
    assert services.escalate_due(on=date(2026, 11, 20)) == {"near": 0, "breached": 0, "notifications": 0}
    assert services.escalate_due(on=date(2026, 11, 21))["breached"] == 0
    assert Notification.objects.count() == before
    assert classified.events.filter(kind="escalated").count() == 1


def test_a_first_response_not_given_in_time_escalates_too(intake, coc, gm):
    complaint = intake(received_at=at(2026, 11, 16))  # first response due Tuesday 17 Nov 10:00
    assert services.escalate_due(on=date(2026, 11, 16))["near"] == 0
    assert services.escalate_due(on=date(2026, 11, 17))["near"] == 1
    assert services.escalate_due(on=date(2026, 11, 18))["breached"] == 1
    complaint.refresh_from_db()
    assert complaint.handling_level == 3


def test_resolved_and_archived_complaints_are_left_alone(intake, walk, coc):
    resolved = walk(intake(received_at=at(2026, 11, 16)), Step.IMPLEMENTED)
    archived = walk(intake(received_at=at(2026, 11, 16)), Step.ARCHIVED)
    assert services.escalate_due(on=date(2026, 12, 31)) == {"near": 0, "breached": 0, "notifications": 0}
    for complaint in (resolved, archived):
        complaint.refresh_from_db()
        assert complaint.escalation == ""


def test_each_dealer_hears_only_of_its_own(
    classified, coc, other_dealer, make_user, make_customer, intake, other_agent
):
    other_coc = make_user("d02-coc", [Role.COC_MANAGER], other_dealer)
    theirs = intake(
        received_at=at(2026, 11, 16),
        who=other_agent,
        dealer_=other_dealer,
        for_customer=make_customer(other_dealer, name="李四", mobile="13700000000"),
    )
    services.escalate_due(on=date(2026, 11, 20))
    assert set(Notification.objects.filter(recipient=other_coc).values_list("complaint", flat=True)) == {
        theirs.pk
    }
    assert set(Notification.objects.filter(recipient=coc).values_list("complaint", flat=True)) == {
        classified.pk
    }


def test_it_runs_as_a_daily_job_for_a_given_date(classified, coc):
    results = dict(run_daily_jobs(date(2026, 11, 19), only=["complaints.escalate"]))
    assert results["complaints.escalate"]["near"] == 1
    assert JobRun.objects.get(name="complaints.escalate").ok


def test_an_urgent_complaint_alerts_the_gm_and_group_hq_at_once(intake, gm, hq, coc):
    complaint = intake(severity="urgent")
    assert set(complaint.notifications.values_list("recipient", "kind")) == {
        (gm.pk, "urgent"),
        (hq.pk, "urgent"),
    }
    assert kinds(coc) == []


def test_a_public_incident_alerts_the_gm_and_group_hq_at_once(intake, gm, hq):
    complaint = intake(public_incident=True)
    assert set(complaint.notifications.values_list("recipient", "kind")) == {
        (gm.pk, "public_incident"),
        (hq.pk, "public_incident"),
    }
    assert not intake().notifications.exists()


def test_classifying_as_urgent_alerts_them_then(intake, gm, hq, actor_of):
    complaint = intake()
    services.complaint_classify(
        actor=actor_of(gm), complaint=complaint, complaint_type="attitude", severity="urgent"
    )
    assert complaint.notifications.filter(recipient=hq, kind="urgent").exists()
