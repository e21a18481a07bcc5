"""The care calendar's daily job: greetings and reminders for the occasions `lead_days` ahead of the date."""

from datetime import date

from dealercrm.care.services import care_calendar_run
from dealercrm.core.jobs import daily_job


@daily_job("care.calendar")
def care_calendar(on: date) -> dict:
    return care_calendar_run(on=on)
