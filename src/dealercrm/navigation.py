"""The main menu: one line per entry, shown to whoever holds its permission."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

MENU = [
    ("desk:home", _("Home"), Perm.VIEW_CUSTOMERS),
    ("customers:list", _("Customers"), Perm.VIEW_CUSTOMERS),
    ("vehicles:list", _("Vehicles"), Perm.VIEW_VEHICLES),
    ("followups:home", _("My calls"), Perm.WORK_CALLS),
    ("followups:health", _("Follow-ups"), Perm.MANAGE_FOLLOWUPS),
    ("sales:today", _("Sales"), Perm.VIEW_SALES),
    ("service:board", _("Workshop"), Perm.VIEW_SERVICE),
    ("complaints:list", _("Complaints"), Perm.VIEW_COMPLAINTS),
    ("loyalty:home", _("Loyalty"), Perm.VIEW_LOYALTY),
    ("campaigns:home", _("Campaigns"), Perm.VIEW_CAMPAIGNS),
    ("messaging:outbox", _("Messages"), Perm.VIEW_CAMPAIGNS),
    ("insurance:home", _("Insurance"), Perm.VIEW_INSURANCE),
]


def menu_for(actor: Actor, path: str) -> list[tuple[str, str, bool]]:
    """(url, label, is the current section) of the entries this actor may open; the longest match is current."""
    entries = []
    for url_name, label, perm in MENU:
        if actor.can(perm):
            try:
                entries.append((reverse(url_name), label))
            except NoReverseMatch:  # an app not installed in this deployment
                continue
    matches = [url for url, _label in entries if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [(url, label, url == current) for url, label in entries]
