"""Reads of the insurance app, always scoped to the actor (a dealer's staff their dealer, group HQ every one)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dealercrm.core.business import business_rows
from dealercrm.insurance.choices import OPEN_STATUSES, RenewalStatus
from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.org.access import Actor


def policies_for(actor: Actor) -> QuerySet[InsurancePolicy]:
    return actor.scope(InsurancePolicy.objects.all())


def policy_get(actor: Actor, pk: int) -> InsurancePolicy:
    return get_object_or_404(policies_for(actor).select_related("customer", "vehicle", "dealer"), pk=pk)


def customer_policies(actor: Actor, customer_id: int) -> list[InsurancePolicy]:
    """The customer's policies, latest end first, each with its vehicle and renewal opportunity (one query)."""
    return list(
        policies_for(actor)
        .filter(customer_id=customer_id)
        .select_related("vehicle__model", "renewal")
        .order_by("-ends_on", "-id")
    )


def customer_policy_rows(actor: Actor, customer_id: int) -> QuerySet:
    """The customer's current policies (and those ended less than 30 days ago, still in the renewal window) as
    rows of the 360 page's open-business list (core.business): state = the renewal's status, due = the end."""
    since = timezone.localdate() - timedelta(days=30)
    return business_rows(
        policies_for(actor).filter(customer_id=customer_id, ends_on__gte=since),
        kind="policy",
        on=F("starts_on"),
        title=Concat(F("insurer"), Value(" "), F("policy_number"), output_field=CharField()),
        state=Coalesce(F("renewal__status"), Value(""), output_field=CharField()),
        due=F("ends_on"),
    )


def renewals_for(actor: Actor) -> QuerySet[RenewalOpportunity]:
    return actor.scope(RenewalOpportunity.objects.all())


def renewal_get(actor: Actor, pk: int) -> RenewalOpportunity:
    return get_object_or_404(
        renewals_for(actor).select_related(
            "policy", "customer", "vehicle__model", "renewed_policy", "assigned_to", "dealer"
        ),
        pk=pk,
    )


def renewal_list(
    actor: Actor,
    *,
    status: str = "",
    due_from: date | None = None,
    due_to: date | None = None,
    mine: bool = False,
) -> QuerySet[RenewalOpportunity]:
    """The pipeline: open and quoted first by due date unless a status is asked for."""
    rows = renewals_for(actor)
    if status == "active":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if due_from:
        rows = rows.filter(due_on__gte=due_from)
    if due_to:
        rows = rows.filter(due_on__lte=due_to)
    if mine:
        rows = rows.filter(assigned_to_id=actor.user_id)
    return rows.select_related("policy", "customer", "vehicle", "dealer", "assigned_to").order_by(
        "due_on", "id"
    )


def status_counts(
    actor: Actor, *, due_from: date | None = None, due_to: date | None = None
) -> dict[str, int]:
    rows = renewals_for(actor)
    if due_from:
        rows = rows.filter(due_on__gte=due_from)
    if due_to:
        rows = rows.filter(due_on__lte=due_to)
    found = dict(rows.order_by().values_list("status").annotate(n=Count("id")))
    return {status: found.get(status, 0) for status in RenewalStatus.values}


@dataclass(frozen=True)
class RenewalRate:
    dealer_id: int
    dealer_code: str
    dealer_name: str
    renewed: int
    lost: int
    still_open: int

    @property
    def rate(self) -> float | None:
        """renewed / (renewed + lost); None while nothing is closed."""
        closed = self.renewed + self.lost
        return round(self.renewed / closed, 4) if closed else None


def renewal_rates(actor: Actor, start: date, end: date) -> list[RenewalRate]:
    """Per dealer: renewed / (renewed + lost) of the opportunities due between start and end (one query)."""
    rows = (
        renewals_for(actor)
        .filter(due_on__gte=start, due_on__lte=end)
        .order_by()
        .values("dealer_id", "dealer__code", "dealer__name")
        .annotate(
            renewed=Count("id", filter=Q(status=RenewalStatus.RENEWED)),
            lost=Count("id", filter=Q(status=RenewalStatus.LOST)),
            still_open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by("dealer__code")
    )
    return [
        RenewalRate(
            r["dealer_id"], r["dealer__code"], r["dealer__name"], r["renewed"], r["lost"], r["still_open"]
        )
        for r in rows
    ]
