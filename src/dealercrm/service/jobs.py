"""Daily jobs of the after-sales app: set-based recompute of the fleet's due dates, then the reminders that
cost O(due) (an index range per dealer), then the appointments of the next and the past day."""

from datetime import date

from dealercrm.core.jobs import daily_job
from dealercrm.service import due
from dealercrm.service.services import appointments_mark_no_shows, appointments_remind, reminders_record


@daily_job("service.due_dates")
def recompute_due_dates(on: date) -> dict:
    return due.recompute_all()


@daily_job("service.reminders", after=("service.due_dates",))
def record_service_reminders(on: date) -> dict:
    return reminders_record(on=on)


@daily_job("service.appointments")
def appointment_day(on: date) -> dict:
    return {**appointments_remind(on=on), **appointments_mark_no_shows(on=on)}
