"""Campaign results from the outbox: aggregate queries, a fixed number of them whatever the campaign size.

- queued / sent / delivered / failed / not sent (by reason): the campaign's outbox rows by status;
- responded: the customer sent us a message (an SMS reply) within N days after theirs was sent
  (opting out with "TD" is counted apart);
- appointment or visit: an appointment made, or a repair order opened, by that customer within N days after
  the message was sent.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, DateField, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import TruncDate

from dealercrm.campaigns.models import Campaign
from dealercrm.campaigns.services.campaigns import CAMPAIGN_REF
from dealercrm.messaging.choices import InboundAction, MessageStatus, SuppressedReason
from dealercrm.messaging.models import InboundMessage, OutboundMessage
from dealercrm.service.models import Appointment, RepairOrder


@dataclass
class Results:
    total: int = 0
    queued: int = 0
    sent: int = 0  # sent or delivered: it left us
    delivered: int = 0
    failed: int = 0
    suppressed: int = 0
    suppressed_by_reason: dict[str, int] = field(default_factory=dict)
    responded: int = 0
    opted_out: int = 0
    visited: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def delivered_rate(self) -> float | None:
        return self._share(self.delivered, self.sent)

    @property
    def response_rate(self) -> float | None:
        return self._share(self.responded, self.sent)

    @property
    def visit_rate(self) -> float | None:
        return self._share(self.visited, self.sent)

    def suppressed_reasons(self) -> list[tuple[str, str, int]]:
        """(reason code, label, count), most frequent first."""
        labels = dict(SuppressedReason.choices)
        rows = [
            (code, str(labels.get(code, code or "—")), n) for code, n in self.suppressed_by_reason.items()
        ]
        return sorted(rows, key=lambda r: (-r[2], r[0]))


def _window(expression, days: int, output_field):
    return ExpressionWrapper(expression + timedelta(days=days), output_field=output_field)


def _status_counts(ids: list[int], results: dict[int, Results]) -> None:
    rows = (
        OutboundMessage.objects.filter(ref_type=CAMPAIGN_REF, ref_id__in=ids)
        .values("ref_id", "status", "suppressed_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        r, n, status = results[row["ref_id"]], row["n"], row["status"]
        r.total += n
        if status == MessageStatus.QUEUED:
            r.queued += n
        elif status in (MessageStatus.SENT, MessageStatus.DELIVERED):
            r.sent += n
            r.delivered += n if status == MessageStatus.DELIVERED else 0
        elif status == MessageStatus.FAILED:
            r.failed += n
        elif status == MessageStatus.SUPPRESSED:
            r.suppressed += n
            reason = row["suppressed_reason"]
            r.suppressed_by_reason[reason] = r.suppressed_by_reason.get(reason, 0) + n


def _outcomes(ids: list[int], days: int, results: dict[int, Results]) -> None:
    """One query for the campaigns counting over `days`: replies, opt-outs, appointments or visits."""
    after = OuterRef("sent_at")
    until = _window(OuterRef("sent_at"), days, DateTimeField())
    replies = InboundMessage.objects.filter(
        customer_id=OuterRef("customer_id"), received_at__gte=after, received_at__lte=until
    )
    booked = Appointment.objects.filter(
        customer_id=OuterRef("customer_id"), created_at__gte=after, created_at__lte=until
    )
    came = RepairOrder.objects.filter(
        customer_id=OuterRef("customer_id"),
        opened_on__gte=OuterRef("sent_on"),
        opened_on__lte=_window(OuterRef("sent_on"), days, DateField()),
    )
    rows = (
        OutboundMessage.objects.filter(ref_type=CAMPAIGN_REF, ref_id__in=ids, sent_at__isnull=False)
        .annotate(sent_on=TruncDate("sent_at"))
        .values("ref_id")
        .annotate(
            responded=Count("id", filter=Q(Exists(replies.exclude(action=InboundAction.OPT_OUT)))),
            opted_out=Count("id", filter=Q(Exists(replies.filter(action=InboundAction.OPT_OUT)))),
            visited=Count("id", filter=Q(Exists(booked)) | Q(Exists(came))),
        )
        .order_by()
    )
    for row in rows:
        r = results[row["ref_id"]]
        r.responded, r.opted_out, r.visited = row["responded"], row["opted_out"], row["visited"]


def campaign_results(campaigns: list[Campaign]) -> dict[int, Results]:
    """Results of each campaign by id: one status query, plus one per distinct counting window (usually one)."""
    results: dict[int, Results] = {c.pk: Results() for c in campaigns}
    launched = [c for c in campaigns if c.launched_at is not None]
    if not launched:
        return results
    _status_counts([c.pk for c in launched], results)
    by_days: dict[int, list[int]] = defaultdict(list)
    for c in launched:
        by_days[c.response_days].append(c.pk)
    for days, ids in sorted(by_days.items()):
        _outcomes(ids, days, results)
    return results
