"""The permission matrix: every role and what it may do, in one place.

Selectors and views ask `can(actor, Perm.X)`; nothing else decides who may do what. Dealer isolation is not a
permission but a scope: dealer staff see their dealer, group HQ sees every dealer and may change nothing.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SALES_CONSULTANT = "sales_consultant", _("Sales consultant")
    SERVICE_ADVISOR = "service_advisor", _("Service advisor")
    COC_AGENT = "coc_agent", _("COC agent")
    COC_MANAGER = "coc_manager", _("COC manager")
    INFO_CLERK = "info_clerk", _("Information clerk")
    DEALER_GM = "dealer_gm", _("General manager")
    GROUP_HQ = "group_hq", _("Group HQ")
    ADMIN = "admin", _("Administrator")


class Perm(StrEnum):
    VIEW_CUSTOMERS = "view_customers"
    EDIT_CUSTOMERS = "edit_customers"
    VIEW_VEHICLES = "view_vehicles"
    EDIT_VEHICLES = "edit_vehicles"
    RECORD_ODOMETER = "record_odometer"
    SEE_FULL_CONTACTS = "see_full_contacts"  # phone / ID numbers unmasked without a logged reveal
    REVEAL_CONTACTS = "reveal_contacts"  # may unmask one number, and the reveal is logged
    VIEW_ALL_DEALERS = "view_all_dealers"
    MANAGE_REFERENCE_DATA = "manage_reference_data"  # dealers, vehicle models, staff (admin site)


_EVERY_DESK = {Perm.VIEW_CUSTOMERS, Perm.VIEW_VEHICLES}
_FRONT_LINE = _EVERY_DESK | {
    Perm.EDIT_CUSTOMERS,
    Perm.EDIT_VEHICLES,
    Perm.RECORD_ODOMETER,
    Perm.REVEAL_CONTACTS,
}

MATRIX: dict[Role, frozenset[Perm]] = {
    Role.SALES_CONSULTANT: frozenset(_FRONT_LINE),
    Role.SERVICE_ADVISOR: frozenset(_FRONT_LINE),
    Role.COC_AGENT: frozenset(_FRONT_LINE),
    Role.COC_MANAGER: frozenset(_FRONT_LINE),
    # The information clerk keeps the records clean (dedupe, corrections) and so works with full data.
    Role.INFO_CLERK: frozenset(_FRONT_LINE | {Perm.SEE_FULL_CONTACTS}),
    Role.DEALER_GM: frozenset(_EVERY_DESK | {Perm.REVEAL_CONTACTS}),
    Role.GROUP_HQ: frozenset(_EVERY_DESK | {Perm.VIEW_ALL_DEALERS}),
    Role.ADMIN: frozenset(set(Perm)),
}

# Roles whose holders are not tied to one dealer.
GROUP_WIDE_ROLES = frozenset({Role.GROUP_HQ, Role.ADMIN})


def perms_for(roles: set[str] | frozenset[str]) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles:
        granted |= MATRIX.get(Role(role), frozenset())
    return frozenset(granted)
