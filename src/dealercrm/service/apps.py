from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "dealercrm.service"
    label = "service"
    verbose_name = _("After-sales")

    def ready(self) -> None:
        from dealercrm.service import jobs, timeline  # noqa: F401  (registers the daily jobs and timeline kinds)
