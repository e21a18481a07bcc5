"""The agent's pages: the queue home, "Next call", the workbench with the script and the outcome form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import apply_service_errors
from dealercrm.customers.models import ContactPoint
from dealercrm.followups import selectors, services
from dealercrm.followups.choices import TaskStatus
from dealercrm.followups.forms import OutcomeForm
from dealercrm.followups.services.queue import current_claim, work_roles
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm


@requires(Perm.WORK_CALLS)
def home(request):
    actor = request.actor
    now = timezone.now()
    today = timezone.localdate(now)
    mine = selectors.tasks_for(actor).filter(status=TaskStatus.OPEN, role__in=work_roles(actor))
    context = {
        "held": current_claim(actor, now),
        "due_now": mine.filter(due_on__lte=today).count(),
        "callbacks": list(
            mine.filter(assignee_id=actor.user_id, callback_at__date=today)
            .select_related("customer")
            .order_by("callback_at")[:10]
        ),
        "recent": list(
            selectors.tasks_for(actor)
            .filter(calls__agent_id=actor.user_id, calls__at__date=today)
            .select_related("customer")
            .distinct()
            .order_by("-updated_at")[:10]
        ),
        "can_view": actor.can(Perm.VIEW_FOLLOWUPS),
        "can_manage": actor.can(Perm.MANAGE_FOLLOWUPS),
    }
    return render(request, "followups/home.html", context)


@requires(Perm.WORK_CALLS)
@require_POST
def take_next(request):
    offered = services.next_call(actor=request.actor)
    if offered.task is None:
        messages.info(request, offered.reason)
        return redirect("followups:home")
    return redirect("followups:work", offered.task.pk)


@requires(Perm.WORK_CALLS)
def work(request, pk: int):
    """The workbench: the customer's summary, the merged script and the outcome form."""
    actor = request.actor
    bench = selectors.workbench(actor, pk)
    task = bench.task
    holding = (
        task.status == TaskStatus.OPEN
        and task.claimed_by_id == actor.user_id
        and current_claim(actor, timezone.now()) is not None
    )
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        questionnaires=bench.questionnaires,
        phones=bench.phones,
    )
    if request.method == "POST" and form.is_valid():
        contact = None
        if form.cleaned_data.get("contact"):
            contact = ContactPoint.objects.filter(
                pk=form.cleaned_data["contact"], customer_id=task.customer_id
            ).first()
        try:
            call = services.call_record(
                actor=actor,
                task=task,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                callback_at=form.cleaned_data.get("callback_at"),
                answers=form.answers() if form.cleaned_data["outcome"] == "completed" else None,
                contact=contact,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Call with %(name)s recorded: %(outcome)s.")
                % {"name": bench.customer.name, "outcome": call.get_outcome_display()},
            )
            return redirect("followups:home")
    context = {"bench": bench, "task": task, "form": form, "holding": holding}
    return render(request, "followups/work.html", context)


@requires(Perm.WORK_CALLS)
@require_POST
def release(request, pk: int):
    task = selectors.task_get(request.actor, pk)
    services.task_release(actor=request.actor, task=task)
    messages.info(request, _("The call went back to the queue."))
    return redirect("followups:home")
