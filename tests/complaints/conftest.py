"""Complaints fixtures: a complainant with a car, quick intake, and a helper walking a complaint through steps.

Pages are asked for English and services run with English active, so tests read English messages.
"""

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from dealercrm.complaints import services
from dealercrm.complaints.choices import STEP_ORDER, Step
from tests.conftest import VALID_VINS


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment in the project's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def customer(dealer, make_customer):
    return make_customer(dealer, name="王小明", mobile="13912345678")


@pytest.fixture
def car(dealer, customer, make_vehicle):
    return make_vehicle(dealer, owner=customer, vin=VALID_VINS[1], plate="粤B88888")


@pytest.fixture
def intake(dealer, customer, agent, actor_of):
    """intake(severity=..., received_at=..., **fields) -> a complaint received by the agent."""

    def make(severity="general", received_at=None, who=None, for_customer=None, dealer_=None, **fields):
        data = {
            "channel": "phone",
            "complaint_type": "after_sales",
            "severity": severity,
            "title": "保养后异响",
            "description": "取车后底盘有异响。客户很不满。",
            **fields,
        }
        return services.complaint_intake(
            actor=actor_of(who or agent),
            dealer=dealer_ or dealer,
            customer=for_customer or customer,
            fields=data,
            received_at=received_at,
        )

    return make


@pytest.fixture
def walk(manager, agent, actor_of):
    """walk(complaint, to_step) takes the complaint through every step up to `to_step`, as a manager would."""

    def run(complaint, to: str, compensation=0):
        boss = actor_of(manager)
        calls = {
            Step.CLASSIFIED: lambda c: services.complaint_classify(
                actor=boss, complaint=c, complaint_type=c.complaint_type, severity=c.severity, note="已核实"
            ),
            Step.ASSIGNED: lambda c: services.complaint_assign(
                actor=boss, complaint=c, assignee=agent, note="请跟进"
            ),
            Step.INVESTIGATED: lambda c: services.complaint_investigate(
                actor=boss, complaint=c, findings="底盘螺丝未拧紧", root_cause="workmanship"
            ),
            Step.SOLUTION_PROPOSED: lambda c: services.complaint_propose(
                actor=boss,
                complaint=c,
                options=[
                    services.OptionInput(
                        "免费返修并赠送保养", "free_service" if compensation else "", compensation
                    )
                ],
            ),
            Step.IMPLEMENTED: lambda c: services.complaint_implement(
                actor=boss, complaint=c, resolution="已返修"
            ),
            Step.FEEDBACK: lambda c: services.complaint_feedback(
                actor=boss, complaint=c, reached=True, satisfaction=5, feedback="满意"
            ),
            Step.ARCHIVED: lambda c: services.complaint_archive(actor=boss, complaint=c),
        }
        while complaint.step != to:
            following = STEP_ORDER[STEP_ORDER.index(complaint.step) + 1]
            if following == Step.IMPLEMENTED and not complaint.options.filter(chosen=True).exists():
                services.option_choose(actor=boss, complaint=complaint, option=complaint.options.first())
            complaint = calls[following](complaint)
        complaint.refresh_from_db()
        return complaint

    return run
