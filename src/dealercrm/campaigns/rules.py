"""Segment rules: what a saved segment may say about its customers, checked and normalised in one place.

Every rule is optional and the rules are AND-ed. Normalised rules are JSON-friendly (dates as YYYY-MM-DD,
lists of strings or ids, no empty values), so what is saved is what is counted.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dealercrm.customers.choices import Channel, CustomerClass
from dealercrm.loyalty.choices import LoyaltyCategory

LIST_RULES = ("tags", "tiers", "series", "cities")  # lists of names
CHOICE_LIST_RULES = {"customer_class": CustomerClass.values, "loyalty": LoyaltyCategory.values}
DATE_RULES = ("purchased_from", "purchased_to", "last_visit_after", "last_visit_before")
RULE_KEYS = frozenset(
    {*LIST_RULES, *CHOICE_LIST_RULES, *DATE_RULES, "churn_min", "churn_max", "models", "consent"}
)
# Ranges that must not run backwards: (from, to).
RANGES = (
    ("churn_min", "churn_max"),
    ("purchased_from", "purchased_to"),
    ("last_visit_after", "last_visit_before"),
)
MAX_ITEMS = 200
MAX_NAME = 80
SEPARATORS = re.compile(r"[,，、;；\n]+")  # noqa: RUF001 (full-width on purpose)


def _names(value) -> list[str]:
    if isinstance(value, str):
        value = SEPARATORS.split(value)
    if not isinstance(value, list | tuple):
        raise ValueError
    names = []
    for item in value:
        if not isinstance(item, str) or len(item.strip()) > MAX_NAME:
            raise ValueError
        if item.strip() and item.strip() not in names:
            names.append(item.strip())
    if len(names) > MAX_ITEMS:
        raise ValueError
    return names


def _ids(value) -> list[int]:
    if isinstance(value, int | str):
        value = [value]
    if not isinstance(value, list | tuple) or len(value) > MAX_ITEMS:
        raise ValueError
    ids = []
    for item in value:
        if isinstance(item, bool):
            raise ValueError
        number = int(getattr(item, "pk", item))
        if not 0 < number < 2**31:
            raise ValueError
        if number not in ids:
            ids.append(number)
    return ids


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError
    return date.fromisoformat(value.strip())


def _score(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError
    return int(value)


def rules_clean(raw) -> dict:
    """Check `raw` rules; return them normalised, or raise ValidationError with a message per rule."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValidationError({"rules": [_("Rules must be an object of rule names and values.")]})
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for key in sorted(set(raw) - RULE_KEYS):
        errors[key] = [_("Unknown rule “%(name)s”.") % {"name": key[:40]}]
    for key in LIST_RULES:
        if raw.get(key) not in (None, "", []):
            try:
                if names := _names(raw[key]):
                    clean[key] = names
            except ValueError:
                errors[key] = [_("Give up to %(n)d names, each at most %(len)d characters.")
                               % {"n": MAX_ITEMS, "len": MAX_NAME}]  # fmt: skip
    for key, allowed in CHOICE_LIST_RULES.items():
        if raw.get(key) not in (None, "", []):
            try:
                values = _names(raw[key] if isinstance(raw[key], list | tuple) else [raw[key]])
            except ValueError:
                values = [None]
            if any(v not in allowed for v in values):
                errors[key] = [_("Choose from: %(values)s.") % {"values": ", ".join(allowed)}]
            elif values:
                clean[key] = values
    if raw.get("models") not in (None, "", []):
        try:
            clean["models"] = _ids(raw["models"])
        except (TypeError, ValueError):
            errors["models"] = [_("Give vehicle model ids.")]
    for key in ("churn_min", "churn_max"):
        try:
            score = _score(raw.get(key))
        except (TypeError, ValueError):
            score = -1
        if score is not None and not 0 <= score <= 100:
            errors[key] = [_("Churn risk is a score from 0 to 100.")]
        elif score is not None:
            clean[key] = score
    for key in DATE_RULES:
        try:
            day = _date(raw.get(key))
        except (TypeError, ValueError):
            errors[key] = [_("Enter a date as YYYY-MM-DD.")]
            continue
        if day is not None:
            if not 1900 <= day.year <= 2200:
                errors[key] = [_("Enter a date between 1900 and 2200.")]
            else:
                clean[key] = day.isoformat()
    consent = raw.get("consent")
    if consent not in (None, ""):
        if consent not in Channel.values:
            errors["consent"] = [_("Choose from: %(values)s.") % {"values": ", ".join(Channel.values)}]
        else:
            clean["consent"] = consent
    backwards = {
        "churn_max": _("The highest churn risk must not be below the lowest."),
        "purchased_to": _("“Purchased until” must not be before “purchased from”."),
        "last_visit_before": _("“Last visit until” must not be before “last visit from”."),
    }
    for low, high in RANGES:
        if low in clean and high in clean and clean[low] > clean[high]:
            errors.setdefault(high, []).append(backwards[high])
    if errors:
        raise ValidationError(errors)
    return clean


def rule_dates(rules: dict) -> dict[str, date]:
    """The date rules of normalised rules as dates."""
    return {key: date.fromisoformat(rules[key]) for key in DATE_RULES if key in rules}
