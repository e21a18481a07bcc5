"""Daily jobs (standing), registered with core.jobs.daily_job."""

from datetime import date

from dealercrm.core.jobs import daily_job
from dealercrm.loyalty import standing_timeline  # noqa: F401  (timeline kinds)
from dealercrm.loyalty.services.standing import standing_recompute


@daily_job("loyalty.standing", after=("service.due_dates",))  # "overdue" reads tonight's due dates
def standing_job(on: date) -> dict[str, int]:
    """Category → churn risk → tier for every owner, then win-back calls for owners who crossed the threshold."""
    return standing_recompute(on=on)
