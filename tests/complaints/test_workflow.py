"""The eight steps as a state machine: one step at a time, who / when / note on each, closing rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.complaints import services
from dealercrm.complaints.choices import STEP_ORDER, Step
from dealercrm.complaints.models import ComplaintEvent
from dealercrm.customers.models import TimelineEntry

pytestmark = pytest.mark.django_db

# What each step needs, for trying it at the wrong moment.
STEP_CALLS = {
    Step.CLASSIFIED: lambda a, c, agent: services.complaint_classify(
        actor=a, complaint=c, complaint_type="other", severity="general"
    ),
    Step.ASSIGNED: lambda a, c, agent: services.complaint_assign(actor=a, complaint=c, assignee=agent),
    Step.INVESTIGATED: lambda a, c, agent: services.complaint_investigate(
        actor=a, complaint=c, findings="x", root_cause="other"
    ),
    Step.SOLUTION_PROPOSED: lambda a, c, agent: services.complaint_propose(
        actor=a, complaint=c, options=[services.OptionInput("道歉")]
    ),
    Step.IMPLEMENTED: lambda a, c, agent: services.complaint_implement(
        actor=a, complaint=c, resolution="done"
    ),
    Step.FEEDBACK: lambda a, c, agent: services.complaint_feedback(
        actor=a, complaint=c, reached=True, satisfaction=4
    ),
    Step.ARCHIVED: lambda a, c, agent: services.complaint_archive(actor=a, complaint=c),
}


def test_a_complaint_goes_through_all_eight_steps_each_recorded(intake, walk, manager, agent):
    complaint = walk(intake(), Step.ARCHIVED)
    events = list(ComplaintEvent.objects.filter(complaint=complaint, kind="step").order_by("at", "id"))
    assert [e.step for e in events] == STEP_ORDER
    assert events[0].actor == agent and all(e.actor == manager for e in events[1:])
    assert events[1].note == "已核实" and all(e.at for e in events)
    assert complaint.closed_at and complaint.resolved_at and complaint.assignee == agent
    assert complaint.sla_met is True
    kinds = list(TimelineEntry.objects.filter(customer=complaint.customer).values_list("kind", flat=True))
    assert (
        "complaint_received" in kinds and "complaint_closed" in kinds and kinds.count("complaint_step") == 6
    )


@pytest.mark.parametrize("current", STEP_ORDER[:-1])
def test_it_refuses_every_step_but_the_next(current, intake, walk, manager, agent, actor_of):
    complaint = walk(intake(), current)
    allowed = STEP_ORDER[STEP_ORDER.index(current) + 1]
    for step, call in STEP_CALLS.items():
        if step == allowed:
            continue
        if step == Step.SOLUTION_PROPOSED and current == Step.SOLUTION_PROPOSED:
            continue  # proposing again adds options, it does not move the complaint
        with pytest.raises(ValidationError) as refused:
            call(actor_of(manager), complaint, agent)
        assert "step" in refused.value.message_dict, (current, step)
    complaint.refresh_from_db()
    assert complaint.step == current


def test_the_refusal_says_which_step_comes_next(intake, manager, agent, actor_of):
    with pytest.raises(ValidationError) as refused:
        services.complaint_assign(actor=actor_of(manager), complaint=intake(), assignee=agent)
    assert "the next step is “Classify”, not “Assign”" in refused.value.message_dict["step"][0]


def test_an_archived_complaint_takes_no_more_steps(intake, walk, manager, actor_of):
    complaint = walk(intake(), Step.ARCHIVED)
    with pytest.raises(ValidationError):
        services.complaint_escalate(actor=actor_of(manager), complaint=complaint)
    with pytest.raises(ValidationError):
        services.complaint_classify(
            actor=actor_of(manager), complaint=complaint, complaint_type="other", severity="major"
        )


def test_each_step_needs_its_role(intake, walk, agent, sales, hq, actor_of):
    complaint = intake()
    with pytest.raises(PermissionDenied):  # classify and assign are the managers'
        services.complaint_classify(
            actor=actor_of(agent), complaint=complaint, complaint_type="other", severity="general"
        )
    with pytest.raises(PermissionDenied):  # group HQ only looks
        services.complaint_intake(
            actor=actor_of(hq), dealer=complaint.dealer, customer=complaint.customer, fields={}
        )
    complaint = walk(complaint, Step.ASSIGNED)
    done = services.complaint_investigate(
        actor=actor_of(sales), complaint=complaint, findings="查明", root_cause="process"
    )
    assert done.step == Step.INVESTIGATED  # any front-line role handles


def test_only_handlers_of_the_dealer_can_be_assigned(intake, walk, manager, other_agent, gm, actor_of):
    complaint = walk(intake(), Step.CLASSIFIED)
    for wrong in (other_agent, gm):  # another dealer's agent; a GM does not handle complaints
        with pytest.raises(ValidationError) as refused:
            services.complaint_assign(actor=actor_of(manager), complaint=complaint, assignee=wrong)
        assert "assignee" in refused.value.message_dict


def test_the_assigned_handler_is_notified(intake, walk, agent):
    complaint = walk(intake(), Step.ASSIGNED)
    assert list(complaint.notifications.values_list("recipient", "kind")) == [(agent.pk, "assigned")]


def test_each_step_checks_what_it_needs(intake, walk, manager, actor_of):
    boss = actor_of(manager)
    complaint = walk(intake(), Step.ASSIGNED)
    with pytest.raises(ValidationError) as refused:
        services.complaint_investigate(actor=boss, complaint=complaint, findings=" ", root_cause="nonsense")
    assert set(refused.value.message_dict) == {"findings"}
    complaint = walk(complaint, Step.INVESTIGATED)
    with pytest.raises(ValidationError) as refused:
        services.complaint_propose(actor=boss, complaint=complaint, options=[services.OptionInput("  ")])
    assert "options" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.complaint_propose(
            actor=boss, complaint=complaint, options=[services.OptionInput("退款", "", 100)]
        )
    assert "kind of compensation" in refused.value.message_dict["options"][0]
    complaint = walk(complaint, Step.SOLUTION_PROPOSED)
    with pytest.raises(ValidationError) as refused:
        services.complaint_implement(actor=boss, complaint=complaint, resolution="已处理")
    assert "accepted" in refused.value.message_dict["option"][0]


def test_more_options_can_be_offered_without_moving_the_complaint(intake, walk, manager, actor_of):
    complaint = walk(intake(), Step.SOLUTION_PROPOSED)
    services.complaint_propose(
        actor=actor_of(manager), complaint=complaint, options=[services.OptionInput("代金券", "voucher", 500)]
    )
    complaint.refresh_from_db()
    assert complaint.step == Step.SOLUTION_PROPOSED and complaint.options.count() == 2
    assert complaint.events.filter(kind="options_added").exists()


def test_closing_needs_the_customers_feedback_or_three_documented_attempts(
    intake, walk, agent, manager, actor_of
):
    complaint = walk(intake(), Step.IMPLEMENTED)
    handler = actor_of(agent)
    with pytest.raises(ValidationError) as refused:
        services.complaint_feedback(actor=handler, complaint=complaint, reached=False)
    assert "0 so far" in refused.value.message_dict["reached"][0]
    with pytest.raises(ValidationError):
        services.contact_attempt_record(actor=handler, complaint=complaint, note="  ")
    for n in range(1, 4):
        complaint = services.contact_attempt_record(actor=handler, complaint=complaint, note=f"第{n}次未接通")
    complaint = services.complaint_feedback(actor=handler, complaint=complaint, reached=False)
    complaint = services.complaint_archive(actor=actor_of(manager), complaint=complaint, note="三次未联系上")
    assert complaint.step == Step.ARCHIVED and complaint.feedback_reached is False
    assert complaint.events.filter(kind="contact_attempt").count() == 3


def test_feedback_from_a_reached_customer_needs_a_satisfaction_score(intake, walk, agent, actor_of):
    complaint = walk(intake(), Step.IMPLEMENTED)
    with pytest.raises(ValidationError) as refused:
        services.complaint_feedback(
            actor=actor_of(agent), complaint=complaint, reached=True, satisfaction=None
        )
    assert "satisfaction" in refused.value.message_dict


def test_a_manager_escalates_one_level_at_a_time_and_the_next_level_hears(intake, manager, gm, actor_of):
    complaint = intake()
    complaint = services.complaint_escalate(actor=actor_of(gm), complaint=complaint, note="客户情绪激动")
    assert complaint.handling_level == 2
    assert set(complaint.notifications.values_list("recipient", "kind")) == {(manager.pk, "escalated")}
    complaint = services.complaint_escalate(actor=actor_of(manager), complaint=complaint)
    assert complaint.handling_level == 3
    assert complaint.notifications.filter(recipient=gm, kind="escalated").exists()
    with pytest.raises(ValidationError):
        services.complaint_escalate(actor=actor_of(manager), complaint=complaint)
