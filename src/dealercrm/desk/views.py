"""Thin views: who may open the page, which selector feeds it, which template shows it."""

from django.shortcuts import redirect, render

from dealercrm.customers import selectors as customer_selectors
from dealercrm.desk import selectors
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_CUSTOMERS)
def home(request):
    actor = request.actor
    recent = customer_selectors.customer_list(actor)[:10]
    context = {
        "counts": customer_selectors.customer_counts(actor),
        "recent": [(c, customer_selectors.primary_contact_display(actor, c)) for c in recent],
    }
    return render(request, "desk/home.html", context)


@requires(Perm.VIEW_CUSTOMERS)
def search(request):
    query = request.GET.get("q", "").strip()
    hits = selectors.search(request.actor, query) if query else []
    if len(hits) == 1 and hits[0].matched not in ("name", "pinyin"):
        # A mobile, plate or VIN that names exactly one customer: the agent wants the customer, not a list.
        return redirect("desk:customer", pk=hits[0].customer.id)
    context = {"search_query": query, "hits": hits, "lookups": selectors.search_lookups(query)}
    return render(request, "desk/search.html", context)


@requires(Perm.VIEW_CUSTOMERS)
def customer_360(request, pk: int):
    page = selectors.customer_360(request.actor, pk)
    context = {"page": page, "customer": page.customer, "can_reveal": request.actor.can(Perm.REVEAL_CONTACTS)}
    return render(request, "desk/customer_360.html", context)


@requires(Perm.VIEW_CUSTOMERS)
def customer_timeline(request, pk: int):
    """htmx: the next page of the timeline, below the one already shown."""
    customer = customer_selectors.customer_get(request.actor, pk)
    before = request.GET.get("before")
    entries, has_more = customer_selectors.timeline_page(
        request.actor, customer, before_id=int(before) if before and before.isdigit() else None
    )
    return render(
        request, "desk/_timeline.html", {"customer": customer, "entries": entries, "has_more": has_more}
    )
