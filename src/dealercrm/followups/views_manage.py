"""The COC manager's pages: queue health, tasks and reassignment, audits, alerts, rules, questionnaires."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.core.forms import apply_service_errors, field_errors
from dealercrm.followups import selectors, services
from dealercrm.followups.choices import AlertStatus
from dealercrm.followups.forms import (
    AlertForm,
    AuditForm,
    PolicyForm,
    QuestionnaireForm,
    ReassignForm,
    RuleForm,
    TaskFilterForm,
)
from dealercrm.followups.models import FollowUpRule
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm

PAGE_SIZE = 25


def _render(request, template: str, context: dict):
    """Every follow-up page knows what the follow-ups menu may offer this person."""
    actor = request.actor
    menu = {"can_work": actor.can(Perm.WORK_CALLS), "can_manage": actor.can(Perm.MANAGE_FOLLOWUPS)}
    return render(request, template, {**menu, **context})


def _bound(form_class, request, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


@requires(Perm.VIEW_FOLLOWUPS)
def health(request):
    actor = request.actor
    dealers, agents = selectors.queue_health(actor)
    policy = services.policy_for(actor.dealer_id) if actor.dealer_id else None
    context = {
        "dealers": dealers,
        "agents": agents,
        "saving": selectors.consolidation_saving(actor),
        "policy": policy,
        "can_manage": actor.can(Perm.MANAGE_FOLLOWUPS),
        "open_alerts": selectors.alerts_for(actor, AlertStatus.OPEN).count(),
    }
    return _render(request, "followups/health.html", context)


@requires(Perm.VIEW_FOLLOWUPS)
def tasks(request):
    actor = request.actor
    filters = TaskFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.task_list(actor, status=data.get("status", ""), due=data.get("due", ""))
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = actor.can(Perm.MANAGE_FOLLOWUPS)
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "tasks": page_obj.object_list,
        "can_manage": can_manage,
        "reassign": ReassignForm(agents=selectors.agents_for(actor)) if can_manage else None,
        "today": timezone.localdate(),
    }
    return _render(request, "followups/tasks.html", context)


@requires(Perm.MANAGE_FOLLOWUPS)
@require_POST
def reassign(request):
    actor = request.actor
    form = ReassignForm(request.POST, agents=selectors.agents_for(actor))
    ids = [int(x) for x in request.POST.getlist("task") if x.isdigit()]
    if form.is_valid():
        try:
            moved = services.tasks_reassign(
                actor=actor, task_ids=ids, assignee_id=form.cleaned_data["assignee"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d task(s) reassigned.") % {"n": moved})
    else:
        messages.error(request, _("Choose a colleague at this dealer who works calls."))
    return redirect(request.POST.get("next") or reverse("followups:tasks"))


@requires(Perm.VIEW_FOLLOWUPS)
def task_detail(request, pk: int):
    task = selectors.task_get(request.actor, pk)
    calls = task.calls.select_related("agent").prefetch_related("responses__questionnaire").order_by("-at")
    return _render(request, "followups/task.html", {"task": task, "calls": calls})


@requires(Perm.MANAGE_FOLLOWUPS)
def audit(request):
    actor = request.actor
    context = {
        "sample": selectors.audit_sample(actor),
        "recent": selectors.audits_recent(actor),
        "form": AuditForm(),
    }
    return _render(request, "followups/audit.html", context)


# Manager-only object routes are declared with the viewing permission and check MANAGE_FOLLOWUPS once the
# object is found: another dealer's id is a 404 for everyone (no probing), a colleague without the role gets 403.


@requires(Perm.VIEW_FOLLOWUPS)
@require_POST
def audit_record(request, pk: int):
    call = selectors.call_get(request.actor, pk)
    request.actor.require(Perm.MANAGE_FOLLOWUPS)
    form = AuditForm(request.POST)
    if form.is_valid():
        try:
            services.call_audit_record(actor=request.actor, call=call, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Audit of the call with %(name)s saved.") % {"name": call.customer.name}
            )
    else:
        messages.error(request, _("Choose passed or failed."))
    return redirect("followups:audit")


@requires(Perm.VIEW_FOLLOWUPS)
def alerts(request):
    actor = request.actor
    status = request.GET.get("status", AlertStatus.OPEN)
    status = status if status in AlertStatus.values or status == "all" else AlertStatus.OPEN
    rows = selectors.alerts_for(actor, "" if status == "all" else status).order_by("-created_at", "-id")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "alerts": page_obj.object_list,
        "status": status,
        "can_manage": actor.can(Perm.MANAGE_FOLLOWUPS),
        "form": AlertForm(),
    }
    return _render(request, "followups/alerts.html", context)


@requires(Perm.VIEW_FOLLOWUPS)
@require_POST
def alert_handle(request, pk: int):
    alert = selectors.alert_get(request.actor, pk)
    request.actor.require(Perm.MANAGE_FOLLOWUPS)
    form = AlertForm(request.POST)
    form.is_valid()
    try:
        services.alert_handle(actor=request.actor, alert=alert, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Alert for %(name)s handled.") % {"name": alert.customer.name})
    return redirect("followups:alerts")


@requires(Perm.VIEW_FOLLOWUPS)
def rules(request):
    actor = request.actor
    if (
        actor.dealer_id
        and not FollowUpRule.objects.filter(dealer_id=actor.dealer_id).exists()
        and not actor.is_read_only
    ):
        services.rules_ensure_defaults(dealer=Dealer.objects.get(pk=actor.dealer_id))
    context = {"rules": selectors.rules_for(actor), "can_manage": actor.can(Perm.MANAGE_FOLLOWUPS)}
    return _render(request, "followups/rules.html", context)


def _codes(actor, dealer_id: int) -> list[tuple[str, str]]:
    current = selectors.questionnaires_for(actor, current_only=True).filter(dealer_id=dealer_id)
    return [(q.code, q.name) for q in current]


@requires(Perm.VIEW_FOLLOWUPS)
def rule_edit(request, pk: int):
    actor = request.actor
    rule = selectors.rule_get(actor, pk)
    actor.require(Perm.MANAGE_FOLLOWUPS)
    initial = {name: getattr(rule, name) for name in services.rules.RULE_FIELDS}
    form = RuleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        codes=_codes(actor, rule.dealer_id),
    )
    if form.is_bound and form.is_valid():
        try:
            services.rule_update(actor=actor, rule=rule, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Rule %(rule)s saved.") % {"rule": rule})
            return redirect("followups:rules")
    context = {"form": form, "rule": rule, "validate_url": reverse("followups:rule-validate")}
    return _render(request, "followups/rule_form.html", context)


@requires(Perm.MANAGE_FOLLOWUPS)
@require_POST
def rule_validate(request):
    """htmx: the inline errors of the field that just changed."""
    return field_errors(request, RuleForm(request.POST))


@requires(Perm.VIEW_FOLLOWUPS)
def questionnaires(request):
    rows = selectors.questionnaires_for(request.actor)
    return _render(request, "followups/questionnaires.html", {"questionnaires": rows})


def _as_text(questionnaire) -> str:
    lines = []
    for q in questionnaire.questions.all():
        kind = q.kind + ("*" if q.required else "")
        lines.append(" | ".join([kind, q.text, *(["; ".join(q.options)] if q.options else [])]))
    return "\n".join(lines)


@requires(Perm.VIEW_FOLLOWUPS)
def questionnaire(request, pk: int):
    actor = request.actor
    qn = selectors.questionnaire_get(actor, pk)
    can_manage = actor.can(Perm.MANAGE_FOLLOWUPS)
    initial = {"name": qn.name, "alert_at_or_below": qn.alert_at_or_below, "questions": _as_text(qn)}
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        actor.require(Perm.MANAGE_FOLLOWUPS)
        if form.is_valid():
            try:
                new = services.questionnaire_new_version(
                    actor=actor, questionnaire=qn, name=form.cleaned_data["name"],
                    alert_at_or_below=form.cleaned_data["alert_at_or_below"],
                    questions=services.questions_parse(form.cleaned_data["questions"]),
                )  # fmt: skip
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Version %(v)d published.") % {"v": new.version})
                return redirect("followups:questionnaire", new.pk)
    return _render(
        request, "followups/questionnaire.html", {"qn": qn, "form": form, "can_manage": can_manage}
    )


@requires(Perm.MANAGE_FOLLOWUPS)
def policy(request):
    actor = request.actor
    if actor.dealer_id is None:
        messages.info(request, _("The contact policy is set per dealer by its COC manager."))
        return redirect("followups:health")
    current = services.policy_for(actor.dealer_id)
    initial = {name: getattr(current, name) for name in services.manage.POLICY_FIELDS}
    form = _bound(PolicyForm, request, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.policy_update(actor=actor, dealer_id=actor.dealer_id, fields=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Contact policy saved."))
            return redirect("followups:health")
    return render(
        request, "followups/policy.html", {"form": form, "validate_url": reverse("followups:policy-validate")}
    )


@requires(Perm.MANAGE_FOLLOWUPS)
@require_POST
def policy_validate(request):
    return field_errors(request, PolicyForm(request.POST))
