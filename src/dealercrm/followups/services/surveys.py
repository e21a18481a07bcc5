"""Questionnaires: versions, answer validation, CSI / SSI scores and alerts for low scores."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.services import timeline_append
from dealercrm.followups import timeline as tl
from dealercrm.followups.choices import AlertStatus, QuestionKind, ScoreKind
from dealercrm.followups.models import (
    Answer,
    CallLog,
    FollowUpTask,
    Question,
    Questionnaire,
    SurveyAlert,
    SurveyResponse,
)
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

YES, NO = "yes", "no"
SCALE_MAX = {QuestionKind.SCALE_5: 5, QuestionKind.SCALE_10: 10}


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = False


def questionnaires_for_task(task: FollowUpTask) -> list[Questionnaire]:
    """The current version of every questionnaire the task's open purposes ask for, with their questions."""
    codes = {p.questionnaire_code for p in task.purposes.all() if p.questionnaire_code and p.status == "open"}
    if not codes:
        return []
    return list(
        Questionnaire.objects.filter(dealer_id=task.dealer_id, code__in=codes, is_current=True)
        .prefetch_related("questions")
        .order_by("code")
    )


def _clean_value(question: Question, raw) -> str:
    value = str(raw).strip() if raw is not None else ""
    if question.kind in SCALE_MAX:
        top = SCALE_MAX[question.kind]
        if not value.isdigit() or not 1 <= int(value) <= top:
            raise ValidationError(_("Choose a number from 1 to %(top)d.") % {"top": top})
    elif question.kind == QuestionKind.YES_NO:
        value = value.lower()
        if value not in (YES, NO):
            raise ValidationError(_("Answer yes or no."))
    elif question.kind == QuestionKind.CHOICE:
        if value not in question.options:
            raise ValidationError(_("Choose one of the options."))
    elif len(value) > 1000:
        raise ValidationError(_("At most 1000 characters."))
    return value


