"""Small helpers the sales views share."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from dealercrm.core.forms import apply_service_errors
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer


def form_page(request, form, *, title: str, template: str = "sales/form.html", **extra):
    return render(request, template, {"form": form, "title": title, **extra})


def call_service(form, service: Callable, **kwargs) -> Any:
    """Call a service; its ValidationError lands on the form and the result is None."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None


def actor_dealer(actor: Actor) -> Dealer | None:
    return get_object_or_404(Dealer, pk=actor.dealer_id) if actor.dealer_id else None


def dealer_filter(actor: Actor, raw: str) -> int | None:
    """?dealer= for group-wide staff; dealer staff always see their own dealer."""
    if not actor.is_group_wide or not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    return int(raw)
