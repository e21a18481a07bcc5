"""Shared by the after-sales viewsets."""

from django.utils.translation import gettext as _
from rest_framework import serializers

MAX_ID = 2**63 - 1


def refuse(field: str, message: str):
    raise serializers.ValidationError({field: [message]})


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def no_such(field: str) -> None:
    refuse(field, _("Not found at this dealer."))
