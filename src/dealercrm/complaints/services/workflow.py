"""Steps 4-8: investigate, propose a solution (and its compensation), implement, feedback, archive."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.complaints.choices import (
    Approval,
    CompensationKind,
    EventKind,
    HandlingLevel,
    NotificationKind,
    RootCause,
    Step,
)
from dealercrm.complaints.models import Complaint, SolutionOption
from dealercrm.complaints.services.common import (
    APPROVER_ROLES,
    advance,
    check_next,
    event,
    lock,
    notify,
    require_step,
    require_text,
    staff_ids,
)
from dealercrm.complaints.sla import policy_for
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm, Role

ATTEMPTS_TO_CLOSE = 3
MAX_OPTIONS = 5
MAX_AMOUNT = Decimal("99999999.99")


@dataclass(frozen=True)
class OptionInput:
    description: str
    compensation_kind: str = ""
    compensation_amount: Decimal | int | str = Decimal("0")


@transaction.atomic
def complaint_investigate(
    *, actor: Actor, complaint: Complaint, findings: str, root_cause: str, note: str = ""
) -> Complaint:
    actor.require(Perm.HANDLE_COMPLAINTS)
    complaint = lock(complaint)
    check_next(complaint, Step.INVESTIGATED)
    findings = require_text(findings, "findings", _("Write down what the investigation found."))
    if root_cause not in RootCause.values:
        raise ValidationError({"root_cause": [_("Choose the root cause.")]})
    advance(actor=actor, complaint=complaint, to=Step.INVESTIGATED, note=note)
    complaint.findings, complaint.root_cause = findings, root_cause
    complaint.save()
    return complaint


def _clean_options(options: list[OptionInput]) -> list[SolutionOption]:
    cleaned, errors = [], []
    for number, option in enumerate(options, start=1):
        description = (option.description or "").strip()
        if not description:
            continue
        try:
            amount = Decimal(str(option.compensation_amount or 0)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            amount = Decimal("-1")
        kind = option.compensation_kind or ""
        if kind not in CompensationKind.values:
            errors.append(_("Option %(n)s: choose a kind of compensation.") % {"n": number})
        elif not Decimal("0") <= amount <= MAX_AMOUNT:
            errors.append(_("Option %(n)s: the amount must be between 0 and 99,999,999.99.") % {"n": number})
        elif amount > 0 and not kind:
            errors.append(_("Option %(n)s: say what kind of compensation the amount is.") % {"n": number})
        cleaned.append(
            SolutionOption(description=description[:300], compensation_kind=kind, compensation_amount=amount)
        )
    if errors:
        raise ValidationError({"options": errors})
    if not cleaned:
        raise ValidationError({"options": [_("Offer the customer at least one solution.")]})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": [_("Offer at most %(n)s solutions.") % {"n": MAX_OPTIONS}]})
    return cleaned


@transaction.atomic
def complaint_propose(
    *, actor: Actor, complaint: Complaint, options: list[OptionInput], note: str = ""
) -> Complaint:
    """Step 5: the solutions offered to the customer. Once proposed, more options may be added."""
    actor.require(Perm.HANDLE_COMPLAINTS)
    complaint = lock(complaint)
    adding = complaint.step == Step.SOLUTION_PROPOSED
    if not adding:
        check_next(complaint, Step.SOLUTION_PROPOSED)
    rows = _clean_options(options)
    if complaint.options.count() + len(rows) > MAX_OPTIONS * 2:
        raise ValidationError({"options": [_("This complaint has enough options; choose one of them.")]})
    for row in rows:
        row.complaint = complaint
    SolutionOption.objects.bulk_create(rows)
    summary = "; ".join(r.description for r in rows)
    if adding:
        event(complaint=complaint, actor=actor, kind=EventKind.OPTIONS_ADDED, note=note or summary)
    else:
        advance(actor=actor, complaint=complaint, to=Step.SOLUTION_PROPOSED, note=note or summary)
        complaint.save()
    return complaint


def _option(complaint: Complaint, option: SolutionOption | int) -> SolutionOption:
    pk = option.pk if isinstance(option, SolutionOption) else option
    found = SolutionOption.objects.select_for_update().filter(complaint=complaint, pk=pk).first()
    if found is None:
        raise ValidationError({"option": [_("No such option on this complaint.")]})
    return found


@transaction.atomic
def option_choose(
    *, actor: Actor, complaint: Complaint, option: SolutionOption | int, note: str = ""
) -> SolutionOption:
    """The customer accepts an option. Compensation above the group's threshold waits for the GM."""
    actor.require(Perm.HANDLE_COMPLAINTS)
    complaint = lock(complaint)
    require_step(complaint, Step.SOLUTION_PROPOSED)
    chosen = _option(complaint, option)
    if chosen.approval == Approval.REJECTED:
        raise ValidationError(
            {"option": [_("The GM rejected this option: choose another one or add a new one.")]}
        )
    complaint.options.filter(chosen=True).exclude(pk=chosen.pk).update(chosen=False)
    threshold = policy_for(complaint.dealer).compensation_threshold
    needs_approval = chosen.compensation_amount > threshold and chosen.approval != Approval.APPROVED
    chosen.chosen = True
    if needs_approval:
        chosen.approval = Approval.PENDING
    chosen.save()
    event(complaint=complaint, actor=actor, kind=EventKind.OPTION_CHOSEN, note=note or chosen.description)
    if needs_approval:
        approvers = staff_ids([complaint.dealer_id], [Role.DEALER_GM]).get(complaint.dealer_id, [])
        notify(complaint, NotificationKind.APPROVAL_NEEDED, approvers)
    return chosen


