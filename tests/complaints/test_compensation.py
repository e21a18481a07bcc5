"""Compensation above the group's threshold waits for the general manager's approval."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.complaints import services
from dealercrm.complaints.choices import Step
from dealercrm.complaints.models import ComplaintPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(intake, walk, manager, actor_of):
    """A complaint at 'solution proposed' with three options: no money, 2000 yuan, 2000.01 yuan."""
    complaint = walk(intake(), Step.INVESTIGATED)
    return services.complaint_propose(
        actor=actor_of(manager),
        complaint=complaint,
        options=[
            services.OptionInput("书面道歉"),
            services.OptionInput("退还工时费", "cash", "2000"),
            services.OptionInput("免费更换部件", "parts", "2000.01"),
        ],
    )


def option(complaint, n):
    return complaint.options.order_by("id")[n]


def test_compensation_up_to_the_threshold_needs_no_approval(proposed, agent, actor_of):
    chosen = services.option_choose(actor=actor_of(agent), complaint=proposed, option=option(proposed, 1))
    assert chosen.approval == "not_needed" and chosen.compensation_amount == Decimal("2000.00")
    done = services.complaint_implement(actor=actor_of(agent), complaint=proposed, resolution="已退款")
    assert done.step == Step.IMPLEMENTED


def test_compensation_above_the_threshold_waits_for_the_gm(proposed, agent, gm, actor_of):
    chosen = services.option_choose(actor=actor_of(agent), complaint=proposed, option=option(proposed, 2))
    assert chosen.approval == "pending"
    assert proposed.notifications.filter(recipient=gm, kind="approval_needed").exists()
    with pytest.raises(ValidationError) as refused:
        services.complaint_implement(actor=actor_of(agent), complaint=proposed, resolution="已更换")
    assert "approval" in refused.value.message_dict["option"][0]
    with pytest.raises(PermissionDenied):  # the handler cannot approve it
        services.compensation_decide(actor=actor_of(agent), complaint=proposed, option=chosen, approve=True)
    decided = services.compensation_decide(
        actor=actor_of(gm), complaint=proposed, option=chosen, approve=True
    )
    assert decided.approval == "approved" and decided.decided_by == gm
    assert services.complaint_implement(
        actor=actor_of(agent), complaint=proposed, resolution="已更换"
    ).step == (Step.IMPLEMENTED)


def test_a_rejected_option_cannot_be_chosen_again(proposed, agent, gm, actor_of):
    chosen = services.option_choose(actor=actor_of(agent), complaint=proposed, option=option(proposed, 2))
    decided = services.compensation_decide(
        actor=actor_of(gm), complaint=proposed, option=chosen, approve=False
    )
    assert decided.approval == "rejected" and not decided.chosen
    with pytest.raises(ValidationError):
        services.option_choose(actor=actor_of(agent), complaint=proposed, option=decided)
    with pytest.raises(ValidationError):  # nothing accepted now
        services.complaint_implement(actor=actor_of(agent), complaint=proposed, resolution="x")
    services.option_choose(actor=actor_of(agent), complaint=proposed, option=option(proposed, 0))
    assert proposed.options.get(chosen=True).description == "书面道歉"


def test_only_a_pending_option_can_be_decided(proposed, agent, gm, actor_of):
    chosen = services.option_choose(actor=actor_of(agent), complaint=proposed, option=option(proposed, 0))
    with pytest.raises(ValidationError):
        services.compensation_decide(actor=actor_of(gm), complaint=proposed, option=chosen, approve=True)


def test_the_threshold_is_the_groups(dealer, proposed, agent, actor_of):
    ComplaintPolicy.objects.create(group=dealer.group, compensation_threshold=Decimal("1000"))
    chosen = services.option_choose(actor=actor_of(agent), complaint=proposed, option=option(proposed, 1))
    assert chosen.approval == "pending"


def test_an_option_of_another_complaint_is_refused(proposed, intake, walk, agent, actor_of):
    other = walk(intake(), Step.SOLUTION_PROPOSED)
    with pytest.raises(ValidationError) as refused:
        services.option_choose(actor=actor_of(agent), complaint=proposed, option=other.options.first())
    assert "option" in refused.value.message_dict


def test_amounts_must_be_sensible(intake, walk, manager, actor_of):
    complaint = walk(intake(), Step.INVESTIGATED)
    for amount in ("-1", "abc", "100000000"):
        with pytest.raises(ValidationError):
            services.complaint_propose(
                actor=actor_of(manager),
                complaint=complaint,
                options=[services.OptionInput("退款", "cash", amount)],
            )
