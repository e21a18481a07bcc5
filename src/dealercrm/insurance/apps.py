from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsuranceConfig(AppConfig):
    name = "dealercrm.insurance"
    label = "insurance"
    verbose_name = _("Insurance renewals")

    def ready(self) -> None:
        from dealercrm.insurance import jobs, timeline  # noqa: F401  (the daily job, the timeline kinds)
