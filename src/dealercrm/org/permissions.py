"""Declaring who may use a view or an API route. Every route declares a Perm; a test walks the URLconf."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
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


def requires_object(perm: Perm | str, queryset_for: Callable, kwarg: str = "pk") -> Callable:
    """Decorate a function view on one record: find it in the actor's scope first (404 for another dealer's
    staff, whatever their role), then check `perm` (403). The view receives the record instead of its key.

    `queryset_for(actor)` returns the dealer-scoped queryset the record must be in; it must not check perms.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.actor = actor_for(request.user)
            found = get_object_or_404(queryset_for(request.actor), pk=kwargs.pop(kwarg))
            if not request.actor.can(Perm(perm)):
                raise PermissionDenied
            return view(request, found, *args, **kwargs)

        wrapped.required_perm = perm
        return wrapped

    return decorate


class ObjectFirstMixin:
    """DRF viewsets: on detail routes, whoever may read (`read_perm`) gets the record looked up through
    `get_queryset()` before the write permission is checked, so another dealer's staff get 404, never 403."""

    def check_permissions(self, request) -> None:
        lookup = self.lookup_url_kwarg or self.lookup_field
        if request.user and request.user.is_authenticated and lookup in self.kwargs:
            request.actor = actor_for(request.user)
            if request.actor.can(self.read_perm):
                self.get_object()
        super().check_permissions(request)
