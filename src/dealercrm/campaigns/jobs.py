"""The campaigns daily job: launch the campaigns scheduled for the business date, close the finished ones."""

from datetime import date

from dealercrm.campaigns.services.campaigns import campaigns_launch_due
from dealercrm.core.jobs import daily_job


@daily_job("campaigns.launch")
def launch(on: date) -> dict:
    return campaigns_launch_due(on=on)
