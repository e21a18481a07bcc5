"""Choices of the follow-up engine. EventKind is part of the contract between apps: do not rename values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    DELIVERY = "delivery", _("Vehicle delivered")
    REPAIR_CLOSED = "repair_closed", _("Repair order closed")
    COMPLAINT_CLOSED = "complaint_closed", _("Complaint closed")
    FIRST_SERVICE_DUE = "first_service_due", _("First service due")
    SERVICE_DUE = "service_due", _("Service due")
    APPOINTMENT_REMINDER = "appointment_reminder", _("Appointment reminder")
    APPOINTMENT_NO_SHOW = "appointment_no_show", _("Missed appointment")
    LEAD_FOLLOW_UP = "lead_follow_up", _("Lead follow-up")
    CARE_BIRTHDAY = "care_birthday", _("Birthday")
    CARE_ANNIVERSARY = "care_anniversary", _("Purchase anniversary")
    CARE_FESTIVAL = "care_festival", _("Festival greeting")
    INSURANCE_DUE = "insurance_due", _("Insurance renewal due")
    INSPECTION_DUE = "inspection_due", _("Annual inspection due")
    WIN_BACK = "win_back", _("Owner at risk of churning")
    CLUB_EVENT = "club_event", _("Owner club event attended")
    CUSTOM = "custom", _("Custom")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Unreachable")
    CANCELLED = "cancelled", _("Cancelled")


class PurposeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed without a call")


class ClosedReason(models.TextChoices):
    NONE = "", _("none")
    NO_PHONE_CONSENT = "no_phone_consent", _("The customer withdrew consent to phone calls")
    EXPIRED = "expired", _("The call window had passed when the event was recorded")
    UNREACHABLE = "unreachable", _("Not reached after the last attempt")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    REFUSED = "refused", _("The customer refused the call")
    CANCELLED = "cancelled", _("Cancelled by a manager")


class CallOutcome(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    CALLBACK = "callback", _("Callback requested")
    NOT_REACHED = "not_reached", _("Not reached")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    REFUSED = "refused", _("Refused")


# Outcomes in which the customer was actually on the line: these count against the contact caps.
REACHED_OUTCOMES = (CallOutcome.COMPLETED, CallOutcome.CALLBACK, CallOutcome.REFUSED)


class WorkRole(models.TextChoices):
    """Which staff role works a rule's calls (values are org.roles.Role values)."""

    COC_AGENT = "coc_agent", _("COC agent")
    SALES_CONSULTANT = "sales_consultant", _("Sales consultant")
    SERVICE_ADVISOR = "service_advisor", _("Service advisor")


class QuestionKind(models.TextChoices):
    SCALE_5 = "scale5", _("Scale 1-5")
    SCALE_10 = "scale10", _("Scale 1-10")
    YES_NO = "yes_no", _("Yes / no")
    CHOICE = "choice", _("Single choice")
    TEXT = "text", _("Free text")


SCORED_KINDS = (QuestionKind.SCALE_5, QuestionKind.SCALE_10, QuestionKind.YES_NO)


class ScoreKind(models.TextChoices):
    CSI = "csi", _("CSI (sales satisfaction)")
    SSI = "ssi", _("SSI (service satisfaction)")
    HANDLING = "handling", _("Complaint handling satisfaction")
    CARE = "care", _("Care (not scored)")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")


class AuditResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