@transaction.atomic
def compensation_decide(
    *, actor: Actor, complaint: Complaint, option: SolutionOption | int, approve: bool, note: str = ""
) -> SolutionOption:
    """The GM approves or rejects the compensation of the chosen option."""
    actor.require(Perm.APPROVE_COMPENSATION)
    complaint = lock(complaint)
    require_step(complaint, Step.SOLUTION_PROPOSED)
    chosen = _option(complaint, option)
    if chosen.approval != Approval.PENDING:
        raise ValidationError({"option": [_("This option is not waiting for approval.")]})
    chosen.approval = Approval.APPROVED if approve else Approval.REJECTED
    if not approve:
        chosen.chosen = False
    chosen.decided_by_id, chosen.decided_at = actor.user_id, timezone.now()
    chosen.save()
    verdict = _("approved") if approve else _("rejected")
    summary = f"{chosen.get_compensation_kind_display()} ¥{chosen.compensation_amount}: {verdict}"
    event(complaint=complaint, actor=actor, kind=EventKind.APPROVAL, note=f"{summary}. {note}".strip())
    return chosen


@transaction.atomic
def complaint_implement(*, actor: Actor, complaint: Complaint, resolution: str, note: str = "") -> Complaint:
    """Step 6: the accepted solution is carried out; this is when the complaint counts as resolved."""
    actor.require(Perm.HANDLE_COMPLAINTS)
    complaint = lock(complaint)
    check_next(complaint, Step.IMPLEMENTED)
    chosen = complaint.options.filter(chosen=True).first()
    if chosen is None:
        raise ValidationError({"option": [_("Record which solution the customer accepted first.")]})
    if chosen.approval == Approval.PENDING:
        raise ValidationError({"option": [_("The compensation is waiting for the GM's approval.")]})
    resolution = require_text(resolution, "resolution", _("Describe what was done for the customer."))
    advance(actor=actor, complaint=complaint, to=Step.IMPLEMENTED, note=note)
    now = timezone.now()
    complaint.resolution, complaint.resolved_at = resolution, now
    complaint.sla_met = now <= complaint.resolution_due
    complaint.save()
    return complaint


