"""Template helpers of the sales pages."""

from decimal import Decimal

from django import template

from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm

register = template.Library()


@register.filter
def can(actor: Actor | None, perm: str) -> bool:
    """{% if actor|can:"manage_sales" %}: the permission check of the matrix, for showing a link or a form."""
    try:
        return bool(actor) and actor.can(Perm(perm))
    except ValueError:
        return False


@register.filter
def money(value) -> str:
    """¥123,456.00 in every language."""
    if value is None or value == "":
        return ""
    return f"¥{Decimal(value):,.2f}"


GRADE_BADGES = {"H": "bad", "A": "warn", "B": "", "C": ""}
RESPONSE_BADGES = {"met": "ok", "late": "warn", "breached": "bad", "pending": "warn"}


@register.filter
def grade_badge(grade: str) -> str:
    return GRADE_BADGES.get(grade, "")


@register.filter
def response_badge(state: str) -> str:
    return RESPONSE_BADGES.get(state, "")
