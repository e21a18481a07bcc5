"""Writes for complaints, one function per state change, split by concern:

intake (receive, classify, assign), workflow (investigate ... archive, manual escalation), escalation (the
daily job), notifications (a person's inbox), improvements (improvement actions).
"""

from dealercrm.complaints.services.escalation import escalate_due, escalation_candidates
from dealercrm.complaints.services.improvements import improvement_action_create, improvement_action_update
from dealercrm.complaints.services.intake import complaint_assign, complaint_classify, complaint_intake
from dealercrm.complaints.services.notifications import notification_mark_read, notifications_mark_all_read
from dealercrm.complaints.services.workflow import (
    ATTEMPTS_TO_CLOSE,
    OptionInput,
    compensation_decide,
    complaint_archive,
    complaint_escalate,
    complaint_feedback,
    complaint_implement,
    complaint_investigate,
    complaint_propose,
    contact_attempt_record,
    option_choose,
)

__all__ = [
    "ATTEMPTS_TO_CLOSE",
    "OptionInput",
    "compensation_decide",
    "complaint_archive",
    "complaint_assign",
    "complaint_classify",
    "complaint_escalate",
    "complaint_feedback",
    "complaint_implement",
    "complaint_intake",
    "complaint_investigate",
    "complaint_propose",
    "contact_attempt_record",
    "escalate_due",
    "escalation_candidates",
    "improvement_action_create",
    "improvement_action_update",
    "notification_mark_read",
    "notifications_mark_all_read",
    "option_choose",
]
