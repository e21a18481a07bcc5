"""What every after-sales view shares: object routes that answer 404 for another dealer's record before
they answer 403 for a missing permission (so nobody can probe what exists), and form binding."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed

from dealercrm.org.access import Actor, actor_for
from dealercrm.org.roles import Perm

PAGE_SIZE = 25


def object_view(
    perm: Perm, loader: Callable[[Actor, int], object], methods: tuple[str, ...] = ("GET", "POST")
):
    """Decorate a view taking (request, obj): the object is loaded through the actor's scope first (404 when
    out of scope), then `perm` is checked (403), then the method (405). Declares `perm` for the route walk."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, pk: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.actor = actor_for(request.user)
            if not request.actor.can(Perm.VIEW_SERVICE):
                raise PermissionDenied
            obj = loader(request.actor, pk)
            if not request.actor.can(perm):
                raise PermissionDenied
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, obj, *args, **kwargs)

        wrapped.required_perm = perm
        return wrapped

    return decorate


def bound(form_class, request, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)
