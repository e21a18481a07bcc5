"""Forms of the points pages. They check the shape of the input; the services check the rules (balance,
order cap, permissions) and their errors land on the same fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dealercrm.loyalty.points_choices import RedeemReason
from dealercrm.loyalty.services.points_ledger import MAX_POINTS
from dealercrm.loyalty.services.points_policy import (
    MAX_EXPIRY_MONTHS,
    MAX_POINTS_PER_YUAN,
    MAX_YUAN_PER_POINT,
)

_NUMBER_MESSAGES = {
    "invalid": _("Enter a whole number of points."),
    "min_value": _("Enter at least %(limit_value)s."),
    "max_value": _("Enter at most %(limit_value)s."),
}


class PointsPolicyForm(forms.Form):
    points_per_yuan = forms.DecimalField(
        label=_("Points per yuan spent"),
        min_value=0,
        max_value=MAX_POINTS_PER_YUAN,
        decimal_places=2,
        max_digits=6,
        help_text=_(
            "On what the customer pays for a repair order (after discounts and points). 0 pauses earning."
        ),
    )
    yuan_per_point = forms.DecimalField(
        label=_("Value of one point (yuan)"),
        min_value=0,
        max_value=MAX_YUAN_PER_POINT,
        decimal_places=3,
        max_digits=6,
        help_text=_("What one point takes off a bill, e.g. 0.01 (100 points = ¥1)."),
    )
    expiry_months = forms.IntegerField(
        label=_("Points expire after (months)"),
        min_value=1,
        max_value=MAX_EXPIRY_MONTHS,
        help_text=_("Counted from the day the points were earned; the oldest points are spent first."),
    )
    max_redeem_percent = forms.IntegerField(
        label=_("Points may pay at most (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Of what the customer pays for a repair order."),
    )


class _PointsField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Points"))
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_POINTS)
        super().__init__(error_messages=_NUMBER_MESSAGES, **kwargs)


class RedeemForm(forms.Form):
    """Points for accessories or anything else but a repair order (that is the order's checkout box)."""

    points = _PointsField()
    reason = forms.ChoiceField(
        label=_("For"),
        choices=[
            (RedeemReason.ACCESSORIES, RedeemReason.ACCESSORIES.label),
            (RedeemReason.OTHER, RedeemReason.OTHER.label),
        ],
    )
    note = forms.CharField(
        label=_("Description"),
        max_length=200,
        help_text=_("What the customer takes, e.g. floor mats, a phone holder."),
    )


class OrderRedeemForm(forms.Form):
    points = _PointsField()
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AdjustForm(forms.Form):
    points = _PointsField(
        min_value=-MAX_POINTS,
        help_text=_("Positive to add points, negative to take them off."),
    )
    note = forms.CharField(label=_("Reason"), max_length=200)

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("Enter a number of points other than 0."))
        return points


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=200, required=False)
