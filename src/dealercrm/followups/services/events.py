"""Events in: rules turn a business event into purposes, and purposes are consolidated into call tasks.

record_event and record_events share one engine, so a single event and a daily batch follow the same rules:
  1. every active rule of the dealer for the event kind gives one purpose per occurrence (a repeating rule,
     e.g. the quarterly care call, gives several), due `offset` calendar days from the event, callable for
     `window` working days;
  2. a purpose already recorded for (kind, source, purpose, occurrence) is skipped: events are idempotent;
  3. a customer who withdrew phone consent gets the purpose closed with that reason, and so does a purpose
     whose window was already over when the event was recorded;
  4. an open purpose joins an open task of the same customer and role whose window overlaps (the task's window
     narrows to the overlap, so one call serves both), else it starts a new task.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.core.calendar import add_working_days
from dealercrm.core.models import CalendarDay
from dealercrm.customers.choices import Channel
from dealercrm.customers.models import Consent, Customer
from dealercrm.followups.choices import ClosedReason, EventKind, PurposeStatus, TaskStatus
from dealercrm.followups.models import FollowUpRule, FollowUpTask, TaskPurpose
from dealercrm.followups.services.rules import rules_ensure_defaults
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.vehicles.models import Vehicle

BATCH = 2000


@dataclass(frozen=True)
class _Event:
    customer_id: int
    dealer_id: int
    vehicle_id: int | None
    occurred_on: date
    source: str


def _check_kind(kind: str) -> None:
    if kind not in EventKind.values:
        raise ValidationError({"kind": [_("Unknown follow-up event kind: %(kind)s.") % {"kind": kind}]})


def _rules_for(kind: str, dealer_ids: set[int]) -> dict[int, list[FollowUpRule]]:
    """Active rules per dealer for `kind`; a dealer with no rules at all gets the defaults first."""
    with_rules = set(
        FollowUpRule.objects.filter(dealer_id__in=dealer_ids).values_list("dealer_id", flat=True).distinct()
    )
    for dealer in Dealer.objects.filter(pk__in=dealer_ids - with_rules):
        rules_ensure_defaults(dealer=dealer)
    rules: dict[int, list[FollowUpRule]] = defaultdict(list)
    for rule in FollowUpRule.objects.filter(dealer_id__in=dealer_ids, event_kind=kind, is_active=True):
        rules[rule.dealer_id].append(rule)
    return rules


class _Windows:
    """window_end for (due date, working days): the calendar's exceptions for a batch's whole span are read in
    one query, then each end is counted in memory (same rule as core.calendar: Monday-Friday unless listed)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[date, int], date] = {}
        self._exceptions: dict[date, bool] = {}
        self._span: tuple[date, date] | None = None

    def prepare(self, first: date, last: date) -> None:
        if self._span and self._span[0] <= first and last <= self._span[1]:
            return
        self._exceptions = dict(
            CalendarDay.objects.filter(day__gte=first, day__lte=last).values_list("day", "is_workday")
        )
        self._span = (first, last)

    def end(self, due: date, days: int) -> date:
        if not days:
            return due
        key = (due, days)
        if key not in self._cache:
            self._cache[key] = self._count(due, days)
        return self._cache[key]

    def _count(self, due: date, days: int) -> date:
        day, left = due, days
        while left:
            day += timedelta(days=1)
            if self._span is None or not self._span[0] <= day <= self._span[1]:
                return add_working_days(due, days)  # outside the prepared span: ask the calendar
            if self._exceptions.get(day, day.weekday() < 5):
                left -= 1
        return day


def _plan(
    kind: str, events: list[_Event], rules: dict[int, list[FollowUpRule]], windows: _Windows, today: date
) -> list[TaskPurpose]:
    """The purposes these events create now (unsaved), each open or closed with its reason."""
    sources = {e.source for e in events}
    done = set(
        TaskPurpose.objects.filter(event_kind=kind, source__in=sources).values_list(
            "source", "purpose_code", "occurrence"
        )
    )
    customer_ids = {e.customer_id for e in events}
    no_phone = set(
        Consent.objects.filter(
            customer_id__in=customer_ids, channel=Channel.PHONE, granted=False
        ).values_list("customer_id", flat=True)
    )
    purposes = []
    for event in events:
        for rule in rules.get(event.dealer_id, []):
            for occurrence, offset in enumerate(rule.offsets()):
                key = (event.source, rule.purpose_code, occurrence)
                if key in done:
                    continue
                done.add(key)
                due = event.occurred_on + timedelta(days=offset)
                end = windows.end(due, rule.window_days)
                reason = ""
                if event.customer_id in no_phone:
                    reason = ClosedReason.NO_PHONE_CONSENT
                elif end < today:
                    reason = ClosedReason.EXPIRED
                purposes.append(
                    TaskPurpose(
                        dealer_id=event.dealer_id,
                        customer_id=event.customer_id,
                        vehicle_id=event.vehicle_id,
                        rule=rule,
                        event_kind=kind,
                        source=event.source,
                        occurred_on=event.occurred_on,
                        purpose_code=rule.purpose_code,
                        purpose_name=rule.purpose_name,
                        occurrence=occurrence,
                        due_on=due,
                        window_end=end,
                        priority=rule.priority,
                        role=rule.role,
                        questionnaire_code=rule.questionnaire_code,
                        status=PurposeStatus.CLOSED if reason else PurposeStatus.OPEN,
                        closed_reason=reason,
                    )
                )
    return purposes


