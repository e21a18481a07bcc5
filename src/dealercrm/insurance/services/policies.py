"""Recording and correcting insurance policies (each write checks scope, perm and the rules, then logs)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dealercrm.customers.models import Customer
from dealercrm.customers.services import timeline_append
from dealercrm.insurance import timeline as tl
from dealercrm.insurance.choices import OPEN_STATUSES, PolicyKind, RenewalStatus
from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.vehicles.models import Vehicle

POLICY_FIELDS = ("kind", "insurer", "policy_number", "starts_on", "ends_on", "premium", "sold_here")
MAX_PREMIUM = Decimal("99999999.99")
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2099, 12, 31)


def _check(actor: Actor, dealer_id: int) -> None:
    actor.check_dealer(dealer_id)  # another dealer's record does not exist (404) ...
    actor.require(Perm.WORK_INSURANCE)  # ... then the perm (403; group HQ is read-only)


def _premium(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def policy_clean(data: dict, *, customer: Customer | None, vehicle: Vehicle | None) -> dict:
    """The policy's fields, checked: a translated message per field, nothing saved when any is wrong."""
    errors: dict[str, list[str]] = {}
    clean = dict(data)
    if customer is None:
        errors["customer"] = [_("Choose the policy holder.")]
    if vehicle is None:
        errors["vehicle"] = [_("Choose the insured vehicle.")]
    elif customer is not None and (
        vehicle.dealer_id != customer.dealer_id or vehicle.current_owner_id != customer.pk
    ):
        errors["vehicle"] = [_("This vehicle does not belong to this customer at this dealer.")]
    if clean.get("kind") not in PolicyKind.values:
        errors["kind"] = [_("Choose compulsory or commercial insurance.")]
    clean["insurer"] = (clean.get("insurer") or "").strip()
    if not clean["insurer"]:
        errors["insurer"] = [_("Name the insurer.")]
    elif len(clean["insurer"]) > 60:
        errors["insurer"] = [_("At most 60 characters.")]
    clean["policy_number"] = (clean.get("policy_number") or "").strip()
    if len(clean["policy_number"]) > 40:
        errors["policy_number"] = [_("At most 40 characters.")]
    starts, ends = clean.get("starts_on"), clean.get("ends_on")
    if not isinstance(starts, date) or not FIRST_DAY <= starts <= LAST_DAY:
        errors["starts_on"] = [_("Enter the day the policy starts (1990 to 2099).")]
    if not isinstance(ends, date) or not FIRST_DAY <= ends <= LAST_DAY:
        errors["ends_on"] = [_("Enter the day the policy ends (1990 to 2099).")]
    elif isinstance(starts, date) and ends <= starts:
        errors["ends_on"] = [_("The policy must end after it starts.")]
    premium = _premium(clean.get("premium"))
    if premium is None:
        errors["premium"] = [_("Enter the premium in yuan.")]
    elif premium < 0:
        errors["premium"] = [_("The premium cannot be negative.")]
    elif premium > MAX_PREMIUM or premium.as_tuple().exponent < -2:
        errors["premium"] = [_("Enter an amount in yuan with at most two decimals.")]
    clean["premium"] = premium
    clean["sold_here"] = bool(clean.get("sold_here", True))
    if errors:
        raise ValidationError(errors)
    return {k: clean[k] for k in POLICY_FIELDS}


def _summary(policy: InsurancePolicy) -> str:
    return _("%(kind)s %(insurer)s %(number)s, %(start)s to %(end)s, premium %(premium)s") % {
        "kind": policy.get_kind_display(),
        "insurer": policy.insurer,
        "number": policy.policy_number,
        "start": policy.starts_on,
        "end": policy.ends_on,
        "premium": policy.premium,
    }


@transaction.atomic
def policy_create(
    *,
    actor: Actor,
    customer: Customer,
    vehicle: Vehicle,
    fields: dict,
    renewal_of: InsurancePolicy | None = None,
) -> InsurancePolicy:
    _check(actor, customer.dealer_id)
    data = policy_clean({"kind": PolicyKind.COMMERCIAL, **fields}, customer=customer, vehicle=vehicle)
    policy = InsurancePolicy.objects.create(
        dealer_id=customer.dealer_id, customer=customer, vehicle=vehicle, renewal_of=renewal_of,
        created_by_id=actor.user_id, **data,
    )  # fmt: skip
    timeline_append(
        customer=customer, kind=tl.POLICY_RECORDED, actor=actor, summary=_summary(policy), ref=policy
    )
    return policy


@transaction.atomic
def policy_update(*, actor: Actor, policy: InsurancePolicy, fields: dict) -> InsurancePolicy:
    """Correct a policy; an open renewal opportunity follows a new end date."""
    _check(actor, policy.dealer_id)
    current = {k: getattr(policy, k) for k in POLICY_FIELDS}
    data = policy_clean({**current, **fields}, customer=policy.customer, vehicle=policy.vehicle)
    for key, value in data.items():
        setattr(policy, key, value)
    policy.save()
    RenewalOpportunity.objects.filter(policy=policy, status__in=OPEN_STATUSES).update(due_on=policy.ends_on)
    timeline_append(
        customer=policy.customer, kind=tl.POLICY_CHANGED, actor=actor, summary=_summary(policy), ref=policy
    )
    return policy


@transaction.atomic
def policy_delete(*, actor: Actor, policy: InsurancePolicy) -> None:
    """Remove a policy recorded by mistake; not one that renews or was renewed (the pipeline's history)."""
    _check(actor, policy.dealer_id)
    renewed = RenewalOpportunity.objects.filter(policy=policy, status=RenewalStatus.RENEWED).exists()
    if renewed or policy.renewal_of_id or InsurancePolicy.objects.filter(renewal_of=policy).exists():
        raise ValidationError(_("This policy is part of a renewal: correct it instead of deleting it."))
    timeline_append(
        customer=policy.customer, kind=tl.POLICY_CHANGED, actor=actor,
        summary=_("Deleted: %(policy)s") % {"policy": _summary(policy)},
    )  # fmt: skip
    policy.delete()
