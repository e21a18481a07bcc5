"""Saving segments: a name and rules checked by campaigns.rules; the count is taken when saved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.campaigns.models import Segment
from dealercrm.campaigns.rules import rules_clean
from dealercrm.campaigns.selectors import segment_count
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm


def _name(dealer_id: int, name: str, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the segment a name.")]})
    if len(name) > 80:
        raise ValidationError({"name": [_("At most 80 characters.")]})
    if Segment.objects.filter(dealer_id=dealer_id, name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": [_("This dealer already has a segment with this name.")]})
    return name


@transaction.atomic
def segment_create(*, actor: Actor, dealer: Dealer, name: str, rules: dict) -> Segment:
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(dealer.pk)
    name = _name(dealer.pk, name)
    rules = rules_clean(rules)
    return Segment.objects.create(
        dealer=dealer,
        name=name,
        rules=rules,
        created_by_id=actor.user_id,
        last_count=segment_count(None, dealer_ids=[dealer.pk], rules=rules),
        counted_at=timezone.now(),
    )


@transaction.atomic
def segment_update(*, actor: Actor, segment: Segment, name: str, rules: dict) -> Segment:
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(segment.dealer_id)
    segment.name = _name(segment.dealer_id, name, exclude=segment.pk)
    segment.rules = rules_clean(rules)
    segment.last_count = segment_count(None, dealer_ids=[segment.dealer_id], rules=segment.rules)
    segment.counted_at = timezone.now()
    segment.save(update_fields=["name", "rules", "last_count", "counted_at", "updated_at"])
    return segment


@transaction.atomic
def segment_delete(*, actor: Actor, segment: Segment) -> None:
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(segment.dealer_id)
    if segment.campaigns.exists():
        raise ValidationError(_("Campaigns use this segment: it is kept so their results stay readable."))
    segment.delete()
