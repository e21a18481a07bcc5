from django.utils.functional import SimpleLazyObject

from dealercrm.org.access import actor_for


def staff(request) -> dict:
    """The acting staff member and the menu entries they may open, for the base layout."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    actor = actor_for(user)

    def menu():
        from dealercrm.navigation import menu_for

        return menu_for(actor, request.path)

    return {"actor": actor, "menu": SimpleLazyObject(menu)}
