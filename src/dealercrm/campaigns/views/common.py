"""Bits the campaigns pages share: the acting dealer, pagination."""

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404

from dealercrm.org.models import Dealer

PAGE_SIZE = 25


def acting_dealer(actor) -> Dealer:
    """Segments, campaigns and events are made by a dealer's staff: without a dealer there is nothing to make."""
    if actor.dealer_id is None:
        raise Http404
    return get_object_or_404(Dealer, pk=actor.dealer_id)


def page_of(request, rows, size: int = PAGE_SIZE) -> Page:
    return Paginator(rows, size).get_page(request.GET.get("page"))
