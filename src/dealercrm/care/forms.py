from django import forms
from django.utils.translation import gettext_lazy as _

from dealercrm.care.choices import CareAction, Occasion
from dealercrm.care.models import MAX_LEAD_DAYS


class CareRuleForm(forms.Form):
    """A rule's editable fields; `occasion` and `action` only when creating one."""

    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    action = forms.ChoiceField(label=_("Action"), choices=CareAction.choices)
    template = forms.TypedChoiceField(
        label=_("Message template"), required=False, coerce=int, empty_value=None
    )
    lunar_template = forms.TypedChoiceField(
        label=_("Template for lunar birthdays"), required=False, coerce=int, empty_value=None,
        help_text=_("Birthday rules only; empty = the template above."),
    )  # fmt: skip
    lead_days = forms.IntegerField(
        label=_("Days before"), min_value=0, max_value=MAX_LEAD_DAYS,
        help_text=_("How many days before the occasion to act (0 = on the day)."),
    )  # fmt: skip
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, templates: list[tuple[int, str]] = (), creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("None")), *templates]
        self.fields["template"].choices = choices
        self.fields["lunar_template"].choices = choices
        if not creating:
            del self.fields["occasion"]
            del self.fields["action"]
