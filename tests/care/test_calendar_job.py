"""The daily care job: each active rule turns the day's occasions into messages or follow-up purposes, once.

(Birthday and anniversary calls moved here from the follow-up engine's old "followups.care" job; their purposes
keep the source keys that job used.)
"""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dealercrm.care.choices import CareAction, Occasion
from dealercrm.core.jobs import registered_jobs
from dealercrm.followups.choices import EventKind
from dealercrm.followups.models import FollowUpRule, TaskPurpose
from dealercrm.followups.services import record_events, rules_ensure_defaults
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.messaging.models import OutboundMessage
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db

JOB_DAY = date(2027, 3, 1)  # a fixed business date ahead: these events are never expired


def _calls_on(dealer, kind):
    rules_ensure_defaults(dealer=dealer)
    FollowUpRule.objects.filter(dealer=dealer, event_kind=kind).update(is_active=True)


def test_the_care_job_is_registered_and_the_old_one_is_gone():
    assert "care.calendar" in registered_jobs()
    assert "followups.care" not in registered_jobs()


def test_a_new_dealer_gets_its_default_rules_on_the_first_run(dealer, run_care):
    from dealercrm.care.models import CareRule

    run_care(JOB_DAY)
    rules = {(r.occasion, r.action): r for r in CareRule.objects.filter(dealer=dealer)}
    assert rules[(Occasion.BIRTHDAY, CareAction.MESSAGE)].template.code == "birthday"
    assert rules[(Occasion.BIRTHDAY, CareAction.MESSAGE)].lunar_template.code == "lunar_birthday"
    assert rules[(Occasion.ANNIVERSARY, CareAction.CALL)].is_active
    assert rules[(Occasion.FESTIVAL_SPRING, CareAction.MESSAGE)].is_active
    assert rules[(Occasion.FESTIVAL_MID_AUTUMN, CareAction.MESSAGE)].is_active
    assert not rules[(Occasion.FESTIVAL_NATIONAL_DAY, CareAction.MESSAGE)].is_active
    assert rules[(Occasion.INSURANCE, CareAction.CALL)].is_active
    assert rules[(Occasion.INSPECTION, CareAction.MESSAGE)].template.code == "inspection_due"


def test_it_sends_a_birthday_sms_on_the_day_once(dealer, rules, make_customer, run_care):
    fan = make_customer(dealer, name="生日", mobile="13700001234", birthday=date(1990, 3, 1))
    make_customer(dealer, name="明天", mobile="13700001235", birthday=date(1990, 3, 2))
    result = run_care(JOB_DAY)
    assert result["birthday_messages"] == 1
    message = OutboundMessage.objects.get()
    assert (message.customer_id, message.source_key) == (fan.pk, f"care:birthday:{fan.pk}:2027")
    assert message.template.code == "birthday"
    assert message.send_after.date() == JOB_DAY
    assert run_care(JOB_DAY)["messages"] == 0  # re-running the date queues nothing twice


@pytest.mark.parametrize(
    "greeted", [date(2024, 9, 17), date(2025, 10, 6), date(2026, 9, 25), date(2027, 9, 15)]
)
def test_a_lunar_birthday_gets_the_lunar_template_on_its_lunar_day(
    dealer, rules, make_customer, run_care, greeted
):
    lunar = make_customer(
        dealer, name="农历", mobile="13700001236", birthday=date(1990, 10, 3), birthday_calendar="lunar"
    )
    make_customer(dealer, name="公历", mobile="13700001237", birthday=date(1990, 10, 3))
    assert run_care(greeted)["birthday_messages"] == 1
    message = OutboundMessage.objects.get()
    assert message.customer_id == lunar.pk
    assert message.template.code == "lunar_birthday"
    assert message.source_key == f"care:birthday:{lunar.pk}:{greeted.year}"


def test_birthday_calls_are_off_until_a_manager_switches_them_on(
    dealer, make_customer, make_vehicle, only_rule, run_care
):
    only_rule(Occasion.BIRTHDAY, CareAction.CALL, lead=2)
    make_customer(dealer, name="生日", mobile="13700001234", birthday=date(1990, 3, 3))
    assert run_care(JOB_DAY)["purposes"] == 0  # the follow-up rule BDAY starts inactive
    _calls_on(dealer, EventKind.CARE_BIRTHDAY)
    assert run_care(JOB_DAY)["birthday_purposes"] == 1


