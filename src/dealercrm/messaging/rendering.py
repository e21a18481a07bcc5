"""Template text: `{variable}` placeholders, their validation and their substitution. Pure functions.

A placeholder is `{name}` with a known variable name; `{{` and `}}` write a literal brace. Anything else with a
brace (an unknown name, `{`, `}` on its own, `{ name }`) is refused when the template is saved, so sending never
meets a template it cannot render. At send time a variable without a value renders as an empty string.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

# Variables filled from the customer, the vehicle and the dealer (callers may override them in the context).
CUSTOMER_VARIABLES = {
    "name": _("customer's name"),
    "surname": _("customer's family name"),
    "title": _("Mr / Ms (先生 / 女士) from the gender"),
    "plate": _("vehicle plate"),
    "model": _("vehicle model"),
    "due_date": _("next service due date"),
    "dealer": _("dealer name"),
    "tier": _("membership tier"),
    "points": _("points balance"),
}
# Variables the caller supplies in the message context (campaigns, care, club events, insurance).
CONTEXT_VARIABLES = {
    "event": _("event name"),
    "date": _("date"),
    "time": _("time"),
    "place": _("place"),
    "festival": _("festival"),
    "insurer": _("insurer"),
    "ends_on": _("policy end date"),
    "link": _("link"),
}
VARIABLES = {**CUSTOMER_VARIABLES, **CONTEXT_VARIABLES}
DATE_VARIABLES = frozenset({"due_date", "date", "ends_on"})

SMS_SEGMENT = 70
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def sms_segments(text: str) -> int:
    """How many SMS one text costs, counted in 70-character segments (0 for no text)."""
    length = len(text or "")
    return (length + SMS_SEGMENT - 1) // SMS_SEGMENT


def template_errors(text: str) -> list[str]:
    """Problems with the placeholders of one text, as translated sentences (empty list: fine)."""
    errors: list[str] = []
    unknown: list[str] = []
    for match in _TOKEN.finditer(text or ""):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            errors.append(
                str(_("Unbalanced brace: every { needs a matching } (write {{ or }} for a literal brace)."))
            )
            break
        name = match.group(1)
        if not _NAME.match(name) or name not in VARIABLES:
            unknown.append(token)
    if unknown:
        errors.append(
            str(_("Unknown variable %(names)s. Known variables: %(known)s."))
            % {"names": ", ".join(dict.fromkeys(unknown)), "known": ", ".join(f"{{{v}}}" for v in VARIABLES)}
        )
    return errors


def variables_used(text: str) -> list[str]:
    return [m.group(1) for m in _TOKEN.finditer(text or "") if m.group(1) and m.group(1) in VARIABLES]


def format_value(name: str, value, language: str) -> str:
    """A variable's value as text in the message's language (dates in the customer's way of writing them)."""
    if value is None:
        return ""
    if isinstance(value, str) and name in DATE_VARIABLES and _ISO_DATE.match(value):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if language == "en":
            return f"{value.day} {value:%b} {value.year}"
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def fill(text: str, values: dict, language: str) -> str:
    """Substitute every placeholder (missing values render as nothing; `{{` / `}}` become braces)."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name is None:
            return token
        return format_value(name, values.get(name), language)

    out = _TOKEN.sub(replace, text or "")
    if language == "en":
        out = re.sub(r"(?<=\S) {2,}(?=\S)", " ", out)  # "Dear {title} {name}" without a title
    return out
