"""REST routes of the loyalty app: standing (category, churn, tiers) and points, each in its own module."""

from dealercrm.loyalty.api_points import ROUTES as POINTS_ROUTES
from dealercrm.loyalty.api_standing import ROUTES as STANDING_ROUTES

ROUTES: list = [*STANDING_ROUTES, *POINTS_ROUTES]
