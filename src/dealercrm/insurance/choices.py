from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    COMPULSORY = "compulsory", _("Compulsory traffic insurance")
    COMMERCIAL = "commercial", _("Commercial insurance")