def answers_clean(
    questionnaires: list[Questionnaire], answers: dict, *, require: bool
) -> dict[int, dict[Question, str]]:
    """{questionnaire id: {question: value}} for the answered questions; errors keyed "q<question id>"."""
    answers = {str(k): v for k, v in (answers or {}).items()}
    known = {str(q.pk) for qn in questionnaires for q in qn.questions.all()}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(answers) - known)
    if unknown:
        errors["answers"] = [
            _("These questions are not in this call's script: %(ids)s") % {"ids": ", ".join(unknown)}
        ]
    cleaned: dict[int, dict[Question, str]] = {}
    for qn in questionnaires:
        for question in qn.questions.all():
            raw = answers.get(str(question.pk))
            if raw in (None, ""):
                if require and question.required:
                    errors[f"q{question.pk}"] = [_("This question needs an answer.")]
                continue
            try:
                cleaned.setdefault(qn.pk, {})[question] = _clean_value(question, raw)
            except ValidationError as exc:
                errors[f"q{question.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def score(values: dict[Question, str]) -> int | None:
    """0-100: the mean of the scored answers, each scaled to 0-100; None when nothing scored was answered."""
    points = []
    for question, value in values.items():
        if question.kind in SCALE_MAX:
            points.append((int(value) - 1) * 100 / (SCALE_MAX[question.kind] - 1))
        elif question.kind == QuestionKind.YES_NO:
            points.append(100 if value == YES else 0)
    return round(sum(points) / len(points)) if points else None


def responses_save(
    *, call: CallLog, questionnaires: list[Questionnaire], cleaned: dict[int, dict[Question, str]]
) -> list[SurveyResponse]:
    """Store each questionnaire's answers for the call; a low score raises an alert for the COC manager."""
    saved = []
    for qn in questionnaires:
        values = cleaned.get(qn.pk)
        if not values:
            continue
        value = score(values) if qn.score_kind != ScoreKind.CARE else None
        response = SurveyResponse.objects.create(
            dealer_id=call.dealer_id, call=call, customer_id=call.customer_id, questionnaire=qn, score=value
        )
        Answer.objects.bulk_create(Answer(response=response, question=q, value=v) for q, v in values.items())
        if value is not None and value <= qn.alert_at_or_below:
            SurveyAlert.objects.create(
                dealer_id=call.dealer_id, response=response, customer_id=call.customer_id, score=value
            )
            timeline_append(
                customer=call.customer,
                kind=tl.SURVEY_ALERT,
                summary=_("%(name)s: %(score)d / 100") % {"name": qn.name, "score": value},
                occurred_at=call.at,
                ref=response,
            )
        saved.append(response)
    return saved


def questions_parse(text: str) -> list[QuestionInput]:
    """The questionnaire editor's text: one question per line, "kind | question | option; option" with an
    optional "*" after the kind for a required question, e.g. "scale10* | How satisfied are you?"."""
    questions, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        kind, required = parts[0].rstrip("*").strip(), parts[0].endswith("*")
        if kind not in QuestionKind.values or len(parts) < 2 or not parts[1]:
            errors.append(_("Line %(n)d: write “kind | question”, kind one of %(kinds)s.") % {
                "n": number, "kinds": ", ".join(QuestionKind.values)})  # fmt: skip
            continue
        options = tuple(o.strip() for o in parts[2].split(";") if o.strip()) if len(parts) > 2 else ()
        questions.append(QuestionInput(kind, parts[1], options, required))
    if errors:
        raise ValidationError({"questions": errors})
    return questions


@transaction.atomic
def questionnaire_new_version(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    name: str,
    alert_at_or_below: int,
    questions: list[QuestionInput],
) -> Questionnaire:
    """Publish a new version; answers already given keep pointing at the version they answered."""
    actor.require(Perm.MANAGE_FOLLOWUPS)
    actor.check_dealer(questionnaire.dealer_id)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Name the questionnaire.")]
    if not 0 <= alert_at_or_below <= 100:
        errors["alert_at_or_below"] = [_("The alert threshold is a score from 0 to 100.")]
    if not questions:
        errors["questions"] = [_("Add at least one question.")]
    for q in questions:
        if q.kind not in QuestionKind.values or not q.text.strip() or len(q.text) > 300:
            errors.setdefault("questions", []).append(_("Each question needs a known kind and a text."))
        if q.kind == QuestionKind.CHOICE and len(q.options) < 2:
            errors.setdefault("questions", []).append(
                _("A single-choice question needs at least two options.")
            )
    if errors:
        raise ValidationError(errors)
    last = Questionnaire.objects.filter(dealer_id=questionnaire.dealer_id, code=questionnaire.code).aggregate(
        v=Max("version")
    )["v"]
    Questionnaire.objects.filter(dealer_id=questionnaire.dealer_id, code=questionnaire.code).update(
        is_current=False
    )
    new = Questionnaire.objects.create(
        dealer_id=questionnaire.dealer_id,
        code=questionnaire.code,
        version=last + 1,
        name=name.strip(),
        score_kind=questionnaire.score_kind,
        alert_at_or_below=alert_at_or_below,
    )
    Question.objects.bulk_create(
        Question(questionnaire=new, position=i, text=q.text.strip(), kind=q.kind, options=list(q.options),
                 required=q.required)
        for i, q in enumerate(questions, start=1)
    )  # fmt: skip
    return new


@transaction.atomic
def alert_handle(*, actor: Actor, alert: SurveyAlert, note: str = "") -> SurveyAlert:
    """The COC manager has dealt with a low score (called back, opened a complaint, …)."""
    actor.require(Perm.MANAGE_FOLLOWUPS)
    actor.check_dealer(alert.dealer_id)
    if alert.status == AlertStatus.HANDLED:
        raise ValidationError(_("This alert is already handled."))
    alert.status = AlertStatus.HANDLED
    alert.handled_by_id = actor.user_id
    alert.handled_at = timezone.now()
    alert.note = (note or "").strip()
    alert.save(update_fields=["status", "handled_by", "handled_at", "note", "updated_at"])
    return alert
