"""Grades and cadence: the next follow-up follows the grade's interval, overdue leads are listed, and a lead not
contacted for twice its interval drops one grade overnight (with a timeline entry)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.customers.models import TimelineEntry
from dealercrm.sales import selectors, services
from dealercrm.sales.choices import LeadStatus, Stage
from dealercrm.sales.models import Lead
from dealercrm.sales.selectors import LeadFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.mark.parametrize(("grade", "days"), [("H", 2), ("A", 4), ("B", 7), ("C", 14)])
def test_it_sets_the_next_follow_up_by_the_grades_default_interval(sales, make_lead, today, grade, days):
    lead = make_lead(sales, grade=grade)
    assert lead.next_follow_up_on == today + timedelta(days=days)
    assert lead.stage == Stage.CONTACTED and lead.first_contact_at is not None


def test_it_uses_the_dealers_own_intervals(sales, gm, dealer, make_lead, actor_of, today):
    services.sales_settings_update(
        actor=actor_of(gm), dealer=dealer, fields={"interval_h": 1, "interval_c": 30}
    )
    assert make_lead(sales, grade="H").next_follow_up_on == today + timedelta(days=1)
    assert make_lead(sales, grade="C").next_follow_up_on == today + timedelta(days=30)


def test_it_makes_an_uncontacted_lead_due_the_day_it_arrives(sales, make_lead, today):
    lead = make_lead(sales, grade="A", contacted=False)
    assert lead.next_follow_up_on == today
    assert lead.stage == Stage.NEW and lead.first_contact_at is None


def test_it_restarts_the_cadence_on_contact_and_not_on_a_note(sales, make_lead, actor_of, today):
    lead = make_lead(sales, grade="B", contacted=False)
    actor = actor_of(sales)
    services.activity_add(actor=actor, lead=lead, kind="note", notes="Sent the brochure by mail")
    lead.refresh_from_db()
    assert lead.next_follow_up_on == today and lead.stage == Stage.NEW
    services.activity_add(actor=actor, lead=lead, kind="call", notes="Wants a test drive", grade="A")
    lead.refresh_from_db()
    assert (lead.grade, lead.next_follow_up_on, lead.stage) == (
        "A",
        today + timedelta(days=4),
        Stage.CONTACTED,
    )
    chosen = today + timedelta(days=10)
    services.activity_add(
        actor=actor, lead=lead, kind="visit", notes="Back after the holiday", next_follow_up_on=chosen
    )
    lead.refresh_from_db()
    assert lead.next_follow_up_on == chosen
    kinds = list(TimelineEntry.objects.filter(customer=lead.customer).values_list("kind", flat=True))
    assert kinds.count("sales_activity") == 3 and "lead_graded" in kinds


def test_it_refuses_an_activity_in_the_future_or_without_notes(sales, lead, actor_of):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.activity_add(actor=actor_of(sales), lead=lead, kind="call", notes=" ")
    assert "notes" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.activity_add(
            actor=actor_of(sales),
            lead=lead,
            kind="call",
            notes="x",
            occurred_at=timezone.now() + timedelta(hours=2),
        )
    assert "occurred_at" in caught.value.message_dict


def test_it_lists_overdue_leads_and_my_follow_ups_today(sales, colleague, make_lead, actor_of, today):
    late = make_lead(sales, grade="H")
    due = make_lead(sales, grade="H")
    later = make_lead(sales, grade="C")
    theirs = make_lead(colleague, grade="H")
    Lead.objects.filter(pk__in=[late.pk, theirs.pk]).update(next_follow_up_on=today - timedelta(days=3))
    Lead.objects.filter(pk=due.pk).update(next_follow_up_on=today)
    actor = actor_of(sales)
    overdue = selectors.lead_list(actor, LeadFilters(due="overdue"))
    assert list(overdue) == [late]
    day = selectors.my_day(actor, today)
    assert day.overdue == [late] and day.due_today == [due]
    assert later not in day.due_today


def _contacted_days_ago(lead, days: int, today):
    Lead.objects.filter(pk=lead.pk).update(cadence_from=today - timedelta(days=days))


def test_it_downgrades_a_lead_not_contacted_for_twice_its_interval(sales, make_lead, today):
    lead = make_lead(sales, grade="H")  # every 2 days: downgraded after 4 days without contact
    assert services.downgrade_stale_leads(today + timedelta(days=3))["H->A"] == 0
    assert services.downgrade_stale_leads(today + timedelta(days=4))["H->A"] == 1
    lead.refresh_from_db()
    assert lead.grade == "A" and lead.cadence_from == today + timedelta(days=4)
    entry = TimelineEntry.objects.get(customer=lead.customer, kind="lead_downgraded")
    assert entry.summary == "H → A: not contacted for 4 days" and entry.ref_id == lead.pk
    # Idempotent: the same date again changes nothing.
    assert services.downgrade_stale_leads(today + timedelta(days=4)) == {"H->A": 0, "A->B": 0, "B->C": 0}
    # A (every 4 days) drops to B 8 days later, B (7) to C 14 days after that; C is the floor.
    services.downgrade_stale_leads(today + timedelta(days=11))
    lead.refresh_from_db()
    assert lead.grade == "A"
    services.downgrade_stale_leads(today + timedelta(days=12))
    services.downgrade_stale_leads(today + timedelta(days=26))
    services.downgrade_stale_leads(today + timedelta(days=200))
    lead.refresh_from_db()
    assert lead.grade == "C"
    assert TimelineEntry.objects.filter(customer=lead.customer, kind="lead_downgraded").count() == 3


def test_a_contact_resets_the_downgrade_clock(sales, make_lead, actor_of, today):
    lead = make_lead(sales, grade="H")
    _contacted_days_ago(lead, 3, today)
    services.activity_add(actor=actor_of(sales), lead=lead, kind="call", notes="Still keen")
    services.downgrade_stale_leads(today + timedelta(days=3))
    lead.refresh_from_db()
    assert lead.grade == "H"


def test_it_downgrades_with_each_dealers_own_interval(
    sales, other_sales, gm, dealer, make_lead, actor_of, today
):
    services.sales_settings_update(actor=actor_of(gm), dealer=dealer, fields={"interval_h": 1})
    ours, theirs = make_lead(sales, grade="H"), make_lead(other_sales, grade="H")
    services.downgrade_stale_leads(today + timedelta(days=2))
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.grade, theirs.grade) == ("A", "H")


def test_it_leaves_ordered_and_lost_leads_alone(sales, make_lead, place_order, today):
    lead = make_lead(sales, grade="H")
    place_order(sales, lead)
    Lead.objects.filter(pk=lead.pk).update(cadence_from=today - timedelta(days=100))
    services.downgrade_stale_leads(today)
    lead.refresh_from_db()
    assert (lead.grade, lead.status) == ("H", LeadStatus.ORDERED)


def test_the_daily_job_is_registered_and_costs_the_same_for_many_leads(
    sales, make_lead, today, django_assert_max_num_queries
):
    assert "sales.downgrade" in registered_jobs()
    leads = [make_lead(sales, grade="H") for _ in range(25)]
    Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(cadence_from=today - timedelta(days=30))
    with django_assert_max_num_queries(20):
        [(_name, result)] = run_daily_jobs(today, only=["sales.downgrade"])
    assert result["H->A"] == 25
    assert TimelineEntry.objects.filter(kind="lead_downgraded").count() == 25
