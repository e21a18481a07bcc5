"""A staff member's own complaint notifications: reading them changes only their inbox."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dealercrm.complaints.models import Notification
from dealercrm.org.access import Actor


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.user_id:
        raise PermissionDenied
    if not notification.read:
        notification.read = True
        notification.save(update_fields=["read"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    return Notification.objects.filter(recipient_id=actor.user_id, read=False).update(read=True)
