from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dealercrm.core.models import TimeStampedModel
from dealercrm.org.roles import Role


class DealerGroup(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("dealer group")
        verbose_name_plural = _("dealer groups")

    def __str__(self) -> str:
        return self.name


class Dealer(TimeStampedModel):
    group = models.ForeignKey(
        DealerGroup, on_delete=models.PROTECT, related_name="dealers", verbose_name=_("group")
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=60)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dealer")
        verbose_name_plural = _("dealers")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StaffProfile(TimeStampedModel):
    """A user's place in the organisation. Dealer staff have a dealer; group HQ and admins have none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff", verbose_name=_("user")
    )
    dealer = models.ForeignKey(
        Dealer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("dealer"),
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    on_duty = models.BooleanField(_("on duty"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class StaffRole(models.Model):
    staff = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="roles", verbose_name=_("staff member")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["staff", "role"], name="org_staffrole_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="org_staffrole_known"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()
