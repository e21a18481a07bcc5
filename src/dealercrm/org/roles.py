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
    # Follow-up engine (COC)
    VIEW_FOLLOWUPS = "view_followups"  # queue health, call history, survey results
    WORK_CALLS = "work_calls"  # take the next call, record outcomes and answers
    MANAGE_FOLLOWUPS = "manage_followups"  # rules, questionnaires, reassignment, audits, alerts
    # Complaints
    VIEW_COMPLAINTS = "view_complaints"
    HANDLE_COMPLAINTS = "handle_complaints"  # take in, investigate, propose, implement, record feedback
    MANAGE_COMPLAINTS = "manage_complaints"  # classify, assign, escalate, archive, improvement actions
    APPROVE_COMPENSATION = "approve_compensation"  # compensation above the threshold
    # After-sales
    VIEW_SERVICE = "view_service"
    WORK_SERVICE = "work_service"  # appointments, repair orders, the workshop board
    MANAGE_SERVICE_PLANS = "manage_service_plans"
    MANAGE_CALENDAR = "manage_calendar"  # the working-day calendar (next year's holidays)
    # Sales
    VIEW_SALES = "view_sales"  # the pipeline (a consultant their own leads, managers the dealer's, HQ all)
    WORK_LEADS = "work_leads"  # create leads, log activities, book test drives, place orders, deliver
    MANAGE_SALES = "manage_sales"  # approve lost leads, override the delivery checklist, assignment rules
    APPROVE_DISCOUNT = "approve_discount"  # order discounts above the dealer's threshold
    # Loyalty and membership
    VIEW_LOYALTY = "view_loyalty"  # loyalty category, churn risk and reasons, tier, points balance and ledger
    MANAGE_LOYALTY = "manage_loyalty"  # tiers, points policy, manual point adjustments, win-back calls
    REDEEM_POINTS = "redeem_points"  # redeem points on a repair order or accessories, apply member prices
    # Campaigns, care and messages
    VIEW_CAMPAIGNS = "view_campaigns"  # segments, templates, campaigns and their results, outbox, club events
    MANAGE_CAMPAIGNS = (
        "manage_campaigns"  # build segments, write templates, send campaigns, care rules, events
    )
    # Insurance renewals
    VIEW_INSURANCE = "view_insurance"
    WORK_INSURANCE = "work_insurance"  # record policies, quote and close renewals


# What group HQ (read-only) may still do: look.
READ_PERMS = frozenset(
    {
        Perm.VIEW_CUSTOMERS,
        Perm.VIEW_VEHICLES,
        Perm.VIEW_ALL_DEALERS,
        Perm.VIEW_FOLLOWUPS,
        Perm.VIEW_COMPLAINTS,
        Perm.VIEW_SERVICE,
        Perm.VIEW_SALES,
        Perm.VIEW_LOYALTY,
        Perm.VIEW_CAMPAIGNS,
        Perm.VIEW_INSURANCE,
    }
)


_EVERY_DESK = {
    Perm.VIEW_CUSTOMERS,
    Perm.VIEW_VEHICLES,
    Perm.VIEW_COMPLAINTS,
    Perm.VIEW_SERVICE,
    Perm.VIEW_LOYALTY,
    Perm.VIEW_INSURANCE,
}
_FRONT_LINE = _EVERY_DESK | {
    Perm.EDIT_CUSTOMERS,
    Perm.EDIT_VEHICLES,
    Perm.RECORD_ODOMETER,
    Perm.REVEAL_CONTACTS,
    Perm.HANDLE_COMPLAINTS,
}
_COC = {Perm.VIEW_FOLLOWUPS, Perm.WORK_CALLS, Perm.VIEW_CAMPAIGNS, Perm.WORK_INSURANCE}

MATRIX: dict[Role, frozenset[Perm]] = {
    Role.SALES_CONSULTANT: frozenset(
        _FRONT_LINE
        | {Perm.WORK_CALLS, Perm.VIEW_SALES, Perm.WORK_LEADS, Perm.REDEEM_POINTS, Perm.WORK_INSURANCE}
    ),
    Role.SERVICE_ADVISOR: frozenset(
        _FRONT_LINE | {Perm.WORK_CALLS, Perm.WORK_SERVICE, Perm.REDEEM_POINTS, Perm.WORK_INSURANCE}
    ),
    Role.COC_AGENT: frozenset(_FRONT_LINE | _COC | {Perm.WORK_LEADS}),
    Role.COC_MANAGER: frozenset(
        _FRONT_LINE
        | _COC
        | {
            Perm.MANAGE_FOLLOWUPS,
            Perm.MANAGE_COMPLAINTS,
            Perm.VIEW_SALES,
            Perm.MANAGE_SALES,
            Perm.MANAGE_LOYALTY,
            Perm.MANAGE_CAMPAIGNS,
        }
    ),
    # The information clerk keeps the records clean (dedupe, corrections) and so works with full data.
    Role.INFO_CLERK: frozenset(_FRONT_LINE | {Perm.SEE_FULL_CONTACTS}),
    Role.DEALER_GM: frozenset(
        _EVERY_DESK
        | {
            Perm.REVEAL_CONTACTS,
            Perm.VIEW_FOLLOWUPS,
            Perm.MANAGE_COMPLAINTS,
            Perm.APPROVE_COMPENSATION,
            Perm.MANAGE_SERVICE_PLANS,
            Perm.VIEW_SALES,
            Perm.MANAGE_SALES,
            Perm.APPROVE_DISCOUNT,
            Perm.MANAGE_LOYALTY,
            Perm.VIEW_CAMPAIGNS,
        }
    ),
    Role.GROUP_HQ: frozenset(
        _EVERY_DESK | {Perm.VIEW_ALL_DEALERS, Perm.VIEW_FOLLOWUPS, Perm.VIEW_SALES, Perm.VIEW_CAMPAIGNS}
    ),
    Role.ADMIN: frozenset(set(Perm)),
}

# Roles whose holders are not tied to one dealer.
GROUP_WIDE_ROLES = frozenset({Role.GROUP_HQ, Role.ADMIN})


def perms_for(roles: set[str] | frozenset[str]) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles:
        granted |= MATRIX.get(Role(role), frozenset())
    return frozenset(granted)
