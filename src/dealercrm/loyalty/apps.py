from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    name = "dealercrm.loyalty"
    label = "loyalty"
    verbose_name = _("Loyalty and membership")

    def ready(self) -> None:
        from dealercrm.loyalty import jobs_points, jobs_standing  # noqa: F401  (daily jobs)