def _overlaps(task: FollowUpTask, purpose: TaskPurpose) -> bool:
    return task.due_on <= purpose.window_end and purpose.due_on <= task.window_end


def _consolidate(purposes: list[TaskPurpose]) -> None:
    """Attach every open purpose to an overlapping open task of its customer, or to a new task."""
    open_purposes = sorted((p for p in purposes if p.status == PurposeStatus.OPEN), key=lambda p: p.due_on)
    if not open_purposes:
        return
    tasks = FollowUpTask.objects.filter(
        customer_id__in={p.customer_id for p in open_purposes}, status=TaskStatus.OPEN
    ).only("id", "dealer_id", "customer_id", "role", "due_on", "window_end", "priority", "overdue")
    if connection.features.has_select_for_update:
        tasks = tasks.select_for_update(of=("self",))
    by_customer: dict[int, list[FollowUpTask]] = defaultdict(list)
    for task in tasks.order_by("due_on", "id"):
        by_customer[task.customer_id].append(task)
    new_tasks, changed, chosen = [], {}, []
    for purpose in open_purposes:
        task = next(
            (t for t in by_customer[purpose.customer_id] if t.role == purpose.role and _overlaps(t, purpose)),
            None,
        )
        if task is None:
            task = FollowUpTask(
                dealer_id=purpose.dealer_id,
                customer_id=purpose.customer_id,
                vehicle_id=purpose.vehicle_id,
                role=purpose.role,
                due_on=purpose.due_on,
                window_end=purpose.window_end,
                priority=purpose.priority,
            )
            new_tasks.append(task)
            by_customer[purpose.customer_id].append(task)
        else:
            task.due_on = max(task.due_on, purpose.due_on)
            task.window_end = min(task.window_end, purpose.window_end)
            task.priority = max(task.priority, purpose.priority)
            if task.pk:
                changed[task.pk] = task
        chosen.append((purpose, task))
    FollowUpTask.objects.bulk_create(new_tasks, batch_size=BATCH)
    if changed:
        now = timezone.now()
        for task in changed.values():
            task.updated_at = now
        FollowUpTask.objects.bulk_update(
            list(changed.values()), ["due_on", "window_end", "priority", "updated_at"], batch_size=500
        )
    for purpose, task in chosen:
        purpose.task = task


def _record(kind: str, events: list[_Event]) -> list[TaskPurpose]:
    today = timezone.localdate()
    windows = _Windows()
    created: list[TaskPurpose] = []
    rules_cache: dict[int, list[FollowUpRule]] = {}
    for start in range(0, len(events), BATCH):
        chunk = events[start : start + BATCH]
        missing = {e.dealer_id for e in chunk} - rules_cache.keys()
        if missing:
            found = _rules_for(kind, missing)
            rules_cache.update({d: found.get(d, []) for d in missing})
        rules = [r for d in {e.dealer_id for e in chunk} for r in rules_cache.get(d, [])]
        if rules:
            offsets = [o for r in rules for o in r.offsets()]
            widest = max(r.window_days for r in rules)
            windows.prepare(
                min(e.occurred_on for e in chunk) + timedelta(days=min(offsets)),
                max(e.occurred_on for e in chunk) + timedelta(days=max(offsets) + 2 * widest + 30),
            )
        purposes = _plan(kind, chunk, rules_cache, windows, today)
        _consolidate(purposes)
        TaskPurpose.objects.bulk_create(purposes, batch_size=BATCH)
        created.extend(purposes)
    return created


@transaction.atomic
def record_event(
    *,
    kind: str,
    customer: Customer,
    vehicle: Vehicle | None = None,
    occurred_on: date,
    source: str,
    actor: Actor | None = None,
) -> list[TaskPurpose]:
    """Turn a business event into follow-up purposes by the dealer's rules (consolidated into tasks).

    Idempotent per (kind, source). Returns the purposes created now (empty when none).
    """
    _check_kind(kind)
    if actor is not None:
        actor.check_dealer(customer.dealer_id)
    event = _Event(customer.pk, customer.dealer_id, vehicle.pk if vehicle else None, occurred_on, source)
    return _record(kind, [event])


@transaction.atomic
def record_events(*, kind: str, events: list[tuple[int, int | None, date, str]]) -> int:
    """Bulk form for daily jobs: (customer_id, vehicle_id or None, occurred_on, source) tuples; same rules,
    consolidation and idempotency as record_event, written in batches. Returns the purposes created."""
    _check_kind(kind)
    total = 0
    for start in range(0, len(events), BATCH):
        chunk = events[start : start + BATCH]
        dealers = dict(
            Customer.objects.filter(pk__in={c for c, _v, _d, _s in chunk}).values_list("id", "dealer_id")
        )
        batch = [
            _Event(customer_id, dealers[customer_id], vehicle_id, occurred_on, source)
            for customer_id, vehicle_id, occurred_on, source in chunk
            if customer_id in dealers
        ]
        total += len(_record(kind, batch))
    return total
