"""Complaint candidates: low survey scores from follow-up calls are offered on the intake page (read only)."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from dealercrm.followups.choices import CallOutcome, EventKind
from dealercrm.followups.models import ContactPolicy, FollowUpTask, Questionnaire
from dealercrm.followups.services import call_record, next_call, record_event
from dealercrm.followups.services.rules import rules_ensure_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_score(dealer, customer, agent, actor_of):
    """The agent's follow-up call with the customer ends with a low service score (an open survey alert)."""
    rules_ensure_defaults(dealer=dealer)
    ContactPolicy.objects.create(dealer=dealer, quiet_until=time(0, 0), quiet_from=time(23, 59, 59))
    today = timezone.localdate()
    [purpose] = record_event(
        kind=EventKind.REPAIR_CLOSED, customer=customer, occurred_on=today, source="test:repair:1"
    )
    FollowUpTask.objects.filter(pk=purpose.task_id).update(due_on=today)
    now = timezone.make_aware(datetime.combine(today, time(10, 0)))
    next_call(actor=actor_of(agent), now=now)
    question = Questionnaire.objects.get(dealer=dealer, code="ssi").questions.get(kind="scale10")
    call_record(
        actor=actor_of(agent),
        task=FollowUpTask.objects.get(pk=purpose.task_id),
        outcome=CallOutcome.COMPLETED,
        answers={question.pk: "2"},
        now=now,
    )
    return purpose.task_id


def test_the_intake_page_offers_low_scores_as_candidates(client_for, agent, customer, low_score):
    html = client_for(agent).get(reverse("complaints:intake")).content.decode()
    assert 'id="survey-alerts"' in html and "王小明" in html
    assert f"?customer={customer.pk}&amp;task={low_score}" in html


def test_roles_without_follow_up_access_do_not_see_them(client_for, advisor, low_score):
    assert 'id="survey-alerts"' not in client_for(advisor).get(reverse("complaints:intake")).content.decode()