@transaction.atomic
def contact_attempt_record(*, actor: Actor, complaint: Complaint, note: str) -> Complaint:
    """A documented attempt to reach the customer for feedback (three of them allow closing without it)."""
    actor.require(Perm.HANDLE_COMPLAINTS)
    complaint = lock(complaint)
    require_step(complaint, Step.IMPLEMENTED)
    note = require_text(note, "note", _("Say how you tried to reach the customer (when, which number)."))
    complaint.contact_attempts += 1
    complaint.save(update_fields=["contact_attempts", "updated_at"])
    event(complaint=complaint, actor=actor, kind=EventKind.CONTACT_ATTEMPT, note=note)
    return complaint


def _closable(complaint: Complaint) -> bool:
    return bool(complaint.resolution) and (
        complaint.feedback_reached is True or complaint.contact_attempts >= ATTEMPTS_TO_CLOSE
    )


@transaction.atomic
def complaint_feedback(
    *,
    actor: Actor,
    complaint: Complaint,
    reached: bool,
    satisfaction: int | None = None,
    feedback: str = "",
    note: str = "",
) -> Complaint:
    """Step 7: what the customer says about the handling, or that three attempts to reach them failed."""
    actor.require(Perm.HANDLE_COMPLAINTS)
    complaint = lock(complaint)
    check_next(complaint, Step.FEEDBACK)
    if reached:
        if satisfaction not in (1, 2, 3, 4, 5):
            raise ValidationError({"satisfaction": [_("How satisfied is the customer, from 1 to 5?")]})
    elif complaint.contact_attempts < ATTEMPTS_TO_CLOSE:
        raise ValidationError(
            {
                "reached": [
                    _("Reach the customer, or document %(n)s attempts first (%(done)s so far).")
                    % {"n": ATTEMPTS_TO_CLOSE, "done": complaint.contact_attempts}
                ]
            }
        )
    advance(actor=actor, complaint=complaint, to=Step.FEEDBACK, note=note)
    complaint.feedback_reached = bool(reached)
    complaint.satisfaction = satisfaction if reached else None
    complaint.feedback = (feedback or "").strip()
    complaint.save()
    return complaint


@transaction.atomic
def complaint_archive(*, actor: Actor, complaint: Complaint, note: str = "") -> Complaint:
    """Step 8: closed for good. The follow-up engine then calls the customer about the handling."""
    from dealercrm.followups.services import record_event

    actor.require(Perm.MANAGE_COMPLAINTS)
    complaint = lock(complaint)
    check_next(complaint, Step.ARCHIVED)
    if not _closable(complaint):
        raise ValidationError(
            {
                "step": [
                    _("Closing needs a resolution and the customer's feedback, or three documented attempts.")
                ]
            }
        )
    done = advance(actor=actor, complaint=complaint, to=Step.ARCHIVED, note=note)
    complaint.closed_at = done.at
    complaint.save()
    record_event(
        kind="complaint_closed",
        customer=complaint.customer,
        vehicle=complaint.vehicle,
        occurred_on=timezone.localdate(done.at),
        source=f"complaints.complaint:{complaint.pk}",
        actor=actor,
    )
    return complaint


@transaction.atomic
def complaint_escalate(*, actor: Actor, complaint: Complaint, note: str = "") -> Complaint:
    """A manager hands the complaint one level up (COC manager, then GM), who is notified."""
    actor.require(Perm.MANAGE_COMPLAINTS)
    complaint = lock(complaint)
    if not complaint.is_open:
        raise ValidationError({"step": [_("Complaint #%(pk)s is archived.") % {"pk": complaint.pk}]})
    if complaint.handling_level >= HandlingLevel.GENERAL_MANAGER:
        raise ValidationError({"step": [_("The general manager already handles this complaint.")]})
    complaint.handling_level += 1
    complaint.save(update_fields=["handling_level", "updated_at"])
    event(
        complaint=complaint,
        actor=actor,
        kind=EventKind.ESCALATED,
        note=f"{HandlingLevel(complaint.handling_level).label}. {note}".strip(),
    )
    roles = [Role.COC_MANAGER] if complaint.handling_level == HandlingLevel.COC_MANAGER else APPROVER_ROLES
    notify(
        complaint,
        NotificationKind.ESCALATED,
        staff_ids([complaint.dealer_id], roles).get(complaint.dealer_id, []),
    )
    return complaint
