"""What every complaint service shares: locking the row, the one-step-forward rule, events, recipients."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.complaints import timeline as tl
from dealercrm.complaints.choices import STEP_ACTIONS, EventKind, NotificationKind, Step, next_step
from dealercrm.complaints.models import Complaint, ComplaintEvent, Notification
from dealercrm.customers.services import timeline_append
from dealercrm.org.access import Actor
from dealercrm.org.models import StaffRole
from dealercrm.org.roles import GROUP_WIDE_ROLES, MATRIX, Perm, Role

User = get_user_model()

HANDLER_ROLES = [
    r for r, perms in MATRIX.items() if Perm.HANDLE_COMPLAINTS in perms and r not in GROUP_WIDE_ROLES
]
APPROVER_ROLES = [
    r for r, perms in MATRIX.items() if Perm.APPROVE_COMPENSATION in perms and r not in GROUP_WIDE_ROLES
]


def lock(complaint: Complaint) -> Complaint:
    """The complaint re-read under a row lock: two people cannot take the same step at once."""
    return Complaint.objects.select_for_update().select_related("customer", "dealer").get(pk=complaint.pk)


def event(
    *,
    complaint: Complaint,
    actor: Actor | None,
    kind: str = EventKind.STEP,
    note: str = "",
    at: datetime | None = None,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        step=complaint.step,
        actor_id=actor.user_id if actor else None,
        at=at or timezone.now(),
        note=(note or "").strip(),
    )


def require_step(complaint: Complaint, *steps: str) -> None:
    if complaint.step not in steps:
        raise ValidationError(
            {
                "step": _("Not possible now: complaint #%(pk)s is at “%(step)s”.")
                % {"pk": complaint.pk, "step": Step(complaint.step).label}
            }
        )


def check_next(complaint: Complaint, to: str) -> None:
    """Refuse any move but the one to the next step (no skipping, no going back)."""
    expected = next_step(complaint.step)
    if expected is None:
        raise ValidationError({"step": _("Complaint #%(pk)s is archived.") % {"pk": complaint.pk}})
    if to != expected:
        raise ValidationError(
            {
                "step": _(
                    "Complaint #%(pk)s is at “%(step)s”: the next step is “%(next)s”, not “%(wanted)s”."
                )
                % {
                    "pk": complaint.pk,
                    "step": Step(complaint.step).label,
                    "next": STEP_ACTIONS[Step(expected)],
                    "wanted": STEP_ACTIONS[Step(to)],
                }
            }
        )


def advance(*, actor: Actor, complaint: Complaint, to: str, note: str = "") -> ComplaintEvent:
    """Move to the next step, with its event (who, when, note) and a line on the customer's timeline."""
    check_next(complaint, to)
    complaint.step = to
    done = event(complaint=complaint, actor=actor, note=note)
    timeline_append(
        customer=complaint.customer,
        kind=tl.COMPLAINT_CLOSED if to == Step.ARCHIVED else tl.COMPLAINT_STEP,
        summary=f"#{complaint.pk} {Step(to).label}: {complaint.title}",
        actor=actor,
        occurred_at=done.at,
        ref=complaint,
    )
    return done


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- who hears about it ---------------------------------------------------------------------------------------


def staff_ids(dealer_ids, roles) -> dict[int, list[int]]:
    """Active users per dealer holding any of `roles` (one query)."""
    found: dict[int, list[int]] = {}
    rows = (
        StaffRole.objects.filter(
            staff__dealer_id__in=list(dealer_ids), role__in=list(roles), staff__user__is_active=True
        )
        .values_list("staff__dealer_id", "staff__user_id")
        .order_by("staff__user_id")
        .distinct()
    )
    for dealer_id, user_id in rows:
        if user_id not in found.setdefault(dealer_id, []):
            found[dealer_id].append(user_id)
    return found


def hq_ids() -> list[int]:
    rows = StaffRole.objects.filter(
        role=Role.GROUP_HQ, staff__dealer__isnull=True, staff__user__is_active=True
    ).values_list("staff__user_id", flat=True)
    return sorted(set(rows))


def notify(complaint: Complaint, kind: str, user_ids) -> int:
    now = timezone.now()
    rows = [
        Notification(recipient_id=uid, complaint=complaint, kind=kind, created_at=now)
        for uid in dict.fromkeys(user_ids)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_leadership(complaint: Complaint, kind: str = NotificationKind.URGENT) -> int:
    """Urgent complaints and public incidents: the dealer's GM and group HQ hear at once."""
    gms = staff_ids([complaint.dealer_id], [Role.DEALER_GM]).get(complaint.dealer_id, [])
    return notify(complaint, kind, [*gms, *hq_ids()])


def handler_ids(dealer_id: int) -> list[int]:
    return staff_ids([dealer_id], HANDLER_ROLES).get(dealer_id, [])
