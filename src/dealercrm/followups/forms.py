"""Forms of the follow-up pages. They check shapes only; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dealercrm.followups.choices import AuditResult, CallOutcome, QuestionKind, TaskStatus, WorkRole
from dealercrm.followups.models import Questionnaire

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class OutcomeForm(forms.Form):
    """The outcome of a call, plus one field "q<id>" per question of the merged script."""

    outcome = forms.ChoiceField(
        label=_("What happened"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    callback_at = forms.DateTimeField(
        label=_("Call back at"), required=False, widget=DateTimeInput, help_text=_("For a callback request.")
    )
    contact = forms.TypedChoiceField(
        label=_("Number dialled"), coerce=int, required=False, empty_value=None,
        help_text=_("Flagged when it is a wrong number."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, questionnaires: list[Questionnaire] = (), phones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [(pk, f"{label} {shown}") for pk, label, shown, _primary in phones]
        self.question_groups = []
        for qn in questionnaires:
            names = []
            for q in qn.questions.all():
                name = f"q{q.pk}"
                self.fields[name] = self._question_field(q)
                names.append(name)
            self.question_groups.append((qn, names))

    @staticmethod
    def _question_field(q) -> forms.Field:
        label, required = q.text, False  # required questions are checked by the service for completed calls
        if q.kind in (QuestionKind.SCALE_5, QuestionKind.SCALE_10):
            top = 5 if q.kind == QuestionKind.SCALE_5 else 10
            choices = [(str(i), str(i)) for i in range(1, top + 1)]
            return forms.ChoiceField(
                label=label, choices=choices, required=required, widget=forms.RadioSelect
            )
        if q.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(label=label, choices=YES_NO, required=required, widget=forms.RadioSelect)
        if q.kind == QuestionKind.CHOICE:
            choices = [(o, o) for o in q.options]
            return forms.ChoiceField(
                label=label, choices=choices, required=required, widget=forms.RadioSelect
            )
        return forms.CharField(
            label=label, required=required, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
        )

    def question_groups_bound(self):
        return [(qn, [self[name] for name in names]) for qn, names in self.question_groups]

    def answers(self) -> dict[str, str]:
        return {
            name[1:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit() and value not in (None, "")
        }


class RuleForm(forms.Form):
    purpose_name = forms.CharField(label=_("Purpose"), max_length=100)
    offset_days = forms.IntegerField(
        label=_("Offset (calendar days)"), min_value=-365, max_value=3650,
        help_text=_("Days after the event; negative for before (a due date)."),
    )  # fmt: skip
    window_days = forms.IntegerField(label=_("Window (working days)"), min_value=0, max_value=60)
    priority = forms.IntegerField(
        label=_("Priority"), min_value=0, max_value=100, help_text=_("Higher first.")
    )
    questionnaire_code = forms.ChoiceField(label=_("Questionnaire"), required=False)
    role = forms.ChoiceField(label=_("Worked by"), choices=WorkRole.choices)
    repeat_every_days = forms.IntegerField(
        label=_("Repeat every (days)"), min_value=1, max_value=3650, required=False
    )
    repeat_until_days = forms.IntegerField(label=_("Until day"), min_value=0, max_value=3650, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, codes: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire_code"].choices = [("", _("None")), *codes]


class QuestionnaireForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    alert_at_or_below = forms.IntegerField(label=_("Alert at or below (0-100)"), min_value=0, max_value=100)
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "One per line: kind | question | option; option. Kinds: scale5, scale10, yes_no, choice, text; "
            "add * after the kind for a required question."
        ),
    )


class PolicyForm(forms.Form):
    max_calls_7d = forms.IntegerField(label=_("Calls per 7 days"), min_value=1, max_value=20)
    max_calls_30d = forms.IntegerField(label=_("Calls per 30 days"), min_value=1, max_value=60)
    max_callers_90d = forms.IntegerField(label=_("Distinct callers per 90 days"), min_value=1, max_value=20)
    max_attempts = forms.IntegerField(label=_("Attempts before unreachable"), min_value=1, max_value=10)
    quiet_until = forms.TimeField(label=_("First call at"), widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_from = forms.TimeField(label=_("Last call before"), widget=forms.TimeInput(attrs={"type": "time"}))


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *TaskStatus.choices]
    )
    due = forms.ChoiceField(
        label=_("Due"), required=False,
        choices=[("", _("Any time")), ("today", _("Callable today")), ("overdue", _("Overdue"))],
    )  # fmt: skip


class ReassignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Give to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Back to the whole queue")),
            *[(u.pk, u.username) for u in agents],
        ]


class AuditForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=AuditResult.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AlertForm(forms.Form):
    note = forms.CharField(label=_("What was done"), required=False, max_length=2000)
