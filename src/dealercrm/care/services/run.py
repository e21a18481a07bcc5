"""The daily care run: for each active rule, the customers whose occasion falls `lead_days` after the business
date get a message queued (messaging) or a follow-up event recorded (followups.record_events).

Rules are grouped by (occasion, action, days before): one query per group finds the day's matches for every
dealer at once (a list of dates `__in`, see care.calendar), festivals go straight from a Customer queryset into
the outbox (messages_queue_select: INSERT ... SELECT), one seventh of the owners on each of the seven days before
the send day (all sent on the day), so a festival never puts a whole customer base into one night's run.
Idempotent: messages carry a unique source key, events a unique source per kind, so re-running a date queues and
plans nothing twice.

Message source keys: care:<occasion>:<customer>:<year> (birthday: the lunar year for a lunar birthday), with
the vehicle appended for vehicle occasions (care:anniversary:<customer>:<year>:<vehicle>,
care:insurance:<customer>:<vehicle>:<policy end>, care:inspection:<customer>:<due day>:<vehicle>), and
care:<festival>:<year>:<customer> for festivals (messaging's key_prefix form).
Call sources keep the follow-up engine's earlier format (customers.customer:<id>:birthday:<year>,
vehicles.vehicle:<id>:anniversary:<year>), so purposes planned before this job existed are not planned again.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models.functions import Mod
from django.utils import timezone

from dealercrm.care import calendar as cal
from dealercrm.care import matching
from dealercrm.care.choices import CALL_KINDS, FESTIVALS, CareAction, Occasion
from dealercrm.care.models import CareRule
from dealercrm.care.services.rules import care_rules_ensure_defaults
from dealercrm.customers.choices import CustomerClass
from dealercrm.customers.models import Customer
from dealercrm.followups.models import FollowUpRule
from dealercrm.followups.services import record_events, rules_ensure_defaults
from dealercrm.insurance.models import InsurancePolicy
from dealercrm.org.models import Dealer
from dealercrm.vehicles.models import Vehicle

FESTIVAL_SPREAD_DAYS = 7  # festival greetings are queued over the week before they are sent
SEND_AT = time(9, 0)  # messages are queued for 09:00 of the business date (messaging keeps quiet hours)
REF_TYPE = "care.carerule"


@dataclass(frozen=True)
class Hit:
    """One occasion of one customer (and vehicle) on the target day."""

    dealer_id: int
    customer_id: int
    vehicle_id: int | None
    occurred_on: date  # the event date given to the follow-up engine
    message_key: str
    call_source: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    lunar: bool = False


def _birthdays(target: date, dealers: list[int]) -> Iterable[Hit]:
    customers = Customer.objects.filter(dealer_id__in=dealers)
    for kind, births in ((matching.SOLAR, matching.solar_births([target])),
                         (matching.LUNAR, matching.lunar_births([target]))):  # fmt: skip
        rows = matching.birthday_customers(customers, kind, births).values_list("id", "dealer_id", "birthday")
        for pk, dealer_id, born in rows.iterator(chunk_size=5000):
            for day, year in births[born]:
                yield Hit(
                    dealer_id, pk, None, day, f"care:birthday:{pk}:{year}",
                    f"customers.customer:{pk}:birthday:{year}", lunar=kind == matching.LUNAR,
                )  # fmt: skip


def _vehicle_rows(dates: dict, dealers: list[int]):
    vehicles = matching.owned_vehicles(Vehicle.objects.filter(dealer_id__in=dealers), dates)
    return vehicles.values_list("id", "dealer_id", "current_owner_id", "purchased_on").iterator(
        chunk_size=5000
    )


def _anniversaries(target: date, dealers: list[int]) -> Iterable[Hit]:
    for pk, dealer_id, owner, bought in _vehicle_rows(matching.anniversaries([target]), dealers):
        yield Hit(
            dealer_id, owner, pk, target, f"care:anniversary:{owner}:{target.year}:{pk}",
            f"vehicles.vehicle:{pk}:anniversary:{target.year}", {"date": bought.isoformat()},
        )  # fmt: skip


def _inspections(target: date, dealers: list[int]) -> Iterable[Hit]:
    day = target.isoformat()
    for pk, dealer_id, owner, _registered in _vehicle_rows(matching.inspections([target]), dealers):
        yield Hit(
            dealer_id, owner, pk, target, f"care:inspection:{owner}:{day}:{pk}",
            f"vehicles.vehicle:{pk}:inspection:{day}", {"due_date": day},
        )  # fmt: skip


def _insurance(target: date, dealers: list[int]) -> Iterable[Hit]:
    ends = matching.insurance_ends(target)
    policies = matching.policies_ending(InsurancePolicy.objects.filter(dealer_id__in=dealers), ends, ends)
    rows = policies.order_by("id").values_list("customer_id", "dealer_id", "vehicle_id", "ends_on", "insurer")
    for customer_id, dealer_id, vehicle_id, ends_on, insurer in rows.iterator(chunk_size=5000):
        # compulsory and commercial policies of a car often end together: one key, one reminder
        yield Hit(
            dealer_id, customer_id, vehicle_id, ends_on, f"care:insurance:{customer_id}:{vehicle_id}:{ends_on}",
            f"vehicles.vehicle:{vehicle_id}:insurance:{ends_on}", {"insurer": insurer, "ends_on": str(ends_on)},
        )  # fmt: skip


FINDERS = {
    Occasion.BIRTHDAY: _birthdays,
    Occasion.ANNIVERSARY: _anniversaries,
    Occasion.INSPECTION: _inspections,
    Occasion.INSURANCE: _insurance,
}


def _send_after(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, SEND_AT))


def _queue(rules: dict[int, CareRule], hits: Iterable[Hit], on: date) -> int:
    from dealercrm.messaging.services import Recipient, messages_queue

    batches: dict[int, list] = defaultdict(list)
    templates, refs = {}, {}
    for hit in hits:
        rule = rules[hit.dealer_id]
        template = (rule.lunar_template if hit.lunar else None) or rule.template
        if template is None or not template.is_active:
            continue
        templates[template.pk], refs[template.pk] = template, rule.pk
        batches[template.pk].append(
            Recipient(customer_id=hit.customer_id, source_key=hit.message_key, vehicle_id=hit.vehicle_id,
                      context=hit.context)
        )  # fmt: skip
    return sum(
        messages_queue(
            template=templates[pk],
            recipients=recipients,
            send_after=_send_after(on),
            ref_type=REF_TYPE,
            ref_id=refs[pk],
        )
        for pk, recipients in batches.items()
    )


def _call_dealers(kind: str, dealers: list[int]) -> list[int]:
    """Dealers whose follow-up rules for `kind` are on (a dealer new to the follow-up engine gets its defaults)."""
    for dealer in Dealer.objects.filter(pk__in=dealers).exclude(
        pk__in=FollowUpRule.objects.values("dealer_id")
    ):
        rules_ensure_defaults(dealer=dealer)
    return list(
        FollowUpRule.objects.filter(dealer_id__in=dealers, event_kind=kind, is_active=True)
        .values_list("dealer_id", flat=True)
        .distinct()
    )


def _plan_calls(occasion: str, target: date, dealers: list[int]) -> int:
    kind = CALL_KINDS[occasion]
    dealers = _call_dealers(kind, dealers)
    if not dealers:
        return 0
    events = {h.call_source: (h.customer_id, h.vehicle_id, h.occurred_on, h.call_source)
              for h in FINDERS[occasion](target, dealers)}  # fmt: skip
    return record_events(kind=kind, events=list(events.values())) if events else 0


def _festival(occasion: str, target: date, rules: dict[int, CareRule], on: date) -> int:
    """A festival greeting goes to every owner: queued over the FESTIVAL_SPREAD_DAYS days up to its send day,
    one slice of owners a day (customer id modulo), all for 09:00 of the send day — no single night writes the
    whole outbox. The slice queued on `on` is the one `k` days before the send day."""
    from dealercrm.messaging.services import messages_queue_select

    created = 0
    for k in range(FESTIVAL_SPREAD_DAYS):
        festival = target + timedelta(days=k)
        if not cal.festival_on(occasion, festival):
            continue
        for dealer_id, rule in rules.items():
            if rule.template is None or not rule.template.is_active:
                continue
            owners = (
                Customer.objects.filter(dealer_id=dealer_id, customer_class=CustomerClass.OWNER)
                .annotate(care_slice=Mod("id", FESTIVAL_SPREAD_DAYS))
                .filter(care_slice=k)
            )
            created += messages_queue_select(
                template=rule.template, customers=owners, key_prefix=f"care:{occasion}:{festival.year}",
                send_after=_send_after(on + timedelta(days=k)), ref_type=REF_TYPE, ref_id=rule.pk,
            )  # fmt: skip
    return created


def care_calendar_run(*, on: date) -> dict[str, int]:
    """Act on every active care rule for business date `on`; returns counts per occasion and action."""
    for dealer in Dealer.objects.exclude(pk__in=CareRule.objects.values("dealer_id")):
        care_rules_ensure_defaults(dealer=dealer)
    groups: dict[tuple[str, str, int], dict[int, CareRule]] = defaultdict(dict)
    for rule in CareRule.objects.filter(is_active=True).select_related("template", "lunar_template"):
        groups[(rule.occasion, rule.action, rule.lead_days)][rule.dealer_id] = rule
    counts: Counter[str] = Counter(messages=0, purposes=0)
    for (occasion, action, lead), rules in sorted(groups.items()):
        target = on + timedelta(days=lead)
        if action == CareAction.CALL:
            if occasion in FESTIVALS:
                continue
            created = _plan_calls(occasion, target, sorted(rules))
            counts["purposes"] += created
            counts[f"{occasion}_purposes"] += created
        else:
            if occasion in FESTIVALS:
                created = _festival(occasion, target, rules, on)
            else:
                hits = {h.message_key: h for h in FINDERS[occasion](target, sorted(rules))}
                created = _queue(rules, hits.values(), on)
            counts["messages"] += created
            counts[f"{occasion}_messages"] += created
    return dict(counts)
