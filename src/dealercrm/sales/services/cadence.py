"""The daily downgrade: an open lead not contacted for twice its grade's interval drops one grade (H → A →
B → C), with a line on the customer's timeline. Set-based: per grade, one query finds the stale leads of every
dealer (dealers grouped by their interval), and batches update them and bulk-insert their timeline entries.
Idempotent: a downgraded lead's cadence restarts on the business date, so a second run finds nothing.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.customers.models import TimelineEntry
from dealercrm.sales import timeline as tl
from dealercrm.sales.choices import DOWNGRADE, LeadStatus
from dealercrm.sales.models import Lead, SalesSettings
from dealercrm.sales.services.common import LEAD_REF

BATCH = 2000


def _stale(grade: str, on: date) -> Q:
    """Leads of `grade` whose cadence ran out twice over by `on`, each dealer with its own interval."""
    custom: dict[int, list[int]] = defaultdict(list)
    for settings in SalesSettings.objects.all():
        custom[settings.interval(grade)].append(settings.dealer_id)
    default = SalesSettings().interval(grade)
    customised = [dealer_id for ids in custom.values() for dealer_id in ids]
    condition = ~Q(dealer_id__in=customised) & Q(cadence_from__lte=on - timedelta(days=2 * default))
    for interval, dealer_ids in custom.items():
        condition |= Q(dealer_id__in=dealer_ids, cadence_from__lte=on - timedelta(days=2 * interval))
    return condition


def downgrade_stale_leads(on: date) -> dict[str, int]:
    moment = timezone.make_aware(datetime.combine(on, time(0, 0)))
    now = timezone.now()
    counts: dict[str, int] = {}
    for grade, lower in DOWNGRADE.items():
        rows = list(
            Lead.objects.filter(_stale(grade, on), status=LeadStatus.OPEN, grade=grade)
            .order_by()
            .values_list("id", "dealer_id", "customer_id", "cadence_from")
        )
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            Lead.objects.filter(pk__in=[r[0] for r in chunk], grade=grade).update(
                grade=lower, cadence_from=on, updated_at=now
            )
            TimelineEntry.objects.bulk_create(
                [
                    TimelineEntry(
                        dealer_id=dealer_id,
                        customer_id=customer_id,
                        occurred_at=moment,
                        kind=tl.LEAD_DOWNGRADED,
                        summary=_("%(old)s → %(new)s: not contacted for %(days)d days")
                        % {"old": grade, "new": lower, "days": (on - since).days},
                        ref_type=LEAD_REF,
                        ref_id=lead_id,
                    )
                    for lead_id, dealer_id, customer_id, since in chunk
                ],
                batch_size=BATCH,
            )
        counts[f"{grade}->{lower}"] = len(rows)
    return counts
