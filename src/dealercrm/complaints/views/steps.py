"""The complaint page's actions: one POST route per step or action, each calling one service.

ACTIONS says, for each action, the Perm it needs, when it is offered, its form and the service call. A view
fetches the complaint first (another dealer's is a 404), then checks the Perm (403), then calls the service.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dealercrm.complaints import selectors, services
from dealercrm.complaints.choices import STEP_ACTIONS, STEP_ORDER, Approval, HandlingLevel, Step, next_step
from dealercrm.complaints.forms import (
    AssignForm,
    AttemptForm,
    ChooseForm,
    ClassifyForm,
    DecideForm,
    FeedbackForm,
    ImplementForm,
    InvestigateForm,
    NoteForm,
    ProposeForm,
)
from dealercrm.complaints.models import Complaint
from dealercrm.complaints.services.common import check_next, require_step
from dealercrm.core.forms import apply_service_errors
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm


@dataclass(frozen=True)
class Action:
    name: str
    title: object
    perm: Perm
    form: Callable  # (data, complaint) -> Form
    call: Callable  # (actor, complaint, form) -> None
    step: str | None = None  # the step it moves to; None: an action within the current step
    offered: Callable = lambda c: True  # when the page shows it (a step: also only when it is the next one)


def _chosen(c: Complaint):
    return next((o for o in c.options.all() if o.chosen), None)


def _choose_options(c: Complaint) -> list[tuple[int, str]]:
    return [
        (
            o.pk,
            o.description
            + (
                f" · {o.get_compensation_kind_display()} ¥{o.compensation_amount}"
                if o.compensation_kind
                else ""
            ),
        )
        for o in c.options.all()
        if o.approval != Approval.REJECTED
    ]


def _ready_to_implement(c: Complaint) -> bool:
    chosen = _chosen(c)
    return chosen is not None and chosen.approval not in (Approval.PENDING, Approval.REJECTED)


def _data(form) -> dict:
    return form.cleaned_data


ACTIONS = {
    a.name: a
    for a in [
        Action(
            "classify",
            STEP_ACTIONS[Step.CLASSIFIED],
            Perm.MANAGE_COMPLAINTS,
            lambda d, c: ClassifyForm(
                d,
                initial={
                    "complaint_type": c.complaint_type,
                    "severity": c.severity,
                    "public_incident": c.public_incident,
                },
            ),
            lambda a, c, f: services.complaint_classify(actor=a, complaint=c, **_data(f)),
            step=Step.CLASSIFIED,
        ),
        Action(
            "assign",
            STEP_ACTIONS[Step.ASSIGNED],
            Perm.MANAGE_COMPLAINTS,
            lambda d, c: AssignForm(d, handlers=selectors.handler_choices(c.dealer_id)),
            lambda a, c, f: services.complaint_assign(actor=a, complaint=c, **_data(f)),
            step=Step.ASSIGNED,
        ),
        Action(
            "investigate",
            STEP_ACTIONS[Step.INVESTIGATED],
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: InvestigateForm(d),
            lambda a, c, f: services.complaint_investigate(actor=a, complaint=c, **_data(f)),
            step=Step.INVESTIGATED,
        ),
        Action(
            "propose",
            STEP_ACTIONS[Step.SOLUTION_PROPOSED],
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: ProposeForm(d),
            lambda a, c, f: services.complaint_propose(
                actor=a, complaint=c, options=f.options(), note=f.cleaned_data["note"]
            ),
            step=Step.SOLUTION_PROPOSED,
        ),
        Action(
            "choose",
            gettext_lazy("Record the customer's choice"),
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: ChooseForm(d, options=_choose_options(c)),
            lambda a, c, f: services.option_choose(actor=a, complaint=c, **_data(f)),
            offered=lambda c: c.step == Step.SOLUTION_PROPOSED and bool(_choose_options(c)),
        ),
        Action(
            "decide",
            gettext_lazy("Approve the compensation"),
            Perm.APPROVE_COMPENSATION,
            lambda d, c: DecideForm(d),
            lambda a, c, f: services.compensation_decide(
                actor=a,
                complaint=c,
                option=_chosen(c) or 0,
                approve=f.cleaned_data["decision"] == "approve",
                note=f.cleaned_data["note"],
            ),
            offered=lambda c: (
                c.step == Step.SOLUTION_PROPOSED and getattr(_chosen(c), "approval", "") == Approval.PENDING
            ),
        ),
        Action(
            "add-options",
            gettext_lazy("Offer more options"),
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: ProposeForm(d),
            lambda a, c, f: services.complaint_propose(
                actor=a, complaint=c, options=f.options(), note=f.cleaned_data["note"]
            ),
            offered=lambda c: c.step == Step.SOLUTION_PROPOSED,
        ),
        Action(
            "implement",
            STEP_ACTIONS[Step.IMPLEMENTED],
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: ImplementForm(d),
            lambda a, c, f: services.complaint_implement(actor=a, complaint=c, **_data(f)),
            step=Step.IMPLEMENTED,
            offered=_ready_to_implement,
        ),
        Action(
            "attempt",
            gettext_lazy("Document an attempt to reach the customer"),
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: AttemptForm(d),
            lambda a, c, f: services.contact_attempt_record(actor=a, complaint=c, **_data(f)),
            offered=lambda c: c.step == Step.IMPLEMENTED,
        ),
        Action(
            "feedback",
            STEP_ACTIONS[Step.FEEDBACK],
            Perm.HANDLE_COMPLAINTS,
            lambda d, c: FeedbackForm(d),
            lambda a, c, f: services.complaint_feedback(actor=a, complaint=c, **_data(f)),
            step=Step.FEEDBACK,
        ),
        Action(
            "archive",
            STEP_ACTIONS[Step.ARCHIVED],
            Perm.MANAGE_COMPLAINTS,
            lambda d, c: NoteForm(d),
            lambda a, c, f: services.complaint_archive(actor=a, complaint=c, **_data(f)),
            step=Step.ARCHIVED,
        ),
        Action(
            "escalate",
            gettext_lazy("Escalate one level"),
            Perm.MANAGE_COMPLAINTS,
            lambda d, c: NoteForm(d),
            lambda a, c, f: services.complaint_escalate(actor=a, complaint=c, **_data(f)),
            offered=lambda c: c.is_open and c.handling_level < HandlingLevel.GENERAL_MANAGER,
        ),
    ]
}


def _form(action: Action, data, complaint: Complaint):
    form = action.form(data, complaint)
    form.auto_id = f"id_{action.name}_%s"  # several forms on one page: unique ids
    return form


def _offered(action: Action, complaint: Complaint) -> bool:
    if action.step is not None and next_step(complaint.step) != action.step:
        return False
    return action.offered(complaint)


def detail_context(request, complaint: Complaint, bound: dict | None = None) -> dict:
    """Everything the complaint page shows; `bound` replaces one action's empty form with a submitted one."""
    actor = request.actor
    bound = bound or {}
    available = [
        {
            "name": a.name,
            "title": a.title,
            "url": reverse(f"complaints:{a.name}", args=[complaint.pk]),
            "form": bound.get(a.name) or _form(a, None, complaint),
            "is_step": a.step is not None,
        }
        for a in ACTIONS.values()
        if _offered(a, complaint) and actor.can(a.perm)
    ]
    [complaint] = selectors.with_time_left([complaint])
    current = STEP_ORDER.index(complaint.step)
    return {
        "complaint": complaint,
        "contact": selectors.customer_contact(actor, complaint.customer_id),
        "steps": [(Step(s).label, i < current, i == current) for i, s in enumerate(STEP_ORDER)],
        "events": list(complaint.events.all()),
        "options": list(complaint.options.all()),
        "policy": selectors.complaint_policy(complaint),
        "actions": [a for a in available if a["name"] != "escalate"],
        "escalate": next((a for a in available if a["name"] == "escalate"), None),
        "unknown_years": selectors.calendar_warning_years([complaint]),
        "improvements": list(complaint.improvement_actions.all()),
        "can_manage": actor.can(Perm.MANAGE_COMPLAINTS),
        "attempts_needed": services.ATTEMPTS_TO_CLOSE,
    }


def _make_view(action: Action):
    @requires(Perm.VIEW_COMPLAINTS)
    @require_POST
    def view(request, pk: int):
        complaint = selectors.complaint_detail(request.actor, pk)
        request.actor.require(action.perm)
        form = _form(action, request.POST, complaint)
        if not _offered(action, complaint):
            try:  # out of order, or not ready: the state machine and the service say why
                if action.step is None:
                    require_step(complaint)
                check_next(complaint, action.step)
                if form.is_valid():
                    action.call(request.actor, complaint, form)
                    messages.success(request, _("%(action)s: done.") % {"action": action.title})
                else:
                    messages.error(request, _("This is not possible at this point of the complaint."))
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            return redirect("complaints:detail", complaint.pk)
        if form.is_valid():
            try:
                action.call(request.actor, complaint, form)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("%(action)s: done.") % {"action": action.title})
                return redirect("complaints:detail", complaint.pk)
        complaint = selectors.complaint_detail(request.actor, pk)
        context = detail_context(request, complaint, bound={action.name: form})
        return render(request, "complaints/detail.html", context, status=400)

    view.__name__ = f"complaint_{action.name.replace('-', '_')}"
    return view


STEP_VIEWS = {name: _make_view(action) for name, action in ACTIONS.items()}
