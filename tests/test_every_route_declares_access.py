"""Every view and API route says who may use it; anonymous users are turned away from all of them."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from dealercrm.org.permissions import ActorPermission

# Routes that are Django's or a library's own, with their own access rules.
FRAMEWORK_PREFIXES = (
    "admin/",
    "i18n/",
    "jsi18n/",
    "accounts/logout/",
    "accounts/password/",
    "api/schema/",
    "api/docs/",
)


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


ROUTES = [(r, cb) for r, cb in walk(get_resolver().url_patterns) if not r.startswith(FRAMEWORK_PREFIXES)]


def declared(callback) -> bool:
    if getattr(callback, "required_perm", None):
        return True
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return False
    if getattr(view_class, "required_perm", None):
        return True
    if getattr(view_class, "__name__", "") == "APIRootView":
        return True
    classes = getattr(view_class, "permission_classes", [])
    return ActorPermission in classes and bool(getattr(view_class, "read_perm", None))


@pytest.mark.parametrize(("route", "callback"), ROUTES, ids=[r for r, _ in ROUTES])
def test_it_declares_who_may_use_it(route, callback):
    assert declared(callback), f"{route} does not declare its permission"


def test_there_are_routes_to_check():
    assert len(ROUTES) > 15


def concrete(route: str, pk: int) -> str | None:
    if "format" in route:
        return None
    url = (
        route.replace("<int:pk>", str(pk))
        .replace("(?P<pk>[^/.]+)", str(pk))
        .replace("^", "")
        .replace("$", "")
    )
    return "/" + url if "<" not in url and "(?" not in url else None


# Dealer-owned objects only: the vehicle model catalogue is shared reference data.
OBJECT_ROUTES = [
    r
    for r, _cb in ROUTES
    if ("<int:pk>" in r or "(?P<pk>" in r) and "vehicle-models" not in r and concrete(r, 1)
]


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_another_dealers_staff_get_404_on_every_object_route(
    route, dealer, make_customer, make_vehicle, other_agent, client_for
):
    customer = make_customer(dealer)
    vehicle = make_vehicle(dealer, owner=customer)
    pk = vehicle.pk if "vehicle" in route else customer.pk
    url = concrete(route, pk)
    client = client_for(other_agent)
    statuses = {client.get(url).status_code, client.post(url, {}).status_code}
    assert 404 in statuses and statuses <= {404, 405}, f"{url} answered {statuses}"


@pytest.mark.parametrize("route", [r for r, _cb in ROUTES if "<" not in r and "(?P" not in r and r != ""])
def test_anonymous_users_are_sent_to_login_or_refused(route, client):
    if route.startswith(("healthz", "accounts/login/")):
        return
    path = "/" + route.replace("^", "").replace("$", "")
    status = client.get(path).status_code
    assert status in (302, 401, 403), f"{path} answered {status} to an anonymous user"
