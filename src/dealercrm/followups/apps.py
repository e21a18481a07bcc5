from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "dealercrm.followups"
    label = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from dealercrm.followups import jobs, timeline  # noqa: F401  (daily jobs, timeline kinds)
