"""Orders (signed → paid → vehicle allocated → delivered, or cancelled) and the delivery with its checklist."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dealercrm.core.models import DealerScopedModel, staff_ref
from dealercrm.sales.choices import DiscountApproval, OrderStatus, PaymentMethod

MONEY = {"max_digits": 12, "decimal_places": 2}


class Order(DealerScopedModel):
    lead = models.ForeignKey(
        "sales.Lead", on_delete=models.PROTECT, related_name="orders", verbose_name=_("lead")
    )
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="sales_orders",
        verbose_name=_("customer"),
    )
    model = models.ForeignKey(
        "vehicles.VehicleModel", on_delete=models.PROTECT, related_name="+", verbose_name=_("model")
    )
    trim = models.CharField(_("trim"), max_length=80, blank=True)
    colour = models.CharField(_("colour"), max_length=30)
    price = models.DecimalField(_("price (CNY)"), **MONEY)
    discount = models.DecimalField(_("discount (CNY)"), default=0, **MONEY)
    deposit = models.DecimalField(_("deposit (CNY)"), default=0, **MONEY)
    payment = models.CharField(_("payment"), max_length=10, choices=PaymentMethod.choices)
    insurance_company = models.CharField(_("proposed insurer"), max_length=60, blank=True)
    insurance_premium = models.DecimalField(_("proposed premium (CNY)"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.SIGNED
    )
    discount_approval = models.CharField(
        _("discount approval"),
        max_length=12,
        choices=DiscountApproval.choices,
        default=DiscountApproval.NOT_NEEDED,
    )
    discount_decided_by = staff_ref(_("discount decided by"))
    discount_decided_at = models.DateTimeField(_("discount decided at"), null=True, blank=True)
    allocated_vin = models.CharField(_("allocated VIN"), max_length=17, blank=True)
    signed_on = models.DateField(_("signed on"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    allocated_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    created_by = staff_ref(_("created by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["dealer", "status", "signed_on"], name="sales_order_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=~Q(status=OrderStatus.CANCELLED),
                name="sales_order_one_active_per_lead",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="sales_order_price_positive"),
            models.CheckConstraint(
                condition=Q(discount__gte=0, discount__lte=F("price")), name="sales_order_discount_range"
            ),
            models.CheckConstraint(
                condition=Q(deposit__gte=0, deposit__lte=F("price") - F("discount")),
                name="sales_order_deposit_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="sales_order_status_known"
            ),
            models.CheckConstraint(
                condition=Q(payment__in=PaymentMethod.values), name="sales_order_payment_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="sales_order_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.model}"

    @property
    def net_price(self):
        return self.price - self.discount


# The delivery checklist, in the order it is worked through at the handover.
CHECKLIST = (
    ("pdi_done", _("Pre-delivery inspection (PDI) done")),
    ("invoice_issued", _("Invoice issued")),
    ("conformity_certificate", _("Certificate of conformity handed over")),
    ("insurance_done", _("Insurance in place")),
    ("keys_handed", _("Keys handed over")),
    ("features_explained", _("Feature walk-through done")),
    ("first_service_booked", _("First service explained and booked")),
    ("satisfaction_call_explained", _("Satisfaction call explained")),
)


class Delivery(DealerScopedModel):
    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="delivery", verbose_name=_("order")
    )
    pdi_done = models.BooleanField(CHECKLIST[0][1], default=False)
    invoice_issued = models.BooleanField(CHECKLIST[1][1], default=False)
    conformity_certificate = models.BooleanField(CHECKLIST[2][1], default=False)
    insurance_done = models.BooleanField(CHECKLIST[3][1], default=False)
    keys_handed = models.BooleanField(CHECKLIST[4][1], default=False)
    features_explained = models.BooleanField(CHECKLIST[5][1], default=False)
    first_service_booked = models.BooleanField(CHECKLIST[6][1], default=False)
    satisfaction_call_explained = models.BooleanField(CHECKLIST[7][1], default=False)
    override_by = staff_ref(_("checklist overridden by"))
    override_reason = models.TextField(_("override reason"), blank=True)
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = staff_ref(_("delivered by"))
    vehicle = models.OneToOneField(
        "vehicles.Vehicle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales_delivery",
        verbose_name=_("vehicle"),
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | Q(vehicle__isnull=False),
                name="sales_delivery_has_vehicle",
            ),
            models.CheckConstraint(
                condition=Q(override_by__isnull=True) | ~Q(override_reason=""),
                name="sales_delivery_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.order_id}"

    def checklist(self) -> list[tuple[str, str, bool]]:
        return [(name, str(label), getattr(self, name)) for name, label in CHECKLIST]

    @property
    def checklist_complete(self) -> bool:
        return all(getattr(self, name) for name, _label in CHECKLIST)
