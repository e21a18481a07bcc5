"""The sales daily job: downgrade the leads nobody contacted for twice their grade's interval."""

from datetime import date

from dealercrm.core.jobs import daily_job
from dealercrm.sales.services.cadence import downgrade_stale_leads


@daily_job("sales.downgrade")
def downgrade(on: date) -> dict:
    return downgrade_stale_leads(on)
