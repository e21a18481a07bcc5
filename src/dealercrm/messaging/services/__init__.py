"""Writes for messaging, split by concern. The functions other apps call (issue-7 contract):

- `Recipient`, `messages_queue(...)`, `messages_queue_select(...)` (queue.py): put messages in the outbox,
  idempotent on source_key; consent is NOT checked there but when sending. `messages_cancel(*, ref_type,
  ref_id, actor=None)` withdraws what a producer still has waiting (suppressed_reason "cancelled").
- `messages_dispatch(*, now=None, limit=5000)` (dispatch.py): send what is due. Quiet hours (default 09:00-21:00
  local) keep messages queued, so tests that dispatch should pass `now=` inside the sending hours.
- `message_render(...)`, `sms_segments(text)`, `templates_ensure_defaults(dealer)` (templates.py; the default
  template codes are listed in messaging.defaults).
- `inbound_sms_record(...)`, `unsubscribe_url(...)` (optout.py); `delivery_report_record(...)` (reports.py).
- `messaging_policy_for(dealer)` (policy.py).
"""

from dealercrm.messaging.rendering import sms_segments
from dealercrm.messaging.services.dispatch import messages_dispatch
from dealercrm.messaging.services.optout import (
    inbound_sms_record,
    unsubscribe_apply,
    unsubscribe_read,
    unsubscribe_url,
)
from dealercrm.messaging.services.policy import messaging_policy_for, messaging_policy_update
from dealercrm.messaging.services.queue import (
    Recipient,
    messages_cancel,
    messages_queue,
    messages_queue_select,
)
from dealercrm.messaging.services.reports import delivery_report_record
from dealercrm.messaging.services.templates import (
    message_render,
    template_create,
    template_update,
    templates_ensure_defaults,
)

__all__ = [
    "Recipient",
    "delivery_report_record",
    "inbound_sms_record",
    "message_render",
    "messages_cancel",
    "messages_dispatch",
    "messages_queue",
    "messages_queue_select",
    "messaging_policy_for",
    "messaging_policy_update",
    "sms_segments",
    "template_create",
    "template_update",
    "templates_ensure_defaults",
    "unsubscribe_apply",
    "unsubscribe_read",
    "unsubscribe_url",
]
