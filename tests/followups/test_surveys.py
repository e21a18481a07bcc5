"""Questionnaires: the merged script, answer checks, CSI / SSI scores, alerts, versions."""

import pytest
from django.core.exceptions import ValidationError

from dealercrm.followups.choices import AlertStatus, CallOutcome, EventKind
from dealercrm.followups.models import Questionnaire, SurveyAlert, SurveyResponse
from dealercrm.followups.services import (
    alert_handle,
    call_record,
    next_call,
    questionnaire_new_version,
    questions_parse,
)
from dealercrm.followups.services.surveys import questionnaires_for_task, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(agent, actor_of):
    return actor_of(agent)


@pytest.fixture
def survey_task(customer, due_task, me, now, today):
    """A repair-closed call (SSI) merged with a complaint-closed call (handling), taken by the agent."""
    from dealercrm.followups.models import FollowUpTask

    task = due_task(customer, kind=EventKind.REPAIR_CLOSED)
    due_task(customer, kind=EventKind.COMPLAINT_CLOSED)
    FollowUpTask.objects.filter(pk=task.pk).update(due_on=today)
    assert next_call(actor=me, now=now).task.pk == task.pk
    return task


def _answers(qn: Questionnaire, **by_kind) -> dict:
    return {str(q.pk): by_kind[q.kind] for q in qn.questions.all() if q.kind in by_kind}


def test_the_script_merges_the_questionnaires_of_every_purpose(survey_task):
    assert [qn.code for qn in questionnaires_for_task(survey_task)] == ["complaint", "ssi"]


def test_it_scores_answers_from_0_to_100_and_raises_an_alert_at_or_below_the_threshold(survey_task, me, now):
    ssi, handling = (
        Questionnaire.objects.get(dealer_id=survey_task.dealer_id, code=c) for c in ("ssi", "complaint")
    )
    answers = {
        **_answers(ssi, scale10="10", yes_no="yes", scale5="5"),
        **_answers(handling, scale5="2", yes_no="no"),
    }
    call_record(actor=me, task=survey_task, outcome=CallOutcome.COMPLETED, answers=answers, now=now)
    responses = {r.questionnaire.code: r for r in SurveyResponse.objects.select_related("questionnaire")}
    assert responses["ssi"].score == 100
    assert responses["complaint"].score == 12  # (25 + 0) / 2, rounded
    alert = SurveyAlert.objects.get()
    assert alert.response == responses["complaint"] and alert.status == AlertStatus.OPEN
    assert responses["complaint"].answers.count() == 2


def test_it_rejects_out_of_range_or_unknown_answers_and_saves_nothing(survey_task, me, now):
    ssi = Questionnaire.objects.get(dealer_id=survey_task.dealer_id, code="ssi")
    with pytest.raises(ValidationError) as caught:
        call_record(
            actor=me,
            task=survey_task,
            outcome=CallOutcome.COMPLETED,
            answers=_answers(ssi, scale10="11"),
            now=now,
        )
    assert any(key.startswith("q") for key in caught.value.message_dict)
    with pytest.raises(ValidationError):
        call_record(
            actor=me, task=survey_task, outcome=CallOutcome.COMPLETED, answers={"999999": "1"}, now=now
        )
    assert not SurveyResponse.objects.exists()
    survey_task.refresh_from_db()
    assert survey_task.status == "open" and survey_task.attempts == 0


def test_scores_follow_the_scale(survey_task):
    ssi = Questionnaire.objects.get(dealer_id=survey_task.dealer_id, code="ssi")
    questions = {q.kind: q for q in ssi.questions.all()}
    assert score({questions["scale10"]: "1"}) == 0
    assert score({questions["scale10"]: "10", questions["yes_no"]: "no"}) == 50
    assert score({questions["text"]: "ok"}) is None


def test_a_new_version_keeps_old_answers_on_the_old_version(survey_task, me, now, manager, actor_of):
    ssi = Questionnaire.objects.get(dealer_id=survey_task.dealer_id, code="ssi")
    call_record(
        actor=me, task=survey_task, outcome=CallOutcome.COMPLETED, answers=_answers(ssi, scale10="9"), now=now
    )
    questions = questions_parse("scale5* | 服务满意吗\nchoice | 从哪里知道我们 | 朋友; 网络; 路过")
    new = questionnaire_new_version(
        actor=actor_of(manager), questionnaire=ssi, name="SSI 2027", alert_at_or_below=70, questions=questions
    )
    ssi.refresh_from_db()
    assert (new.version, new.is_current, ssi.is_current) == (2, True, False)
    assert [q.required for q in new.questions.all()] == [True, False]
    assert new.questions.get(position=2).options == ["朋友", "网络", "路过"]
    assert SurveyResponse.objects.get().questionnaire_id == ssi.pk


def test_the_question_editor_text_is_checked(manager, actor_of, survey_task):
    with pytest.raises(ValidationError):
        questions_parse("rating | How was it?")
    ssi = Questionnaire.objects.get(dealer_id=survey_task.dealer_id, code="ssi")
    with pytest.raises(ValidationError) as caught:
        questionnaire_new_version(
            actor=actor_of(manager), questionnaire=ssi, name="", alert_at_or_below=101,
            questions=questions_parse("choice | Only one? | yes"),
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"name", "alert_at_or_below", "questions"}


def test_agents_cannot_publish_questionnaires_and_managers_handle_alerts(
    survey_task, me, now, manager, agent, actor_of
):
    from django.core.exceptions import PermissionDenied

    handling = Questionnaire.objects.get(dealer_id=survey_task.dealer_id, code="complaint")
    with pytest.raises(PermissionDenied):
        questionnaire_new_version(
            actor=me,
            questionnaire=handling,
            name="x",
            alert_at_or_below=50,
            questions=questions_parse("text | x"),
        )
    call_record(
        actor=me,
        task=survey_task,
        outcome=CallOutcome.COMPLETED,
        answers=_answers(handling, scale5="1"),
        now=now,
    )
    alert = SurveyAlert.objects.get()
    with pytest.raises(PermissionDenied):
        alert_handle(actor=me, alert=alert)
    alert_handle(actor=actor_of(manager), alert=alert, note="回访安抚 已转投诉")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.HANDLED and alert.handled_by == manager
