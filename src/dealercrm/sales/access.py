"""Who sees which sales records, in one place (selectors, services, views and the API all ask here).

- group HQ (and admins) see every dealer's pipeline; HQ changes nothing;
- managers (MANAGE_SALES: the GM, the COC manager) see their dealer's pipeline;
- everyone else who works leads sees the leads they own or logged (a consultant their own leads, a COC agent
  the hotline leads they took);
- staff with neither VIEW_SALES nor WORK_LEADS see no sales record.
Another dealer's record, or a colleague's lead for a consultant, does not exist for the actor (404).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from dealercrm.org.access import Actor, actor_for
from dealercrm.org.roles import Perm

# Either of these opens the sales pages; what each person may then do is checked per action.
DESK_PERMS = (Perm.VIEW_SALES, Perm.WORK_LEADS)


def on_sales_desk(actor: Actor) -> bool:
    return any(actor.can(perm) for perm in DESK_PERMS)


def sees_dealer_pipeline(actor: Actor) -> bool:
    return actor.is_group_wide or actor.can(Perm.MANAGE_SALES)


def scope_leads(actor: Actor, queryset: QuerySet, lead: str = "") -> QuerySet:
    """`queryset` (of leads, or of rows whose lead is reached through `lead`, e.g. "lead__") for this actor."""
    if not on_sales_desk(actor):
        return queryset.none()
    queryset = actor.scope(queryset)
    if sees_dealer_pipeline(actor):
        return queryset
    if actor.user_id is None:
        return queryset.none()
    return queryset.filter(
        Q(**{f"{lead}owner_id": actor.user_id}) | Q(**{f"{lead}created_by_id": actor.user_id})
    )


def check_lead(actor: Actor, lead) -> None:
    """404 unless the actor may see this lead (services call it before any change)."""
    actor.check_dealer(lead.dealer_id)
    if not on_sales_desk(actor):
        raise Http404
    if sees_dealer_pipeline(actor):
        return
    if actor.user_id is None or actor.user_id not in (lead.owner_id, lead.created_by_id):
        raise Http404


def requires_sales(perm: Perm | tuple[Perm, ...], fetch: Callable | None = None) -> Callable:
    """Decorate a sales page: anonymous users go to login, staff off the sales desk get 403.

    `perm` is what the page needs (a tuple: any of them; DESK_PERMS for pages anyone on the desk may read).
    With `fetch(actor, pk)` the page is about one record: it is fetched first (404 when the actor may not see
    it, whatever their permissions), then `perm` is checked (403), and the view receives the record instead of
    the pk. Without `fetch`, `perm` is checked right away.
    """
    perms = perm if isinstance(perm, tuple) else (perm,)

    def check(actor: Actor) -> None:
        if not any(actor.can(p) for p in perms):
            raise PermissionDenied

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = request.actor = actor_for(request.user)
            if not on_sales_desk(actor):
                raise PermissionDenied
            if fetch is None:
                check(actor)
                return view(request, *args, **kwargs)
            record = fetch(actor, kwargs.pop("pk"))
            check(actor)
            return view(request, record, *args, **kwargs)

        wrapped.required_perm = perms[0]
        wrapped.required_perms = perms
        return wrapped

    return decorate
