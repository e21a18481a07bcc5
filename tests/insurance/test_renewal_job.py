"""The insurance.renewals job: opportunities open 60 days before a policy ends (once), and those nobody closed
are lost for no response 30 days after the end."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.insurance.models import RenewalOpportunity
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db


def run(on: date) -> dict:
    return dict(run_daily_jobs(on, only=["insurance.renewals"]))["insurance.renewals"]


def test_the_job_is_registered():
    assert "insurance.renewals" in registered_jobs()


def test_it_opens_an_opportunity_60_days_before_the_end_once(policy):
    assert run(date(2027, 2, 28)) == {"opened": 0, "lost_no_response": 0}  # 61 days before
    assert run(date(2027, 3, 1)) == {"opened": 1, "lost_no_response": 0}
    opportunity = RenewalOpportunity.objects.get()
    assert (opportunity.policy_id, opportunity.customer_id, opportunity.vehicle_id) == (
        policy.pk, policy.customer_id, policy.vehicle_id)  # fmt: skip
    assert (opportunity.due_on, opportunity.status, opportunity.dealer_id) == (
        date(2027, 4, 30),
        "open",
        policy.dealer_id,
    )
    assert run(date(2027, 3, 1))["opened"] == 0
    assert run(date(2027, 3, 2))["opened"] == 0


def test_it_skips_policies_already_superseded_or_of_a_sold_car(dealer, owner, car, make_policy, make_customer,
                                                               make_vehicle):  # fmt: skip
    make_policy(owner, car, ends_on=date(2027, 4, 30))
    make_policy(owner, car, ends_on=date(2028, 4, 30))  # already renewed elsewhere
    make_policy(owner, car, ends_on=date(2027, 4, 30), kind="compulsory")  # another kind: its own opportunity
    buyer = make_customer(dealer, name="买家", mobile="13700002001")
    sold = make_vehicle(dealer, owner=buyer, vin=VALID_VINS[1], plate="粤B00009")
    make_policy(owner, sold, ends_on=date(2027, 4, 20))  # the holder no longer owns the car
    assert run(date(2027, 3, 15))["opened"] == 1
    assert RenewalOpportunity.objects.get().policy.kind == "compulsory"


def test_opportunities_nobody_closed_are_lost_30_days_after_the_end(policy):
    run(date(2027, 3, 1))
    assert run(date(2027, 5, 30))["lost_no_response"] == 0
    assert run(date(2027, 5, 31))["lost_no_response"] == 1
    opportunity = RenewalOpportunity.objects.get()
    assert (opportunity.status, opportunity.lost_reason, opportunity.closed_on) == (
        "lost",
        "no_response",
        date(2027, 5, 31),
    )
    assert run(date(2027, 6, 1))["lost_no_response"] == 0


def test_the_job_is_two_statements_whatever_the_number_of_policies(
    dealer, make_customer, make_vehicle, make_policy
):
    for i in range(4):
        owner = make_customer(dealer, name=f"车主{i}", mobile=f"1370000210{i}")
        car = make_vehicle(dealer, owner=owner, vin=VALID_VINS[i], plate=f"粤B0000{i}")
        make_policy(owner, car, ends_on=date(2027, 4, 1) + timedelta(days=i))
    with CaptureQueriesContext(connection) as queries:
        assert run(date(2027, 3, 1))["opened"] == 4
    touching = [q for q in queries if "insurance_renewalopportunity" in q["sql"].split("SELECT")[0]]
    assert len(touching) == 2  # one INSERT ... SELECT, one UPDATE
