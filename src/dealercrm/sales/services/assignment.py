"""Who gets a new lead, and the dealer's sales settings.

Round-robin weighted by open load: the on-duty sales consultant with the fewest open leads, and among equals
the one who was given a lead longest ago. In the by-source mode a source with a fixed owner goes to that owner
while they are on duty; other sources (and an owner off duty) fall back to round-robin.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm, Role
from dealercrm.sales.choices import AssignmentMode, LeadSource, LeadStatus
from dealercrm.sales.models import SalesSettings, SourceOwner
from dealercrm.sales.services.common import settings_for

SETTINGS_FIELDS = (
    "interval_h",
    "interval_a",
    "interval_b",
    "interval_c",
    "oem_response_hours",
    "discount_threshold_percent",
    "assignment_mode",
)


def consultants(dealer_id: int, *, on_duty_only: bool = False) -> QuerySet:
    """Active users holding the sales consultant role at this dealer."""
    users = get_user_model().objects.filter(
        is_active=True, staff__dealer_id=dealer_id, staff__roles__role=Role.SALES_CONSULTANT
    )
    if on_duty_only:
        users = users.filter(staff__on_duty=True)
    return users  # one row per user: a staff member holds a role at most once


def is_consultant(dealer_id: int, user_id: int | None) -> bool:
    return user_id is not None and consultants(dealer_id).filter(pk=user_id).exists()


def _lock_dealer_assignment(dealer_id: int) -> None:
    """Serialize assignment per dealer on PostgreSQL (two leads at once must not both go to the same person)."""
    if connection.features.has_select_for_update:
        list(Dealer.objects.select_for_update().filter(pk=dealer_id).values_list("pk"))


def pick_owner(dealer_id: int, source: str) -> int | None:
    """The user id a new lead of `source` goes to, or None when no consultant is on duty."""
    _lock_dealer_assignment(dealer_id)
    on_duty = consultants(dealer_id, on_duty_only=True)
    settings = settings_for(dealer_id)
    if settings.assignment_mode == AssignmentMode.BY_SOURCE:
        fixed = SourceOwner.objects.filter(dealer_id=dealer_id, source=source).values_list(
            "owner_id", flat=True
        )
        fixed_id = next(iter(fixed), None)
        if fixed_id is not None and on_duty.filter(pk=fixed_id).exists():
            return fixed_id
    open_leads = Q(sales_leads__dealer_id=dealer_id, sales_leads__status=LeadStatus.OPEN)
    ranked = (
        on_duty.annotate(
            load=Count("sales_leads", filter=open_leads, distinct=True),
            last_given=Max("sales_leads__assigned_at", filter=Q(sales_leads__dealer_id=dealer_id)),
        )
        .order_by("load", "last_given", "pk")
        .values_list("pk", flat=True)
    )
    return next(iter(ranked[:1]), None)


@transaction.atomic
def sales_settings_update(*, actor: Actor, dealer: Dealer, fields: dict) -> SalesSettings:
    actor.check_dealer(dealer.pk)
    actor.require(Perm.MANAGE_SALES)
    settings, _created = SalesSettings.objects.get_or_create(dealer=dealer)
    errors: dict[str, list[str]] = {}
    for name in ("interval_h", "interval_a", "interval_b", "interval_c"):
        if name in fields and not 1 <= int(fields[name]) <= 90:
            errors[name] = [_("Enter a number of days between 1 and 90.")]
    if "oem_response_hours" in fields and not 1 <= int(fields["oem_response_hours"]) <= 720:
        errors["oem_response_hours"] = [_("Enter a number of hours between 1 and 720.")]
    if "discount_threshold_percent" in fields and not 0 <= fields["discount_threshold_percent"] <= 100:
        errors["discount_threshold_percent"] = [_("Enter a percentage between 0 and 100.")]
    if fields.get("assignment_mode", AssignmentMode.ROUND_ROBIN) not in AssignmentMode.values:
        errors["assignment_mode"] = [_("Choose how new leads are assigned.")]
    if errors:
        raise ValidationError(errors)
    for name in SETTINGS_FIELDS:
        if name in fields:
            setattr(settings, name, fields[name])
    settings.save()
    return settings


@transaction.atomic
def source_owner_set(
    *, actor: Actor, dealer: Dealer, source: str, owner_id: int | None
) -> SourceOwner | None:
    """Give new leads of `source` a fixed owner (a consultant of the dealer), or remove it (owner_id None)."""
    actor.check_dealer(dealer.pk)
    actor.require(Perm.MANAGE_SALES)
    if source not in LeadSource.values:
        raise ValidationError({"source": [_("Choose a lead source.")]})
    if owner_id is None:
        SourceOwner.objects.filter(dealer=dealer, source=source).delete()
        return None
    if not is_consultant(dealer.pk, owner_id):
        raise ValidationError({"owner": [_("Choose a sales consultant of this dealer.")]})
    rule, _created = SourceOwner.objects.update_or_create(
        dealer=dealer, source=source, defaults={"owner_id": owner_id}
    )
    return rule
