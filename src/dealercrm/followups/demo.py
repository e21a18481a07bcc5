"""Demo data for the follow-up engine: the seeded deliveries of the last two years become follow-up events.

`dealercrm demo` calls this after seeding (idempotent: the sources are stable), so a fresh demo shows a call
queue, and with the after-sales due dates of the daily jobs, what consolidation saves.
"""

from datetime import date, timedelta

from django.utils import timezone

from dealercrm.followups.choices import EventKind
from dealercrm.followups.services.events import record_events
from dealercrm.vehicles.models import Vehicle


def demo_events(*, today: date | None = None) -> int:
    """Record a delivery for every vehicle bought in the last two years; returns the purposes created."""
    today = today or timezone.localdate()
    bought = Vehicle.objects.filter(
        current_owner__isnull=False, purchased_on__gte=today - timedelta(days=730), purchased_on__lte=today
    ).values_list("id", "current_owner_id", "purchased_on")
    events = [(owner, pk, day, f"vehicles.vehicle:{pk}:delivery") for pk, owner, day in bought.iterator(5000)]
    return record_events(kind=EventKind.DELIVERY, events=events)
