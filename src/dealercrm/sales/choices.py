"""Choices of the sales pipeline (TextChoices with translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LeadSource(models.TextChoices):
    SHOWROOM = "showroom", _("Showroom")
    HOTLINE = "hotline", _("Hotline")
    EVENT = "event", _("Outreach event")
    WEB = "web", _("Web / app")
    OEM = "oem", _("OEM or group HQ")
    REFERRAL = "referral", _("Referral")
    SERVICE = "service", _("Service-to-sales")


class Grade(models.TextChoices):
    """How soon the prospect will buy; the grade sets the follow-up cadence."""

    H = "H", _("H · buys within 7 days")
    A = "A", _("A · buys within 15 days")
    B = "B", _("B · buys within 30 days")
    C = "C", _("C · later")


# One step down when a lead goes uncontacted for twice its interval (C is the floor).
DOWNGRADE = {Grade.H: Grade.A, Grade.A: Grade.B, Grade.B: Grade.C}


class LeadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LOST_PENDING = "lost_pending", _("Lost, awaiting approval")
    ORDERED = "ordered", _("Ordered (O)")
    LOST = "lost", pgettext_lazy("lead", "Lost")


# Leads still worked by a consultant: they have a cadence, can be overdue and are downgraded.
ACTIVE_STATUSES = (LeadStatus.OPEN, LeadStatus.LOST_PENDING)


class Stage(models.TextChoices):
    """Where a lead stands in the funnel (the board's columns)."""

    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    TEST_DRIVEN = "test_driven", _("Test driven")
    ORDERED = "ordered", _("Ordered")
    DELIVERED = "delivered", _("Delivered")
    LOST = "lost", pgettext_lazy("lead", "Lost")


class Purpose(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    COMMUTE = "commute", _("Commute")
    FAMILY = "family", _("Family")
    BUSINESS = "business", _("Business")


class TradeInCondition(models.TextChoices):
    NONE = "", _("Not assessed")
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class LostReason(models.TextChoices):
    COMPETITOR = "competitor", _("Bought a competitor")
    BUDGET = "budget", _("Budget")
    TIMING = "timing", _("Timing")
    NO_RESPONSE = "no_response", _("No response")
    OTHER = "other", _("Other")


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Note")


# Activities in which the prospect was reached: they count as contact for the cadence and first response.
CONTACT_KINDS = (ActivityKind.CALL, ActivityKind.VISIT, ActivityKind.MESSAGE)


class AssignmentMode(models.TextChoices):
    ROUND_ROBIN = "round_robin", _("Round-robin among on-duty consultants, by open load")
    BY_SOURCE = "by_source", _("Fixed owner per source (round-robin for the other sources)")


class TestDriveStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No show")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    LOAN = "loan", _("Loan")
    LEASE = "lease", _("Lease")


class OrderStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    PAID = "paid", _("Paid")
    ALLOCATED = "allocated", _("Vehicle allocated")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


# The order's way forward: each status and the one that follows it.
ORDER_NEXT = {OrderStatus.SIGNED: OrderStatus.PAID, OrderStatus.PAID: OrderStatus.ALLOCATED}


class DiscountApproval(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Within the threshold")
    PENDING = "pending", _("Awaiting the GM's approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
