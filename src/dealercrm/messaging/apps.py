from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "dealercrm.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from dealercrm.messaging import jobs, timeline  # noqa: F401  (daily job, timeline kinds)
