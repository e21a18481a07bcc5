"""The 360 page's "open business" list: the customer's leads, complaints and insurance policies in one query
(each app hands its rows over in core.business's shape; the desk unions them), and the loyalty standing read
from the customer's own row (joined by customer_profile, no extra query)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dealercrm.complaints.choices import Step
from dealercrm.complaints.selectors import customer_complaint_rows
from dealercrm.customers.models import Customer
from dealercrm.insurance.choices import RenewalStatus
from dealercrm.insurance.selectors import customer_policy_rows
from dealercrm.loyalty.choices import LoyaltyCategory
from dealercrm.loyalty.standing_rules import reasons_display
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.sales.choices import LeadStatus
from dealercrm.sales.selectors import customer_lead_rows

LIMIT = 30

# kind → (label, URL name and whether it takes the row's id or the customer's, state choices, due label)
KINDS: dict[str, tuple] = {
    "lead": (_("Lead"), "sales:lead", "row", LeadStatus, _("next follow-up")),
    "complaint": (_("Complaint"), "complaints:detail", "row", Step, _("resolution due")),
    "policy": (_("Insurance"), "insurance:customer", "customer", RenewalStatus, _("ends on")),
}


@dataclass(frozen=True)
class BusinessRow:
    kind: str
    label: str
    url: str
    on: date | None
    title: str
    state: str
    due_label: str
    due: date | None


def _state_label(choices: type[TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def open_business(actor: Actor, customer: Customer) -> list[BusinessRow]:
    parts = []
    if actor.can(Perm.VIEW_SALES) or actor.can(Perm.WORK_LEADS):
        parts.append(customer_lead_rows(actor, customer.pk))
    if actor.can(Perm.VIEW_COMPLAINTS):
        parts.append(customer_complaint_rows(actor, customer.pk))
    if actor.can(Perm.VIEW_INSURANCE):
        parts.append(customer_policy_rows(actor, customer.pk))
    if not parts:
        return []
    first, *rest = parts
    rows = (
        first.union(*rest, all=True).order_by("-b_on", "-b_ref")[:LIMIT]
        if rest
        else first.order_by("-b_on")[:LIMIT]
    )
    found = []
    for row in rows:
        label, url_name, key, choices, due_label = KINDS[row["b_kind"]]
        found.append(
            BusinessRow(
                kind=row["b_kind"],
                label=str(label),
                url=reverse(url_name, args=[row["b_ref"] if key == "row" else customer.pk]),
                on=row["b_on"],
                title=row["b_title"] or "",
                state=_state_label(choices, row["b_state"] or ""),
                due_label=str(due_label),
                due=row["b_due"],
            )
        )
    return found


def loyalty_standing(customer: Customer) -> dict | None:
    """The standing joined onto the customer row ("loyalty__tier"), ready for the page; None before the first
    nightly recompute or for a customer who owns no vehicle."""
    profile = getattr(customer, "loyalty", None)
    if profile is None:
        return None
    return {
        "category": profile.category,
        "category_label": str(LoyaltyCategory(profile.category).label),
        "services_due": profile.services_due,
        "services_done": profile.services_done,
        "churn_score": profile.churn_score,
        "churn_reasons": reasons_display(profile.churn_reasons),
        "at_risk": profile.at_risk_since is not None,
        "tier": profile.tier,
        "tier_since": profile.tier_since,
        "points_balance": profile.points_balance,
        "computed_on": profile.computed_on,
    }
