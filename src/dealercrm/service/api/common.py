"""Shared by the after-sales viewsets."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from dealercrm.org.access import actor_for
from dealercrm.org.roles import Perm

MAX_ID = 2**63 - 1


def refuse(field: str, message: str):
    raise serializers.ValidationError({field: [message]})


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class ObjectBeforePermission:
    """Detail routes load the object through the actor's scope before the write permission is checked, so
    another dealer's staff get 404 (the record does not exist for them), never 403."""

    def check_permissions(self, request) -> None:
        lookup = self.lookup_url_kwarg or self.lookup_field
        if request.user and request.user.is_authenticated and lookup in self.kwargs:
            request.actor = actor_for(request.user)
            if request.actor.can(Perm.VIEW_SERVICE):
                self.get_object()
        super().check_permissions(request)


def no_such(field: str) -> None:
    refuse(field, _("Not found at this dealer."))
