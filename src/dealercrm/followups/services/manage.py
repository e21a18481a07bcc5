"""What a COC manager changes: who works which task, audits of completed calls, the contact policy."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.followups.choices import AuditResult, CallOutcome, ClosedReason, PurposeStatus, TaskStatus
from dealercrm.followups.models import CallAudit, CallLog, ContactPolicy, FollowUpTask, TaskPurpose
from dealercrm.org.access import Actor, actor_for
from dealercrm.org.roles import Perm


def _check_agent(actor: Actor, user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    agent = actor_for(user) if user else None
    if (
        agent is None
        or not agent.can(Perm.WORK_CALLS)
        or (not actor.is_group_wide and agent.dealer_id != actor.dealer_id)
    ):
        raise ValidationError({"assignee": [_("Choose a colleague at this dealer who works calls.")]})


@transaction.atomic
def tasks_reassign(*, actor: Actor, task_ids: list[int], assignee_id: int | None) -> int:
    """Give open tasks to one agent (or back to the whole queue with None); returns how many moved."""
    actor.require(Perm.MANAGE_FOLLOWUPS)
    if not task_ids:
        raise ValidationError({"tasks": [_("Select at least one task.")]})
    if assignee_id is not None:
        _check_agent(actor, assignee_id)
    rows = actor.scope(FollowUpTask.objects.filter(pk__in=task_ids, status=TaskStatus.OPEN))
    if assignee_id is not None and not actor.is_group_wide:
        rows = rows.filter(dealer_id=actor.dealer_id)
    return rows.update(assignee_id=assignee_id, claimed_by=None, claimed_at=None, updated_at=timezone.now())


@transaction.atomic
def task_cancel(*, actor: Actor, task: FollowUpTask) -> FollowUpTask:
    actor.require(Perm.MANAGE_FOLLOWUPS)
    actor.check_dealer(task.dealer_id)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("Only an open task can be cancelled."))
    now = timezone.now()
    TaskPurpose.objects.filter(task=task, status=PurposeStatus.OPEN).update(
        status=PurposeStatus.CLOSED, closed_reason=ClosedReason.CANCELLED, updated_at=now
    )
    task.status, task.closed_at, task.claimed_by, task.claimed_at = TaskStatus.CANCELLED, now, None, None
    task.save()
    return task


@transaction.atomic
def call_audit_record(*, actor: Actor, call: CallLog, result: str, note: str = "") -> CallAudit:
    """The manager's check of a completed call: passed or failed, with a note (required when failed)."""
    actor.require(Perm.MANAGE_FOLLOWUPS)
    actor.check_dealer(call.dealer_id)
    if call.outcome != CallOutcome.COMPLETED:
        raise ValidationError(_("Only completed calls are audited."))
    if result not in AuditResult.values:
        raise ValidationError({"result": [_("Choose passed or failed.")]})
    if result == AuditResult.FAILED and not (note or "").strip():
        raise ValidationError({"note": [_("Say what was wrong with the call.")]})
    audit, _created = CallAudit.objects.update_or_create(
        call=call,
        defaults={
            "dealer_id": call.dealer_id,
            "auditor_id": actor.user_id,
            "result": result,
            "note": note.strip(),
        },
    )
    return audit


POLICY_FIELDS = (
    "max_calls_7d",
    "max_calls_30d",
    "max_callers_90d",
    "max_attempts",
    "quiet_until",
    "quiet_from",
)


@transaction.atomic
def policy_update(*, actor: Actor, dealer_id: int, fields: dict) -> ContactPolicy:
    actor.require(Perm.MANAGE_FOLLOWUPS)
    actor.check_dealer(dealer_id)
    policy, _created = ContactPolicy.objects.get_or_create(dealer_id=dealer_id)
    for key in POLICY_FIELDS:
        if key in fields:
            setattr(policy, key, fields[key])
    errors = {}
    if policy.quiet_until >= policy.quiet_from:
        errors["quiet_from"] = [_("The last call time must come after the first.")]
    if not 1 <= policy.max_attempts <= 10:
        errors["max_attempts"] = [_("Between 1 and 10 attempts.")]
    if policy.max_calls_7d > policy.max_calls_30d:
        errors["max_calls_30d"] = [_("The monthly cap cannot be below the weekly cap.")]
    if errors:
        raise ValidationError(errors)
    policy.save()
    return policy
