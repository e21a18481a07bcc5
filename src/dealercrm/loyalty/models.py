"""Loyalty standing (category, churn risk, tier) per owner, membership tiers, and the points ledger."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealercrm.core.models import DealerScopedModel, TimeStampedModel, staff_ref
from dealercrm.loyalty.choices import LoyaltyCategory, PointsKind

MONEY = {"max_digits": 14, "decimal_places": 2}


class MembershipTier(DealerScopedModel):
    """A tier an owner reaches by cumulative spend and loyalty; its discount applies to repair-order lines."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Higher ranks are better tiers."))
    discount_percent = models.DecimalField(_("discount %"), max_digits=5, decimal_places=2)
    min_spend = models.DecimalField(_("cumulative spend from"), default=0, **MONEY)
    min_category = models.CharField(
        _("loyalty at least"), max_length=12, choices=LoyaltyCategory.choices, blank=True,
        help_text=_("Leave empty to ignore loyalty."),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")
        ordering = ["dealer", "-rank"]
        constraints = [
            models.UniqueConstraint(fields=["dealer", "code"], name="loyalty_tier_code_unique"),
            models.UniqueConstraint(fields=["dealer", "rank"], name="loyalty_tier_rank_unique"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="loyalty_tier_discount_range",
            ),
            models.CheckConstraint(condition=Q(min_spend__gte=0), name="loyalty_tier_spend_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class LoyaltyProfile(models.Model):
    """One row per customer, rewritten by the nightly recompute (set-based); read by segments and the 360 page."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, primary_key=True, related_name="loyalty",
        verbose_name=_("customer"),
    )  # fmt: skip
    dealer = models.ForeignKey("org.Dealer", on_delete=models.PROTECT, verbose_name=_("dealer"))
    category = models.CharField(
        _("loyalty"), max_length=12, choices=LoyaltyCategory.choices, default=LoyaltyCategory.NEW
    )
    services_due = models.PositiveIntegerField(_("scheduled services due"), default=0)
    services_done = models.PositiveIntegerField(_("scheduled services done here"), default=0)
    churn_score = models.PositiveSmallIntegerField(_("churn risk"), default=0)
    churn_reasons = models.JSONField(_("churn reasons"), default=list, blank=True)
    tier = models.ForeignKey(
        MembershipTier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tier"),
    )
    tier_since = models.DateField(_("tier since"), null=True, blank=True)
    points_balance = models.IntegerField(_("points balance"), default=0)
    computed_on = models.DateField(_("computed on"), null=True, blank=True)
    created_on = models.DateField(
        _("first computed on"),
        null=True,
        blank=True,
        help_text=_("The nightly recompute that first saw this owner: its crossings book no win-back call."),
    )
    at_risk_since = models.DateField(
        _("at risk since"),
        null=True,
        blank=True,
        help_text=_("Set when the churn risk reaches the dealer's win-back threshold, cleared below it."),
    )

    class Meta:
        verbose_name = _("loyalty profile")
        verbose_name_plural = _("loyalty profiles")
        indexes = [
            models.Index(fields=["dealer", "-churn_score"], name="loyalty_profile_churn_idx"),
            models.Index(fields=["dealer", "category"], name="loyalty_profile_category_idx"),
            models.Index(fields=["dealer", "tier"], name="loyalty_profile_tier_idx"),
            # Group HQ's at-risk list (every dealer) and the nightly win-back pick (crossed today).
            models.Index(fields=["-churn_score", "customer"], name="loyalty_profile_churn_all_idx"),
            models.Index(fields=["at_risk_since"], name="loyalty_profile_at_risk_idx"),
            # Segments: tier / loyalty / churn rules are EXISTS on the profile by customer (index-only scans).
            models.Index(fields=["tier", "customer"], name="loyalty_profile_seg_tier_idx"),
            models.Index(fields=["category", "customer"], name="loyalty_profile_seg_cat_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(churn_score__lte=100), name="loyalty_churn_range"),
            models.CheckConstraint(condition=Q(points_balance__gte=0), name="loyalty_points_never_negative"),
            models.CheckConstraint(
                condition=Q(category__in=LoyaltyCategory.values), name="loyalty_category_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.get_category_display()}"


class StandingPolicy(TimeStampedModel):
    """A dealer's win-back threshold: owners whose churn risk reaches it get a win-back call (once a month at
    most). No row means the default (loyalty.standing_rules.WINBACK_THRESHOLD)."""

    dealer = models.OneToOneField(
        "org.Dealer", on_delete=models.CASCADE, related_name="standing_policy", verbose_name=_("dealer")
    )
    winback_threshold = models.PositiveSmallIntegerField(
        _("win-back call from churn risk"),
        default=60,
        help_text=_("Owners whose churn risk (1-100) reaches this are on the at-risk list."),
    )
    winback_calls = models.BooleanField(
        _("create win-back calls nightly"),
        default=True,
        help_text=_("The nightly recompute books a win-back call for owners who reach the threshold."),
    )

    class Meta:
        verbose_name = _("win-back policy")
        verbose_name_plural = _("win-back policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(winback_threshold__gte=1, winback_threshold__lte=100),
                name="loyalty_winback_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.dealer)


class TierChange(models.Model):
    """Tier history: every move up or down, when and why."""

    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="tier_changes",
        verbose_name=_("customer"),
    )
    dealer = models.ForeignKey("org.Dealer", on_delete=models.PROTECT, verbose_name=_("dealer"))
    from_tier = models.ForeignKey(
        MembershipTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_tier = models.ForeignKey(
        MembershipTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    changed_on = models.DateField(_("changed on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        indexes = [models.Index(fields=["customer", "-changed_on"], name="loyalty_tierchange_idx")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.changed_on}"


class PointsPolicy(TimeStampedModel):
    """How a dealer earns, values and expires points."""

    dealer = models.OneToOneField(
        "org.Dealer", on_delete=models.CASCADE, related_name="points_policy", verbose_name=_("dealer")
    )
    points_per_yuan = models.DecimalField(
        _("points per yuan spent"), max_digits=6, decimal_places=2, default=1
    )
    yuan_per_point = models.DecimalField(
        _("value of one point (yuan)"), max_digits=6, decimal_places=3, default=0.01
    )
    expiry_months = models.PositiveSmallIntegerField(_("points expire after months"), default=24)
    max_redeem_percent = models.PositiveSmallIntegerField(_("points may pay at most %"), default=50)

    class Meta:
        verbose_name = _("points policy")
        verbose_name_plural = _("points policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_redeem_percent__lte=100), name="loyalty_policy_redeem_range"
            ),
        ]


class PointsEntry(models.Model):
    """The ledger. Earn rows are lots: `remaining` is what is left of them, spent and expired first-in-first-out."""

    dealer = models.ForeignKey("org.Dealer", on_delete=models.PROTECT, verbose_name=_("dealer"))
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="points", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PointsKind.choices)
    points = models.IntegerField(
        _("points"), help_text=_("Positive when earned, negative when spent or expired.")
    )
    remaining = models.PositiveIntegerField(_("remaining of this lot"), default=0)
    occurred_on = models.DateField(_("date"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    source_key = models.CharField(_("source"), max_length=80, unique=True)
    ref_type = models.CharField(_("reference type"), max_length=40, blank=True)
    ref_id = models.BigIntegerField(_("reference id"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    actor = staff_ref(_("by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        indexes = [
            models.Index(fields=["customer", "-occurred_on", "-id"], name="loyalty_points_customer_idx"),
            models.Index(
                fields=["expires_on"], condition=Q(remaining__gt=0), name="loyalty_points_open_lots_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PointsKind.values), name="loyalty_points_kind_known"),
            models.CheckConstraint(
                condition=Q(kind=PointsKind.EARN, points__gt=0) | ~Q(kind=PointsKind.EARN),
                name="loyalty_points_earn_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[PointsKind.REDEEM, PointsKind.EXPIRE], points__lt=0)
                | ~Q(kind__in=[PointsKind.REDEEM, PointsKind.EXPIRE]),
                name="loyalty_points_spend_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}"
