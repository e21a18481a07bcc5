from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "dealercrm.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from dealercrm.campaigns import jobs, timeline  # noqa: F401  (the daily job, the timeline kinds)
