"""Writes of the care calendar: its rules and the daily run."""

from dealercrm.care.services.rules import (
    DEFAULT_CARE_RULES,
    care_rule_create,
    care_rule_update,
    care_rules_ensure_defaults,
)
from dealercrm.care.services.run import care_calendar_run

__all__ = [
    "DEFAULT_CARE_RULES",
    "care_calendar_run",
    "care_rule_create",
    "care_rule_update",
    "care_rules_ensure_defaults",
]
