"""After archiving, the follow-up engine calls the customer about the handling (complaint_closed)."""

import pytest

from dealercrm.complaints.choices import Step
from dealercrm.followups.models import TaskPurpose
from dealercrm.followups.services.rules import rules_ensure_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rules(dealer):
    rules_ensure_defaults(dealer=dealer)


def test_archiving_records_complaint_closed_for_the_follow_up_call(intake, walk, customer, car):
    complaint = walk(intake(), Step.ARCHIVED)
    purposes = TaskPurpose.objects.filter(source=f"complaints.complaint:{complaint.pk}")
    assert purposes.count() == 1
    purpose = purposes.get()
    assert purpose.customer == customer and purpose.event_kind == "complaint_closed"
    assert purpose.task is not None and purpose.task.customer_id == customer.pk


def test_nothing_is_recorded_before_the_complaint_is_archived(intake, walk):
    complaint = walk(intake(), Step.FEEDBACK)
    assert not TaskPurpose.objects.filter(source=f"complaints.complaint:{complaint.pk}").exists()
