"""Daily jobs of the customers app, set-based: one UPDATE per batch of ids, never a loop over customers."""

from datetime import date

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, Max, Min, OuterRef, Q, Value, When

from dealercrm.core.jobs import daily_job
from dealercrm.customers.models import Address, Consent, ContactPoint, Customer

BATCH = 50_000


def _points(condition, points: int):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def data_quality_expression():
    """0-100: can we reach this customer, identify them and know what they agreed to?"""
    good_mobile = ContactPoint.objects.filter(customer=OuterRef("pk"), kind="mobile", wrong_number=False)
    other_channel = ContactPoint.objects.filter(customer=OuterRef("pk"), kind__in=["email", "wechat"])
    address = Address.objects.filter(customer=OuterRef("pk"))
    consent = Consent.objects.filter(customer=OuterRef("pk"))
    return (
        _points(Q(Exists(good_mobile)), 35)
        + _points(Q(Exists(consent)), 15)
        + _points(~Q(id_number=""), 15)
        + _points(Q(birthday__isnull=False), 10)
        + _points(Q(Exists(address)), 10)
        + _points(Q(Exists(other_channel)), 10)
        + _points(~Q(gender=""), 5)
    )


@daily_job("customers.data_quality")
def recompute_data_quality(on: date) -> dict:
    bounds = Customer.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return {"customers": 0, "changed": 0}
    score = data_quality_expression()
    batch = BATCH if connection.vendor == "sqlite" else 10 * BATCH
    changed = 0
    for start in range(bounds["lo"], bounds["hi"] + 1, batch):
        rows = Customer.objects.filter(pk__gte=start, pk__lt=start + batch)
        changed += (
            rows.annotate(new_score=score).exclude(data_quality=F("new_score")).update(data_quality=score)
        )
    return {"customers": Customer.objects.count(), "changed": changed}
