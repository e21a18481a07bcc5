"""Declaring who may use a view or an API route. Every route declares a Perm; a test walks the URLconf."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from dealercrm.org.access import actor_for
from dealercrm.org.roles import Perm

PUBLIC = "public"


def requires(perm: Perm | str) -> Callable:
    """Decorate a function view: anonymous users go to login, users without `perm` get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.actor = actor_for(request.user)
            if perm != PUBLIC and not request.actor.can(Perm(perm)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm
        return wrapped

    return decorate


def public(view: Callable) -> Callable:
    """Mark a view as open to anyone (login, health check)."""
    view.required_perm = PUBLIC
    return view


class ActorPermission(BasePermission):
    """DRF: the view names `read_perm` for safe methods and `write_perm` for the rest."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        request.actor = actor_for(request.user)
        perm = view.read_perm if request.method in SAFE_METHODS else getattr(view, "write_perm", None)
        return perm is not None and request.actor.can(perm)
