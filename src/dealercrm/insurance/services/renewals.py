"""The renewal pipeline: opened by the daily job, then quoted, renewed (a new policy) or lost with a reason."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.services import timeline_append
from dealercrm.insurance import timeline as tl
from dealercrm.insurance.choices import OPEN_STATUSES, LostReason, RenewalStatus
from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.insurance.services.policies import _check, _premium, policy_create
from dealercrm.org.access import Actor

OPEN_DAYS_BEFORE = 60  # an opportunity opens this many days before the policy ends
LOST_DAYS_AFTER = 30  # still open this many days after the end: lost, no response


def _locked(opportunity: RenewalOpportunity) -> RenewalOpportunity:
    """The opportunity re-read under a row lock (two agents closing it at once: the second sees it closed)."""
    return (
        RenewalOpportunity.objects.select_for_update()
        .select_related("policy", "customer")
        .get(pk=opportunity.pk)
    )


def _open(opportunity: RenewalOpportunity) -> None:
    if opportunity.status not in OPEN_STATUSES:
        raise ValidationError(_("This renewal is already closed (%(status)s).") % {
            "status": opportunity.get_status_display()})  # fmt: skip


def _log(actor: Actor, opportunity: RenewalOpportunity, summary: str) -> None:
    timeline_append(
        customer=opportunity.customer, kind=tl.RENEWAL_STEP, actor=actor, summary=summary, ref=opportunity
    )


@transaction.atomic
def renewal_quote(
    *, actor: Actor, opportunity: RenewalOpportunity, premium, note: str = ""
) -> RenewalOpportunity:
    """Record the premium offered to the customer (again to change it)."""
    _check(actor, opportunity.dealer_id)
    opportunity = _locked(opportunity)
    _open(opportunity)
    amount = _premium(premium)
    if amount is None or amount < 0 or amount.as_tuple().exponent < -2 or amount >= 10**8:
        raise ValidationError({"premium": [_("Enter the quoted premium in yuan (0 or more, two decimals).")]})
    opportunity.status = RenewalStatus.QUOTED
    opportunity.quoted_premium = amount
    opportunity.quoted_at = timezone.now()
    opportunity.note = (note or opportunity.note or "").strip()
    opportunity.assigned_to_id = opportunity.assigned_to_id or actor.user_id
    opportunity.save()
    _log(actor, opportunity, _("Renewal quoted: %(premium)s for %(policy)s") % {
        "premium": amount, "policy": opportunity.policy})  # fmt: skip
    return opportunity


def renewal_defaults(opportunity: RenewalOpportunity) -> dict:
    """What the renewal policy usually looks like: same kind and insurer, the next year, the quoted premium."""
    old = opportunity.policy
    starts = old.ends_on + timedelta(days=1)
    try:
        ends = starts.replace(year=starts.year + 1) - timedelta(days=1)
    except ValueError:  # starts on 29 February
        ends = date(starts.year + 1, 2, 28)
    return {
        "kind": old.kind,
        "insurer": old.insurer,
        "policy_number": "",
        "starts_on": starts,
        "ends_on": ends,
        "premium": opportunity.quoted_premium if opportunity.quoted_premium is not None else old.premium,
        "sold_here": True,
    }


@transaction.atomic
def renewal_renew(*, actor: Actor, opportunity: RenewalOpportunity, fields: dict) -> InsurancePolicy:
    """The customer renewed with us: record the new policy (renewing the old one) and close as renewed."""
    _check(actor, opportunity.dealer_id)
    opportunity = _locked(opportunity)
    _open(opportunity)
    data = {**renewal_defaults(opportunity), **{k: v for k, v in fields.items() if v is not None}}
    policy = policy_create(
        actor=actor, customer=opportunity.customer, vehicle=opportunity.policy.vehicle, fields=data,
        renewal_of=opportunity.policy,
    )  # fmt: skip
    opportunity.status = RenewalStatus.RENEWED
    opportunity.renewed_policy = policy
    opportunity.lost_reason = ""
    opportunity.closed_on = timezone.localdate()
    opportunity.assigned_to_id = opportunity.assigned_to_id or actor.user_id
    opportunity.save()
    _log(
        actor, opportunity, _("Renewed: %(policy)s until %(end)s") % {"policy": policy, "end": policy.ends_on}
    )
    return policy


@transaction.atomic
def renewal_lose(
    *, actor: Actor, opportunity: RenewalOpportunity, reason: str, note: str = ""
) -> RenewalOpportunity:
    """The customer will not renew with us; the reason is required (it feeds the analysis)."""
    _check(actor, opportunity.dealer_id)
    opportunity = _locked(opportunity)
    _open(opportunity)
    if not reason or reason not in LostReason.values:
        raise ValidationError({"reason": [_("Say why the renewal was lost.")]})
    if reason == LostReason.OTHER and not (note or "").strip():
        raise ValidationError({"note": [_("Describe the reason in the note.")]})
    opportunity.status = RenewalStatus.LOST
    opportunity.lost_reason = reason
    opportunity.note = (note or "").strip()
    opportunity.closed_on = timezone.localdate()
    opportunity.assigned_to_id = opportunity.assigned_to_id or actor.user_id
    opportunity.save()
    _log(
        actor, opportunity, _("Renewal lost: %(reason)s") % {"reason": opportunity.get_lost_reason_display()}
    )
    return opportunity


# --- the daily job ---------------------------------------------------------------------------------------------


def _insert_select(queryset, columns: list[str]) -> int:
    """INSERT INTO renewal opportunities (columns) SELECT ... ON CONFLICT DO NOTHING: one statement, both
    databases (SQLite ≥ 3.24 and PostgreSQL know ON CONFLICT)."""
    sql, params = queryset.query.sql_with_params()
    table = RenewalOpportunity._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({quoted}) {sql} ON CONFLICT DO NOTHING", params)
        return max(cursor.rowcount, 0)


def renewals_open(*, on: date) -> int:
    """Open an opportunity for every policy ending within 60 days that has none: the vehicle's latest policy of
    its kind, still held by the vehicle's owner. Idempotent (one per policy, ON CONFLICT on the policy)."""
    now = timezone.now()
    newer = InsurancePolicy.objects.filter(
        vehicle_id=OuterRef("vehicle_id"), kind=OuterRef("kind"), ends_on__gt=OuterRef("ends_on")
    )
    rows = (
        InsurancePolicy.objects.filter(
            ends_on__gte=on,
            ends_on__lte=on + timedelta(days=OPEN_DAYS_BEFORE),
            vehicle__current_owner_id=F("customer_id"),
        )
        .filter(~Exists(RenewalOpportunity.objects.filter(policy_id=OuterRef("pk"))), ~Exists(newer))
        .order_by()
        .annotate(
            c_created=Value(now, output_field=DateTimeField()),
            c_updated=Value(now, output_field=DateTimeField()),
            c_dealer=F("dealer_id"),
            c_policy=F("id"),
            c_customer=F("customer_id"),
            c_vehicle=F("vehicle_id"),
            c_due=F("ends_on"),
            c_status=Value(RenewalStatus.OPEN.value),
            c_reason=Value(""),
            c_note=Value(""),
        )
        .values_list(
            "c_created",
            "c_updated",
            "c_dealer",
            "c_policy",
            "c_customer",
            "c_vehicle",
            "c_due",
            "c_status",
            "c_reason",
            "c_note",
        )
    )
    columns = ["created_at", "updated_at", "dealer_id", "policy_id", "customer_id", "vehicle_id", "due_on",
               "status", "lost_reason", "note"]  # fmt: skip
    return _insert_select(rows, columns)


def renewals_expire(*, on: date) -> int:
    """Opportunities still open 30 days after the policy ended are lost for no response (one UPDATE)."""
    return RenewalOpportunity.objects.filter(
        status__in=OPEN_STATUSES, due_on__lt=on - timedelta(days=LOST_DAYS_AFTER)
    ).update(
        status=RenewalStatus.LOST, lost_reason=LostReason.NO_RESPONSE, closed_on=on, updated_at=timezone.now()
    )
