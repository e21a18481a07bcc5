"""Reads of the loyalty app (always scoped to the acting staff member), one module per feature:
`selectors.standing` (category, churn, tier: `customer_standing` for the 360 page) and `selectors.points`.
The names other apps call are re-exported here."""

from dealercrm.loyalty.selectors.standing import customer_standing, profiles_for

__all__ = ["customer_standing", "profiles_for"]
