"""Forms for the messaging pages; the services validate (a clear error per field, nothing half saved)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dealercrm.core.forms import DateInput
from dealercrm.messaging.choices import MessageChannel, MessagePurpose, MessageStatus
from dealercrm.messaging.rendering import VARIABLES


def variables_help() -> str:
    return gettext("Variables: %(names)s. Write {{ or }} for a literal brace.") % {
        "names": " ".join(f"{{{v}}}" for v in VARIABLES)
    }


class TemplateForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=30)
    name = forms.CharField(label=_("name"), max_length=80)
    channel = forms.ChoiceField(label=_("channel"), choices=MessageChannel.choices)
    purpose = forms.ChoiceField(label=_("message type"), choices=MessagePurpose.choices)
    subject_zh = forms.CharField(label=_("subject (Chinese)"), max_length=120, required=False)
    body_zh = forms.CharField(
        label=_("text (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    subject_en = forms.CharField(label=_("subject (English)"), max_length=120, required=False)
    body_en = forms.CharField(
        label=_("text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    wechat_template_id = forms.CharField(label=_("WeChat template ID"), max_length=64, required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_zh"].help_text = variables_help()


class PolicyForm(forms.Form):
    send_from = forms.TimeField(
        label=_("send from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    send_until = forms.TimeField(
        label=_("send until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    cap_messages = forms.IntegerField(label=_("marketing messages at most"), min_value=0, max_value=100)
    cap_days = forms.IntegerField(label=_("in days"), min_value=1, max_value=365)


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("Any")), *MessageStatus.choices]
    )
    channel = forms.ChoiceField(
        label=_("channel"), required=False, choices=[("", _("Any")), *MessageChannel.choices]
    )
    purpose = forms.ChoiceField(
        label=_("message type"), required=False, choices=[("", _("Any")), *MessagePurpose.choices]
    )
    date_from = forms.DateField(label=_("Queued from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Queued until"), required=False, widget=DateInput())
