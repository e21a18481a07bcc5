"""Improvement actions: what the dealer changes (owner, due date, status), linked to the complaints it answers."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dealercrm.complaints.choices import ActionStatus
from dealercrm.complaints.models import Complaint, ImprovementAction
from dealercrm.complaints.services.common import User
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer, StaffProfile
from dealercrm.org.roles import Perm

ACTION_FIELDS = ("title", "description", "owner", "due_on", "status")


def _clean(dealer: Dealer, fields: dict, complaints) -> tuple[dict, list[Complaint] | None]:
    cleaned = {k: v for k, v in fields.items() if k in ACTION_FIELDS}
    errors: dict[str, list[str]] = {}
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            errors["title"] = [_("Say what will be changed.")]
    if "description" in cleaned:
        cleaned["description"] = (cleaned["description"] or "").strip()
    if "owner" in cleaned:
        owner = cleaned["owner"]
        owner_id = owner.pk if isinstance(owner, User) else owner
        if not StaffProfile.objects.filter(user_id=owner_id, dealer=dealer, user__is_active=True).exists():
            errors["owner"] = [_("Choose a member of this dealer's staff.")]
        cleaned.pop("owner")
        cleaned["owner_id"] = owner_id
    if "due_on" in cleaned and not isinstance(cleaned["due_on"], date):
        errors["due_on"] = [_("Enter the due date.")]
    if "status" in cleaned and cleaned["status"] not in ActionStatus.values:
        errors["status"] = [_("Choose one of the listed values.")]
    linked = None
    if complaints is not None:
        linked = list(complaints)
        if any(c.dealer_id != dealer.pk for c in linked):
            errors["complaints"] = [_("Link complaints of this dealer only.")]
    if errors:
        raise ValidationError(errors)
    return cleaned, linked


@transaction.atomic
def improvement_action_create(
    *, actor: Actor, dealer: Dealer, fields: dict, complaints=()
) -> ImprovementAction:
    actor.require(Perm.MANAGE_COMPLAINTS)
    missing = {
        name: [_("This field is required.")]
        for name in ("title", "owner", "due_on")
        if fields.get(name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)
    cleaned, linked = _clean(dealer, fields, complaints)
    action = ImprovementAction.objects.create(dealer=dealer, created_by_id=actor.user_id, **cleaned)
    action.complaints.set(linked or [])
    return action


@transaction.atomic
def improvement_action_update(
    *, actor: Actor, action: ImprovementAction, fields: dict, complaints=None
) -> ImprovementAction:
    actor.require(Perm.MANAGE_COMPLAINTS)
    cleaned, linked = _clean(action.dealer, fields, complaints)
    for name, value in cleaned.items():
        setattr(action, name, value)
    action.save()
    if linked is not None:
        action.complaints.set(linked)
    return action