def test_care_turns_birthdays_and_anniversaries_into_purposes_once(
    dealer, rules, make_customer, make_vehicle, run_care
):
    from dealercrm.care.models import CareRule

    CareRule.objects.filter(dealer=dealer, occasion=Occasion.BIRTHDAY).update(
        action=CareAction.CALL, lead_days=2, template=None, lunar_template=None
    )
    _calls_on(dealer, EventKind.CARE_BIRTHDAY)
    fan = make_customer(dealer, name="生日", mobile="13700001234", birthday=date(1990, 3, 3))
    make_customer(dealer, name="不是今天", mobile="13700001235", birthday=date(1990, 3, 21))
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    car = make_vehicle(
        dealer, owner=owner, purchased_on=date(2026, 3, 4)
    )  # the default anniversary call: 3 days ahead
    result = run_care(JOB_DAY)
    assert (result["birthday_purposes"], result["anniversary_purposes"]) == (1, 1)
    birthday = TaskPurpose.objects.get(event_kind=EventKind.CARE_BIRTHDAY)
    assert (birthday.customer_id, birthday.due_on) == (fan.pk, date(2027, 3, 3))
    assert birthday.source == f"customers.customer:{fan.pk}:birthday:2027"
    anniversary = TaskPurpose.objects.get(event_kind=EventKind.CARE_ANNIVERSARY)
    assert (anniversary.vehicle_id, anniversary.due_on) == (car.pk, date(2027, 3, 4))
    assert anniversary.source == f"vehicles.vehicle:{car.pk}:anniversary:2027"
    assert run_care(JOB_DAY)["purposes"] == 0


def test_purposes_the_old_follow_up_job_planned_are_not_planned_again(
    dealer, make_customer, make_vehicle, run_care, rules
):
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    car = make_vehicle(dealer, owner=owner, purchased_on=date(2026, 3, 4))
    record_events(  # what "followups.care" recorded before it was retired
        kind=EventKind.CARE_ANNIVERSARY,
        events=[(owner.pk, car.pk, date(2027, 3, 4), f"vehicles.vehicle:{car.pk}:anniversary:2027")],
    )
    assert run_care(JOB_DAY)["anniversary_purposes"] == 0
    assert TaskPurpose.objects.filter(event_kind=EventKind.CARE_ANNIVERSARY).count() == 1


def test_a_leap_day_birthday_is_celebrated_on_28_february(dealer, make_customer, only_rule, run_care):
    only_rule(Occasion.BIRTHDAY, CareAction.CALL, lead=3)
    _calls_on(dealer, EventKind.CARE_BIRTHDAY)
    make_customer(dealer, name="闰年", mobile="13700001237", birthday=date(1992, 2, 29))
    assert run_care(date(2027, 2, 25))["birthday_purposes"] == 1
    assert TaskPurpose.objects.get().due_on == date(2027, 2, 28)


def test_an_anniversary_message_names_the_purchase_date(
    dealer, make_customer, make_vehicle, only_rule, run_care
):
    rule = only_rule(Occasion.ANNIVERSARY, CareAction.MESSAGE)
    from dealercrm.messaging.models import MessageTemplate

    rule.template = MessageTemplate.objects.get(dealer=dealer, code="anniversary")
    rule.save()
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    car = make_vehicle(dealer, owner=owner, purchased_on=date(2024, 3, 1))
    assert run_care(JOB_DAY)["anniversary_messages"] == 1
    message = OutboundMessage.objects.get()
    assert (message.vehicle_id, message.context) == (car.pk, {"date": "2024-03-01"})


def _week_before(run_care, festival: date) -> dict:
    """Run the seven days up to a festival: each queues one slice of the owners."""
    totals: dict = {}
    for back in range(6, -1, -1):
        for key, n in run_care(festival - timedelta(days=back)).items():
            totals[key] = totals.get(key, 0) + n
    return totals


def test_the_mid_autumn_greeting_goes_to_every_owner_once(
    dealer, other_dealer, rules, make_customer, make_vehicle, run_care
):
    owners = [make_customer(dealer, name=f"车主{i}", mobile=f"1370000120{i}") for i in range(3)]
    for i, owner in enumerate(owners):
        make_vehicle(dealer, owner=owner, vin=VALID_VINS[i], plate=f"粤B1234{i}")
    make_customer(dealer, name="潜客", mobile="13700001299")  # a prospect: no greeting
    stranger = make_customer(other_dealer, name="别家", mobile="13700001298")
    make_vehicle(other_dealer, owner=stranger, vin=VALID_VINS[3], plate="粤A00001")
    assert run_care(date(2026, 9, 18))["messages"] == 0  # eight days before: nothing yet
    result = _week_before(run_care, date(2026, 9, 25))
    assert result["festival_mid_autumn_messages"] == 4  # both dealers have the default rule on
    mine = OutboundMessage.objects.filter(dealer=dealer)
    assert {m.customer_id for m in mine} == {o.pk for o in owners}
    assert {m.source_key for m in mine} == {f"care:festival_mid_autumn:2026:{o.pk}" for o in owners}
    assert {timezone.localtime(m.send_after) for m in mine} == {
        timezone.make_aware(datetime(2026, 9, 25, 9, 0))
    }  # all sent on the day, whichever day they were queued
    assert _week_before(run_care, date(2026, 9, 25))["messages"] == 0


