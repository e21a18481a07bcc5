"""Daily jobs of the follow-up engine, set-based and idempotent (re-running a date changes nothing).

followups.queue  marks tasks past their window overdue, releases claims agents abandoned, moves missed retry
                 days to today — three UPDATE statements.

Birthdays, purchase anniversaries and the other care occasions are planned by the care calendar's job
("care.calendar", dealercrm.care), which records them here through record_events.
"""

from datetime import date

from django.utils import timezone

from dealercrm.core.jobs import daily_job
from dealercrm.followups.choices import TaskStatus
from dealercrm.followups.models import FollowUpTask
from dealercrm.followups.services.queue import CLAIM_TTL


@daily_job("followups.queue")
def queue_upkeep(on: date) -> dict:
    now = timezone.now()
    open_tasks = FollowUpTask.objects.filter(status=TaskStatus.OPEN)
    overdue = open_tasks.filter(window_end__lt=on, overdue=False).update(overdue=True, updated_at=now)
    released = FollowUpTask.objects.filter(claimed_by__isnull=False, claimed_at__lt=now - CLAIM_TTL).update(
        claimed_by=None, claimed_at=None, updated_at=now
    )
    rolled = open_tasks.filter(next_attempt_on__lt=on).update(next_attempt_on=on, updated_at=now)
    return {"overdue": overdue, "released": released, "retries_rolled": rolled}
