"""Per-dealer sending rules: the hours messages may go out and the marketing frequency cap."""

from __future__ import annotations

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.messaging.models import MessagingPolicy
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

DEFAULT_SEND_FROM = time(9, 0)
DEFAULT_SEND_UNTIL = time(21, 0)
DEFAULT_CAP_MESSAGES = 4
DEFAULT_CAP_DAYS = 30
POLICY_FIELDS = ("send_from", "send_until", "cap_messages", "cap_days")


def messaging_policy_for(dealer) -> MessagingPolicy:
    """The dealer's policy, created with the defaults (09:00-21:00, at most 4 marketing messages per customer
    in 30 days across all campaigns) the first time it is asked for."""
    dealer_id = getattr(dealer, "pk", dealer)
    policy, _created = MessagingPolicy.objects.get_or_create(dealer_id=dealer_id)
    return policy


def sending_window_open(policy_or_none, at: datetime) -> bool:
    """Whether `at` (aware) falls inside the sending hours, in the server's local time zone."""
    local = timezone.localtime(at).time()
    start = policy_or_none.send_from if policy_or_none is not None else DEFAULT_SEND_FROM
    end = policy_or_none.send_until if policy_or_none is not None else DEFAULT_SEND_UNTIL
    return start <= local < end


def policy_validate(fields: dict) -> None:
    errors: dict[str, list[str]] = {}
    start, end = fields.get("send_from"), fields.get("send_until")
    if start is None:
        errors["send_from"] = [_("Say from what time messages may go out.")]
    if end is None:
        errors["send_until"] = [_("Say until what time messages may go out.")]
    if start is not None and end is not None and start >= end:
        errors["send_until"] = [_("The end of the sending hours must be after their start.")]
    cap = fields.get("cap_messages")
    if cap is None or cap < 0 or cap > 100:
        errors["cap_messages"] = [_("Enter a number of messages from 0 to 100.")]
    days = fields.get("cap_days")
    if days is None or days < 1 or days > 365:
        errors["cap_days"] = [_("Enter a number of days from 1 to 365.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def messaging_policy_update(*, actor: Actor, dealer, fields: dict) -> MessagingPolicy:
    actor.check_dealer(dealer.pk)
    actor.require(Perm.MANAGE_CAMPAIGNS)
    data = {k: fields.get(k) for k in POLICY_FIELDS}
    policy_validate(data)
    policy = messaging_policy_for(dealer)
    for key, value in data.items():
        setattr(policy, key, value)
    policy.save()
    return policy
