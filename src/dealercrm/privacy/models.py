from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PiiAccess(models.Model):
    """A staff member unmasked a phone or ID number: who, whose, which field, when, why (PIPL)."""

    dealer = models.ForeignKey("org.Dealer", on_delete=models.PROTECT, verbose_name=_("dealer"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    field = models.CharField(_("field"), max_length=40)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        indexes = [
            models.Index(fields=["customer", "-accessed_at"], name="privacy_access_customer_idx"),
            models.Index(fields=["user", "-accessed_at"], name="privacy_access_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.customer_id}.{self.field} @ {self.accessed_at:%Y-%m-%d %H:%M}"
