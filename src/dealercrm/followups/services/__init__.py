"""Writes of the follow-up engine. Other apps call record_event / record_events (see the contract)."""

from dealercrm.followups.services.calls import call_record
from dealercrm.followups.services.events import record_event, record_events
from dealercrm.followups.services.manage import call_audit_record, policy_update, task_cancel, tasks_reassign
from dealercrm.followups.services.queue import NextCall, next_call, task_release
from dealercrm.followups.services.rules import policy_for, rule_update, rules_ensure_defaults
from dealercrm.followups.services.surveys import alert_handle, questionnaire_new_version, questions_parse

__all__ = [
    "NextCall",
    "alert_handle",
    "call_audit_record",
    "call_record",
    "next_call",
    "policy_for",
    "policy_update",
    "questionnaire_new_version",
    "questions_parse",
    "record_event",
    "record_events",
    "rule_update",
    "rules_ensure_defaults",
    "task_cancel",
    "task_release",
    "tasks_reassign",
]
