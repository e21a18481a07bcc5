"""Recording a call: the outcome moves the task (done, retry, callback, unreachable) and lands on the timeline.

completed     the task and its open purposes are done; questionnaire answers are stored and scored
callback      the customer asked to be called at a time: the same agent gets it then
not reached   retry the next working day; after the policy's attempts (3): unreachable, number doubtful
wrong number  the dialled number is flagged; another number → retry, none left → unreachable
refused       the task is done, its purposes closed as refused
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dealercrm.core.calendar import next_working_day
from dealercrm.customers.choices import ContactKind
from dealercrm.customers.models import ContactPoint
from dealercrm.customers.services import contact_flag_wrong_number, customer_set_tags, timeline_append
from dealercrm.followups import timeline as tl
from dealercrm.followups.choices import CallOutcome, ClosedReason, PurposeStatus, TaskStatus
from dealercrm.followups.models import CallLog, FollowUpTask, TaskPurpose
from dealercrm.followups.services.queue import CLAIM_TTL, quiet_reason
from dealercrm.followups.services.rules import policy_for
from dealercrm.followups.services.surveys import answers_clean, questionnaires_for_task, responses_save
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

PHONE_KINDS = (ContactKind.MOBILE, ContactKind.LANDLINE)


def dialable_contacts(customer_id: int) -> list[ContactPoint]:
    return list(
        ContactPoint.objects.filter(
            customer_id=customer_id, kind__in=PHONE_KINDS, wrong_number=False
        ).order_by("-is_primary", "id")
    )


def _close(task: FollowUpTask, status: str, now: datetime, reason: str = "") -> None:
    task.status = status
    task.closed_at = now
    task.next_attempt_on = None
    task.callback_at = None
    purposes = TaskPurpose.objects.filter(task=task, status=PurposeStatus.OPEN)
    if reason:
        purposes.update(status=PurposeStatus.CLOSED, closed_reason=reason, updated_at=now)
    else:
        purposes.update(status=PurposeStatus.DONE, updated_at=now)


def _flag_doubtful(actor: Actor, task: FollowUpTask) -> None:
    """Not reached after the last attempt: the customer gets the "doubtful number" tag for data quality."""
    customer = task.customer
    with translation.override(settings.LANGUAGE_CODE):  # one tag name per installation, whoever calls
        doubtful = pgettext("customer tag", "Doubtful number")
    names = set(customer.tags.values_list("name", flat=True))
    if doubtful not in names:
        customer_set_tags(actor=actor, customer=customer, names=[*names, doubtful])
    timeline_append(customer=customer, kind=tl.NUMBER_DOUBTFUL, actor=actor, summary=doubtful, ref=task)


def _check_callback(callback_at: datetime | None, now: datetime, dealer_id: int) -> None:
    if callback_at is None:
        raise ValidationError({"callback_at": [_("Choose when to call back.")]})
    if callback_at <= now:
        raise ValidationError({"callback_at": [_("The callback time must be in the future.")]})
    reason = quiet_reason(policy_for(dealer_id), callback_at)
    if reason:
        raise ValidationError({"callback_at": [reason]})


@transaction.atomic
def call_record(
    *,
    actor: Actor,
    task: FollowUpTask,
    outcome: str,
    note: str = "",
    callback_at: datetime | None = None,
    answers: dict | None = None,
    contact: ContactPoint | None = None,
    now: datetime | None = None,
) -> CallLog:
    """Record one call attempt on a task the agent took from the queue."""
    actor.require(Perm.WORK_CALLS)
    actor.check_dealer(task.dealer_id)
    now = now or timezone.now()
    task = FollowUpTask.objects.select_for_update().select_related("customer").get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("This call is already closed."))
    if task.claimed_by_id != actor.user_id or task.claimed_at is None or task.claimed_at < now - CLAIM_TTL:
        raise ValidationError(_("Take this call from the queue first."))
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": [_("Choose what happened on the call.")]})
    if outcome == CallOutcome.CALLBACK:
        _check_callback(callback_at, now, task.dealer_id)
    if contact is not None and (contact.customer_id != task.customer_id or contact.kind not in PHONE_KINDS):
        raise ValidationError({"contact": [_("Choose one of the customer's phone numbers.")]})
    questionnaires = questionnaires_for_task(task)
    cleaned = {}
    if outcome == CallOutcome.COMPLETED:
        cleaned = answers_clean(questionnaires, answers or {}, require=True)
    elif answers:
        raise ValidationError({"answers": [_("Answers are recorded with a completed call only.")]})

    call = CallLog.objects.create(
        dealer_id=task.dealer_id,
        task=task,
        customer=task.customer,
        agent_id=actor.user_id,
        at=now,
        outcome=outcome,
        note=(note or "").strip(),
        callback_at=callback_at if outcome == CallOutcome.CALLBACK else None,
    )
    task.attempts += 1
    task.outcome = outcome
    task.claimed_by = None
    task.claimed_at = None
    today = timezone.localdate(now)
    if outcome == CallOutcome.COMPLETED:
        _close(task, TaskStatus.DONE, now)
        responses_save(call=call, questionnaires=questionnaires, cleaned=cleaned)
    elif outcome == CallOutcome.REFUSED:
        _close(task, TaskStatus.DONE, now, ClosedReason.REFUSED)
    elif outcome == CallOutcome.CALLBACK:
        task.callback_at = callback_at
        task.next_attempt_on = timezone.localdate(callback_at)
        task.assignee_id = actor.user_id
    elif outcome == CallOutcome.NOT_REACHED:
        task.misses += 1
        if task.misses >= policy_for(task.dealer_id).max_attempts:
            _close(task, TaskStatus.UNREACHABLE, now, ClosedReason.UNREACHABLE)
            _flag_doubtful(actor, task)
        else:
            task.next_attempt_on = next_working_day(today)
            task.callback_at = None
    elif outcome == CallOutcome.WRONG_NUMBER:
        numbers = dialable_contacts(task.customer_id)
        dialled = contact or (numbers[0] if numbers else None)
        if dialled is not None and not dialled.wrong_number:
            contact_flag_wrong_number(actor=actor, contact=dialled)
        if any(c.pk != getattr(dialled, "pk", None) for c in numbers):
            task.next_attempt_on = today  # try the customer's other number
        else:
            _close(task, TaskStatus.UNREACHABLE, now, ClosedReason.WRONG_NUMBER)
    task.save()
    names = ", ".join(p.purpose_name for p in task.purposes.all())
    timeline_append(
        customer=task.customer,
        kind=tl.FOLLOWUP_CALL,
        actor=actor,
        occurred_at=now,
        summary=f"{call.get_outcome_display()}: {names}" + (f" — {call.note}" if call.note else ""),
        ref=call,
    )
    return call
