from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    WEB_FORM = "web_form", _("Web form")
    WALK_IN = "walk_in", _("Walk-in")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OEM = "oem", _("Forwarded by the OEM")
    FOLLOW_UP_CALL = "follow_up_call", _("Follow-up call")


class ComplaintType(models.TextChoices):
    PRODUCT_QUALITY = "product_quality", _("Product quality")
    AFTER_SALES = "after_sales", _("After-sales service")
    SALES_PROCESS = "sales_process", _("Sales process")
    PRICE = "price", _("Price or charges")
    ATTITUDE = "attitude", _("Staff attitude")
    PARTS = "parts", _("Parts availability")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")
    URGENT = "urgent", _("Urgent")


class Step(models.TextChoices):
    """The eight steps, in order: a complaint moves to the next one only."""

    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATED = "investigated", _("Investigated")
    SOLUTION_PROPOSED = "solution_proposed", _("Solution proposed")
    IMPLEMENTED = "implemented", _("Solution implemented")
    FEEDBACK = "feedback", _("Feedback recorded")
    ARCHIVED = "archived", _("Archived")


STEP_ORDER: list[str] = list(Step.values)
OPEN_STEPS: list[str] = STEP_ORDER[:-1]


# What a person does to reach each step (the button on the complaint page).
STEP_ACTIONS = {
    Step.RECEIVED: _("Receive"),
    Step.CLASSIFIED: _("Classify"),
    Step.ASSIGNED: _("Assign"),
    Step.INVESTIGATED: _("Investigate"),
    Step.SOLUTION_PROPOSED: _("Propose a solution"),
    Step.IMPLEMENTED: _("Implement"),
    Step.FEEDBACK: _("Record feedback"),
    Step.ARCHIVED: _("Archive"),
}


def next_step(step: str) -> str | None:
    index = STEP_ORDER.index(step)
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


class RootCause(models.TextChoices):
    PRODUCT_DEFECT = "product_defect", _("Product defect")
    WORKMANSHIP = "workmanship", _("Workmanship")
    COMMUNICATION = "communication", _("Communication")
    PROCESS = "process", _("Process not followed")
    PARTS_DELAY = "parts_delay", _("Parts delay")
    PRICING = "pricing", _("Pricing or billing")
    STAFF_BEHAVIOUR = "staff_behaviour", _("Staff behaviour")
    EXPECTATION = "expectation", _("Customer expectation")
    OTHER = "other", _("Other")


class HandlingLevel(models.IntegerChoices):
    HANDLER = 1, _("Handler")
    COC_MANAGER = 2, _("COC manager")
    GENERAL_MANAGER = 3, _("General manager")


class Escalation(models.TextChoices):
    NONE = "", _("Not escalated")
    NEAR = "near", _("Deadline near")
    BREACHED = "breached", _("Deadline breached")


class EventKind(models.TextChoices):
    STEP = "step", _("Step")
    OPTIONS_ADDED = "options_added", _("Options added")
    OPTION_CHOSEN = "option_chosen", _("Option chosen")
    APPROVAL = "approval", _("Compensation decision")
    CONTACT_ATTEMPT = "contact_attempt", _("Attempt to reach the customer")
    ESCALATED = "escalated", _("Escalated")


class CompensationKind(models.TextChoices):
    NONE = "", _("No compensation")
    CASH = "cash", _("Cash refund")
    VOUCHER = "voucher", _("Voucher")
    FREE_SERVICE = "free_service", _("Free service")
    PARTS = "parts", _("Free parts")
    GIFT = "gift", _("Gift")
    OTHER = "other", _("Other")


class Approval(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    PENDING = "pending", _("Waiting for the GM")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class NotificationKind(models.TextChoices):
    URGENT = "urgent", _("Urgent complaint received")
    PUBLIC_INCIDENT = "public_incident", _("Public incident")
    ASSIGNED = "assigned", _("Complaint assigned to you")
    NEAR = "near", _("Deadline near")
    BREACHED = "breached", _("Deadline breached")
    ESCALATED = "escalated", _("Complaint escalated")
    APPROVAL_NEEDED = "approval_needed", _("Compensation needs approval")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
