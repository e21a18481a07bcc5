"""Pages of the loyalty app: standing (category, churn, tiers, win-back) and points, each in its own module."""

from dealercrm.loyalty.urls_points import urlpatterns as points_patterns
from dealercrm.loyalty.urls_standing import urlpatterns as standing_patterns

app_name = "loyalty"

urlpatterns = [*standing_patterns, *points_patterns]
