"""The insurance daily job: open renewal opportunities 60 days ahead, close the forgotten ones as lost."""

from datetime import date

from dealercrm.core.jobs import daily_job
from dealercrm.insurance.services import renewals_expire, renewals_open


@daily_job("insurance.renewals")
def renewals(on: date) -> dict:
    return {"opened": renewals_open(on=on), "lost_no_response": renewals_expire(on=on)}
