"""API helpers shared by every app's viewsets."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError becomes a DRF 400 with a message list per field (nothing was saved)."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise serializers.ValidationError(exc.message_dict) from exc
        raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages}) from exc
