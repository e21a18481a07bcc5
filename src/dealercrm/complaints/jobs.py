"""The complaints daily job: escalate what is near or past its deadline on the business date."""

from datetime import date

from dealercrm.complaints.services.escalation import escalate_due
from dealercrm.core.jobs import daily_job


@daily_job("complaints.escalate")
def escalate(on: date) -> dict:
    return escalate_due(on=on)
