from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "dealercrm.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from dealercrm.complaints import jobs, timeline  # noqa: F401  (the daily job, the timeline kinds)
