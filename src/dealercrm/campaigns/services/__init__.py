"""Writes of the campaigns app: segments, campaigns, owner club events."""

from dealercrm.campaigns.services.campaigns import (
    CAMPAIGN_REF,
    campaign_cancel,
    campaign_create,
    campaign_delete,
    campaign_launch,
    campaign_update,
    campaigns_launch_due,
)
from dealercrm.campaigns.services.events import (
    attendance_record,
    event_create,
    event_delete,
    event_invite,
    event_update,
    registration_cancel,
    registration_register,
)
from dealercrm.campaigns.services.segments import segment_create, segment_delete, segment_update

__all__ = [
    "CAMPAIGN_REF",
    "attendance_record",
    "campaign_cancel",
    "campaign_create",
    "campaign_delete",
    "campaign_launch",
    "campaign_update",
    "campaigns_launch_due",
    "event_create",
    "event_delete",
    "event_invite",
    "event_update",
    "registration_cancel",
    "registration_register",
    "segment_create",
    "segment_delete",
    "segment_update",
]
