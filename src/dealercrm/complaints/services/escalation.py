"""The daily escalation: complaints whose deadline is near or passed go up a level, and people hear of it.

Set-based and idempotent: one query finds the complaints that reach a new stage on the business date, one
UPDATE per batch moves them, events and notifications are bulk-inserted. The stage reached is kept on the
complaint (escalation), so running the same date twice changes nothing the second time.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.complaints.choices import Escalation, EventKind, HandlingLevel, NotificationKind, Step
from dealercrm.complaints.models import Complaint, ComplaintEvent, Notification
from dealercrm.complaints.services.common import staff_ids
from dealercrm.org.roles import Role

BATCH = 5_000


def _day_bounds(on: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(on, time.min), tz)
    return start, timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min), tz)


def _late_by(moment: datetime) -> Q:
    """A deadline not met before `moment`: resolution not done yet, or first response not given yet."""
    return Q(resolved_at__isnull=True, resolution_due__lt=moment) | Q(
        first_responded_at__isnull=True, first_response_due__lt=moment
    )


def escalation_candidates(on: date) -> dict[str, list[tuple[int, int, str]]]:
    """(id, dealer id, step) of open complaints reaching a new stage on `on`: breached before the day starts,
    or due before it ends (near)."""
    start, end = _day_bounds(on)
    open_ = Complaint.objects.exclude(step=Step.ARCHIVED).order_by("id")
    breached = open_.filter(_late_by(start)).exclude(escalation=Escalation.BREACHED)
    near = open_.filter(_late_by(end)).exclude(_late_by(start)).filter(escalation=Escalation.NONE)
    return {
        Escalation.BREACHED: list(breached.values_list("id", "dealer_id", "step")),
        Escalation.NEAR: list(near.values_list("id", "dealer_id", "step")),
    }


STAGES = {
    # stage: (handling level at least, who is told, notification kind)
    Escalation.NEAR: (HandlingLevel.COC_MANAGER, [Role.COC_MANAGER], NotificationKind.NEAR),
    Escalation.BREACHED: (
        HandlingLevel.GENERAL_MANAGER,
        [Role.COC_MANAGER, Role.DEALER_GM],
        NotificationKind.BREACHED,
    ),
}


@transaction.atomic
def escalate_due(*, on: date) -> dict[str, int]:
    now = timezone.now()
    counts = {"near": 0, "breached": 0, "notifications": 0}
    for stage, rows in escalation_candidates(on).items():
        if not rows:
            continue
        level, roles, kind = STAGES[stage]
        for i in range(0, len(rows), BATCH):
            ids = [pk for pk, _dealer, _step in rows[i : i + BATCH]]
            Complaint.objects.filter(pk__in=ids).update(
                escalation=stage,
                handling_level=Greatest(F("handling_level"), Value(int(level))),
                updated_at=now,
            )
        note = (
            _("Deadline breached: handed to the general manager.")
            if stage == Escalation.BREACHED
            else _("Deadline near: handed to the COC manager.")
        )
        ComplaintEvent.objects.bulk_create(
            [
                ComplaintEvent(complaint_id=pk, kind=EventKind.ESCALATED, step=step, at=now, note=note)
                for pk, _d, step in rows
            ],
            batch_size=BATCH,
        )
        recipients: dict[int, list[int]] = {}
        for role_ids in [staff_ids({d for _p, d, _s in rows}, [role]) for role in roles]:
            for dealer_id, users in role_ids.items():
                recipients.setdefault(dealer_id, [])
                recipients[dealer_id] += [u for u in users if u not in recipients[dealer_id]]
        notes = [
            Notification(recipient_id=user_id, complaint_id=pk, kind=kind, created_at=now)
            for pk, dealer_id, _step in rows
            for user_id in recipients.get(dealer_id, [])
        ]
        Notification.objects.bulk_create(notes, batch_size=BATCH)
        counts[str(stage)] = len(rows)
        counts["notifications"] += len(notes)
    return counts
