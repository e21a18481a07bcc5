"""Choices of the points ledger: why points are redeemed, and the reference types ledger rows carry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RedeemReason(models.TextChoices):
    REPAIR_ORDER = "repair_order", _("Repair order")
    ACCESSORIES = "accessories", _("Accessories")
    OTHER = "other", _("Other")


# PointsEntry.ref_type values written by the points services and the daily job.
REF_ORDER = "service.repairorder"
REF_ENTRY = "loyalty.pointsentry"  # an expiry or a reversal points at the lot / redemption it concerns
REF_MANUAL = "manual"
REF_FOR_REASON = {
    RedeemReason.REPAIR_ORDER: REF_ORDER,
    RedeemReason.ACCESSORIES: RedeemReason.ACCESSORIES.value,
    RedeemReason.OTHER: RedeemReason.OTHER.value,
}
