from dealercrm.org.access import actor_for


def staff(request) -> dict:
    """The acting staff member for the base layout (navigation, dealer badge)."""
    user = getattr(request, "user", None)
    return {"actor": actor_for(user)} if user is not None else {}
