"""Care rules: for each occasion of a dealer's customers, send a message or plan a call, some days ahead."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealercrm.care.choices import CareAction, Occasion
from dealercrm.core.models import DealerScopedModel, staff_ref

MAX_LEAD_DAYS = 90


class CareRule(DealerScopedModel):
    """One occasion and action of a dealer. `lead_days` = how many days before the occasion the job acts: a
    message is sent then; a call's event is recorded then (the follow-up rule's offset sets the call's day)."""

    occasion = models.CharField(_("occasion"), max_length=24, choices=Occasion.choices)
    action = models.CharField(_("action"), max_length=8, choices=CareAction.choices)
    template = models.ForeignKey(
        "messaging.MessageTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("message template"),
    )  # fmt: skip
    lunar_template = models.ForeignKey(
        "messaging.MessageTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("template for lunar birthdays"),
        help_text=_("Birthday messages to customers who keep a lunar birthday; empty = the template above."),
    )  # fmt: skip
    lead_days = models.PositiveSmallIntegerField(
        _("days before"), default=0, help_text=_("How many days before the occasion to act (0 = on the day).")
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = staff_ref(_("changed by"))

    class Meta:
        verbose_name = _("care rule")
        verbose_name_plural = _("care rules")
        ordering = ["dealer", "occasion", "action"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "occasion", "action"], name="care_rule_unique"),
            models.CheckConstraint(condition=Q(occasion__in=Occasion.values), name="care_rule_occasion"),
            models.CheckConstraint(condition=Q(action__in=CareAction.values), name="care_rule_action"),
            models.CheckConstraint(condition=Q(lead_days__lte=MAX_LEAD_DAYS), name="care_rule_lead_days"),
        ]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} · {self.get_action_display()}"