def test_each_day_of_the_week_before_queues_one_slice(dealer, rules, make_customer, make_vehicle, run_care):
    owners = [make_customer(dealer, name=f"车主{i}", mobile=f"1370000130{i}") for i in range(4)]
    for i, owner in enumerate(owners):
        make_vehicle(dealer, owner=owner, vin=VALID_VINS[i], plate=f"粤B5678{i}")
    festival = date(2027, 2, 6)  # Spring Festival 2027
    for back in range(7):
        day = festival - timedelta(days=back)
        expected = sum(1 for o in owners if o.pk % 7 == back)
        assert run_care(day)["festival_spring_messages"] == expected, day


def test_festivals_switched_off_send_nothing(dealer, rules, make_customer, make_vehicle, run_care):
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    make_vehicle(dealer, owner=owner)
    assert _week_before(run_care, date(2026, 10, 1))["messages"] == 0  # National Day starts off
    assert _week_before(run_care, date(2027, 2, 6))["festival_spring_messages"] == 1  # Spring Festival 2027


def test_the_insurance_renewal_call_is_due_30_days_before_the_policy_ends(
    dealer, rules, make_customer, make_vehicle, run_care
):
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    car = make_vehicle(dealer, owner=owner)
    fields = {"customer": owner, "vehicle": car, "insurer": "平安", "premium": 3000}
    InsurancePolicy.objects.create(
        dealer=dealer, starts_on=date(2026, 5, 1), ends_on=date(2027, 4, 30), **fields
    )
    InsurancePolicy.objects.create(dealer=dealer, kind="compulsory", starts_on=date(2026, 5, 1),
                                   ends_on=date(2027, 4, 30), **fields)  # fmt: skip
    assert run_care(date(2027, 3, 30))["purposes"] == 0
    assert run_care(date(2027, 3, 31))["insurance_purposes"] == 1  # one call for both policies
    purpose = TaskPurpose.objects.get(event_kind=EventKind.INSURANCE_DUE)
    assert (purpose.vehicle_id, purpose.due_on) == (car.pk, date(2027, 3, 31))


def test_a_renewed_policy_gets_no_reminder(dealer, rules, make_customer, make_vehicle, run_care):
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    car = make_vehicle(dealer, owner=owner)
    fields = {"customer": owner, "vehicle": car, "insurer": "平安", "premium": 3000, "dealer": dealer}
    InsurancePolicy.objects.create(starts_on=date(2026, 5, 1), ends_on=date(2027, 4, 30), **fields)
    InsurancePolicy.objects.create(starts_on=date(2027, 5, 1), ends_on=date(2028, 4, 30), **fields)
    assert run_care(date(2027, 3, 31))["purposes"] == 0


def test_the_inspection_reminder_goes_15_days_before_it_is_due(
    dealer, rules, make_customer, make_vehicle, run_care
):
    owner = make_customer(dealer, name="车主", mobile="13700001236")
    car = make_vehicle(dealer, owner=owner, purchased_on=date(2021, 4, 15))  # 6 years on 2027-04-15
    make_vehicle(dealer, owner=owner, vin=VALID_VINS[1], plate="粤B00002", purchased_on=date(2022, 4, 15))
    assert run_care(date(2027, 3, 31))["inspection_messages"] == 1
    message = OutboundMessage.objects.get()
    assert (message.vehicle_id, message.context) == (car.pk, {"due_date": "2027-04-15"})
    assert message.source_key == f"care:inspection:{owner.pk}:2027-04-15:{car.pk}"


def test_the_job_is_a_bounded_number_of_queries_whatever_the_crowd(dealer, rules, make_customer, run_care):
    def queries_for(count: int, day: date) -> int:
        for i in range(count):
            make_customer(dealer, name=f"客{i}", mobile=f"137{day.month:02d}{day.day:02d}{i:04d}",
                          birthday=date(1970 + i, day.month, day.day))  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert run_care(day)["birthday_messages"] == count
        return len(queries)

    run_care(date(2027, 5, 9))  # the first run gives the dealer its follow-up rules
    assert queries_for(2, date(2027, 5, 10)) == queries_for(12, date(2027, 5, 11))
