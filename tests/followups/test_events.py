"""record_event / record_events: rules, occurrences, idempotency, consolidation, consent, expiry."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from dealercrm.core.calendar import add_working_days
from dealercrm.customers.services import consent_set
from dealercrm.followups.choices import ClosedReason, EventKind, PurposeStatus
from dealercrm.followups.models import FollowUpRule, FollowUpTask, Questionnaire, TaskPurpose
from dealercrm.followups.services import record_event, record_events, rule_update, rules_ensure_defaults
from tests.followups.conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_it_gives_a_dealer_default_rules_for_every_event_kind_on_first_event(dealer, customer):
    assert not FollowUpRule.objects.filter(dealer=dealer).exists()
    record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="test:1")
    kinds = set(FollowUpRule.objects.filter(dealer=dealer).values_list("event_kind", flat=True))
    assert kinds == set(EventKind.values)
    assert set(Questionnaire.objects.filter(dealer=dealer).values_list("code", flat=True)) >= {
        "csi_sales",
        "ssi",
    }
    assert rules_ensure_defaults(dealer=dealer) == 0  # idempotent


def test_it_turns_a_delivery_into_3dc_7dc_and_quarterly_care_calls(customer, car):
    purposes = record_event(
        kind=EventKind.DELIVERY, customer=customer, vehicle=car, occurred_on=MONDAY, source="sales.delivery:1"
    )
    by_code = {}
    for p in purposes:
        by_code.setdefault(p.purpose_code, []).append(p)
    assert by_code["3DC"][0].due_on == MONDAY + timedelta(days=3)
    assert by_code["3DC"][0].window_end == MONDAY + timedelta(days=4)  # Thursday + 1 working day
    assert by_code["3DC"][0].questionnaire_code == "csi_sales"
    assert by_code["7DC"][0].due_on == MONDAY + timedelta(days=7)
    care = sorted(p.due_on for p in by_code["CARE"])
    assert care == [MONDAY + timedelta(days=d) for d in range(90, 721, 90)]
    assert all(p.status == PurposeStatus.OPEN and p.task_id for p in purposes)
    assert {p.vehicle_id for p in purposes} == {car.pk}


def test_it_puts_the_first_service_reminder_seven_days_before_the_due_date(customer, car):
    due = MONDAY + timedelta(days=14)
    [purpose] = record_event(
        kind=EventKind.FIRST_SERVICE_DUE, customer=customer, vehicle=car, occurred_on=due, source="svc:9:x"
    )
    assert purpose.due_on == due - timedelta(days=7)
    assert purpose.window_end == add_working_days(purpose.due_on, 5)


def test_it_records_the_same_event_only_once(customer):
    first = record_event(kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=MONDAY, source="ro:17")
    again = record_event(kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=MONDAY, source="ro:17")
    assert len(first) == 1 and again == []
    assert TaskPurpose.objects.filter(source="ro:17").count() == 1
    assert record_events(kind=EventKind.REPAIR_CLOSED, events=[(customer.pk, None, MONDAY, "ro:17")]) == 0


def test_it_merges_purposes_whose_windows_overlap_into_one_call(customer):
    [repair] = record_event(
        kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=MONDAY, source="ro:1"
    )
    # repair: Thursday .. Monday; complaint closed Tuesday: Thursday .. Monday as well
    [complaint] = record_event(
        kind=EventKind.COMPLAINT_CLOSED,
        customer=customer,
        occurred_on=MONDAY + timedelta(days=1),
        source="c:1",
    )
    assert complaint.task_id == repair.task_id
    task = FollowUpTask.objects.get(pk=repair.task_id)
    assert task.purposes.count() == 2
    assert task.priority == 90  # the higher of the two
    assert task.due_on == MONDAY + timedelta(days=3)
    assert task.window_end == min(repair.window_end, complaint.window_end)


def test_it_narrows_the_task_window_to_the_overlap(customer):
    [first] = record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="x:1")
    # custom: due Monday, 3 working days → Thursday. The second is due Wednesday → Monday.
    [second] = record_event(
        kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY + timedelta(days=2), source="x:2"
    )
    task = FollowUpTask.objects.get(pk=first.task_id)
    assert second.task_id == task.pk
    assert (task.due_on, task.window_end) == (MONDAY + timedelta(days=2), MONDAY + timedelta(days=3))


def test_it_starts_a_new_call_when_the_windows_do_not_overlap(customer):
    [first] = record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="x:1")
    [later] = record_event(
        kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY + timedelta(days=4), source="x:2"
    )
    assert later.task_id != first.task_id


def test_it_does_not_merge_into_a_task_already_done_or_another_customers(customer, dealer, make_customer):
    [first] = record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="x:1")
    FollowUpTask.objects.filter(pk=first.task_id).update(status="done")
    [second] = record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="x:2")
    neighbour = make_customer(dealer, name="韩梅梅", mobile="13900002222")
    [third] = record_event(kind=EventKind.CUSTOM, customer=neighbour, occurred_on=MONDAY, source="x:3")
    assert len({first.task_id, second.task_id, third.task_id}) == 3


def test_it_does_not_merge_calls_worked_by_different_roles(customer):
    [lead] = record_event(kind=EventKind.LEAD_FOLLOW_UP, customer=customer, occurred_on=MONDAY, source="l:1")
    [custom] = record_event(kind=EventKind.CUSTOM, customer=customer, occurred_on=MONDAY, source="x:1")
    assert lead.task_id != custom.task_id
    assert lead.task.role == "sales_consultant"


def test_it_closes_the_purpose_when_the_customer_withdrew_phone_consent(customer, system):
    consent_set(actor=system, customer=customer, channel="phone", granted=False, source="hotline")
    [purpose] = record_event(
        kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=MONDAY, source="ro:2"
    )
    assert purpose.status == PurposeStatus.CLOSED
    assert purpose.closed_reason == ClosedReason.NO_PHONE_CONSENT
    assert purpose.task_id is None
    assert not FollowUpTask.objects.filter(customer=customer).exists()


def test_it_closes_purposes_whose_window_passed_before_the_event_was_recorded(customer):
    long_ago = timezone.localdate() - timedelta(days=400)
    purposes = record_event(kind=EventKind.DELIVERY, customer=customer, occurred_on=long_ago, source="d:old")
    expired = [p for p in purposes if p.closed_reason == ClosedReason.EXPIRED]
    still = [p for p in purposes if p.status == PurposeStatus.OPEN]
    assert {p.purpose_code for p in expired} >= {"3DC", "7DC", "CARE"}
    assert still and all(p.purpose_code == "CARE" and p.window_end >= timezone.localdate() for p in still)


def test_it_applies_an_edited_rule_and_skips_inactive_ones(customer, dealer, system):
    rules_ensure_defaults(dealer=dealer)
    rule = FollowUpRule.objects.get(dealer=dealer, event_kind=EventKind.REPAIR_CLOSED)
    rule_update(actor=system, rule=rule, fields={"offset_days": 5, "priority": 99})
    [purpose] = record_event(
        kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=MONDAY, source="ro:3"
    )
    assert (purpose.due_on, purpose.priority) == (MONDAY + timedelta(days=5), 99)
    rule_update(actor=system, rule=rule, fields={"is_active": False})
    assert (
        record_event(kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=MONDAY, source="ro:4") == []
    )


def test_it_rejects_an_unknown_kind_and_another_dealers_customer(customer, other_agent, actor_of):
    with pytest.raises(ValidationError):
        record_event(kind="wedding", customer=customer, occurred_on=MONDAY, source="w:1")
    with pytest.raises(Http404):
        record_event(
            kind=EventKind.CUSTOM,
            customer=customer,
            occurred_on=MONDAY,
            source="w:2",
            actor=actor_of(other_agent),
        )


def test_it_records_events_in_bulk_with_the_same_rules(dealer, other_dealer, make_customer, customer):
    others = [make_customer(other_dealer, name=f"客户{i}", mobile=f"1370000000{i}") for i in range(3)]
    events = [(c.pk, None, MONDAY, f"svc:{c.pk}") for c in [customer, *others]]
    events.append((customer.pk, None, MONDAY + timedelta(days=1), f"svc:{customer.pk}:b"))  # joins the first
    assert record_events(kind=EventKind.SERVICE_DUE, events=events) == 5
    assert record_events(kind=EventKind.SERVICE_DUE, events=events) == 0
    assert FollowUpTask.objects.filter(customer=customer).count() == 1
    assert FollowUpTask.objects.filter(dealer=other_dealer).count() == 3
    assert FollowUpRule.objects.filter(dealer=other_dealer).exists()


def test_it_joins_a_bulk_purpose_to_an_existing_open_task(customer):
    [single] = record_event(kind=EventKind.SERVICE_DUE, customer=customer, occurred_on=MONDAY, source="s:1")
    record_events(
        kind=EventKind.INSPECTION_DUE, events=[(customer.pk, None, MONDAY + timedelta(days=8), "i:1")]
    )
    task = FollowUpTask.objects.get(pk=single.task_id)
    assert sorted(task.purposes.values_list("purpose_code", flat=True)) == ["INSP", "SVR"]


def test_batch_windows_count_working_days_like_the_calendar_across_holidays(db):
    from datetime import date

    from dealercrm.followups.services.events import _Windows

    windows = _Windows()
    windows.prepare(date(2026, 1, 1), date(2026, 12, 31))
    for offset in range(0, 365, 3):
        day = date(2026, 1, 1) + timedelta(days=offset)
        for days in (1, 2, 5, 10):
            assert windows.end(day, days) == add_working_days(day, days), (day, days)
