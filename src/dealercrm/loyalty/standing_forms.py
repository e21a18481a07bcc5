"""Forms of the standing pages: the at-risk list's filters, a membership tier, the win-back policy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.loyalty.models import MembershipTier


class AtRiskFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Loyalty"), required=False, choices=[("", _("Any")), *LoyaltyCategory.choices]
    )
    tier = forms.TypedChoiceField(label=_("Tier"), required=False, coerce=int, empty_value=None)
    min_score = forms.IntegerField(label=_("Churn risk at least"), required=False, min_value=0, max_value=100)

    def __init__(self, *args, tiers=(), show_dealer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = [("", _("Any")), *[(t.pk, _tier_label(t, show_dealer)) for t in tiers]]


def _tier_label(tier: MembershipTier, show_dealer: bool) -> str:
    return f"{tier.dealer.code} · {tier.name}" if show_dealer else tier.name


class TierForm(forms.Form):
    """The service validates (unique code and rank per dealer, 0-100 %); the form only shapes the input."""

    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("Lowercase letters and digits, e.g. silver.")
    )
    name = forms.CharField(label=_("Name"), max_length=40)
    rank = forms.IntegerField(label=_("Rank"), help_text=_("Higher ranks are better tiers."))
    discount_percent = forms.DecimalField(label=_("Discount %"), max_digits=6, decimal_places=2)
    min_spend = forms.DecimalField(
        label=_("Cumulative spend from (¥)"), max_digits=14, decimal_places=2, initial=0
    )
    min_category = forms.ChoiceField(
        label=_("Loyalty at least"),
        required=False,
        choices=[("", _("Any owner")), *LoyaltyCategory.choices],
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    dealer = forms.TypedChoiceField(label=_("Dealer"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, dealers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dealers is None:
            del self.fields["dealer"]
        else:
            self.fields["dealer"].choices = [(d.pk, f"{d.code} {d.name}") for d in dealers]
            self.fields["dealer"].required = True


class PolicyForm(forms.Form):
    winback_threshold = forms.IntegerField(
        label=_("At risk from churn score"), min_value=1, max_value=100, initial=60
    )
    winback_calls = forms.BooleanField(label=_("Book win-back calls nightly"), required=False, initial=True)
