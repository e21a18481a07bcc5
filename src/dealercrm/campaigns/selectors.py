"""Reads of the campaigns app, always in the acting staff member's scope (another dealer's record is a 404).

Segments are pure SQL: each rule is a filter or an EXISTS subquery on an indexed key, so a count over a million
customers is one query, never a loop in Python.
"""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from dealercrm.campaigns.choices import SEAT_HOLDERS, RegistrationStatus
from dealercrm.campaigns.models import Campaign, ClubEvent, Registration, Segment
from dealercrm.campaigns.rules import rule_dates, rules_clean
from dealercrm.customers.models import Address, Consent, Customer, Tag
from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
from dealercrm.messaging.models import MessageTemplate
from dealercrm.org.access import Actor
from dealercrm.service.models import CustomerSpend
from dealercrm.vehicles.models import Vehicle, VehicleModel


# --- segments ------------------------------------------------------------------------------------------------
def segments_for(actor: Actor) -> QuerySet[Segment]:
    return actor.scope(Segment.objects.all())


def segment_customers(actor: Actor | None, *, dealer_ids: Iterable[int], rules: dict) -> QuerySet[Customer]:
    """The customers of `dealer_ids` matching every rule (see campaigns.rules); within the actor's scope when
    an actor is given (None: a job or a service that already checked the dealer). Bad rules: ValidationError."""
    rules = rules_clean(rules)
    dealer_ids = sorted(set(dealer_ids))
    customers = Customer.objects.filter(dealer_id__in=dealer_ids).order_by()
    if actor is not None:
        customers = actor.scope(customers)
    if "customer_class" in rules:
        customers = customers.filter(customer_class__in=rules["customer_class"])
    if "tags" in rules:
        tags = Tag.objects.filter(dealer_id__in=dealer_ids, name__in=rules["tags"]).values("id")
        tagged = Customer.tags.through.objects.filter(customer_id=OuterRef("pk"), tag_id__in=tags)
        customers = customers.filter(Exists(tagged))
    if standing := _standing(rules, dealer_ids):
        profiles = LoyaltyProfile.objects.filter(
            standing, dealer_id__in=dealer_ids, customer_id=OuterRef("pk")
        )
        customers = customers.filter(Exists(profiles))
    if owns := _vehicle(rules):
        customers = customers.filter(Exists(Vehicle.objects.filter(owns, current_owner_id=OuterRef("pk"))))
    dates = rule_dates(rules)
    if "last_visit_after" in dates or "last_visit_before" in dates:
        visit = Q(dealer_id__in=dealer_ids, customer_id=OuterRef("pk"))
        if "last_visit_after" in dates:
            visit &= Q(last_order_on__gte=dates["last_visit_after"])
        if "last_visit_before" in dates:
            visit &= Q(last_order_on__lte=dates["last_visit_before"])
        customers = customers.filter(Exists(CustomerSpend.objects.filter(visit)))
    if "cities" in rules:
        lives = Address.objects.filter(customer_id=OuterRef("pk"), city__in=rules["cities"])
        customers = customers.filter(Exists(lives))
    if "consent" in rules:
        agreed = Consent.objects.filter(customer_id=OuterRef("pk"), channel=rules["consent"], granted=True)
        customers = customers.filter(Exists(agreed))
    return customers


def _standing(rules: dict, dealer_ids: list[int]) -> Q | None:
    """Tier, loyalty category and churn rules: one EXISTS on the customer's loyalty profile."""
    q = Q()
    if "tiers" in rules:
        # The ids first (one tiny query): as literals the planner can estimate the rows, a subquery hides them.
        tiers = MembershipTier.objects.filter(dealer_id__in=dealer_ids, code__in=rules["tiers"])
        q &= Q(tier_id__in=list(tiers.values_list("id", flat=True)))
    if "loyalty" in rules:
        q &= Q(category__in=rules["loyalty"])
    if "churn_min" in rules:
        q &= Q(churn_score__gte=rules["churn_min"])
    if "churn_max" in rules:
        q &= Q(churn_score__lte=rules["churn_max"])
    return q or None


def _vehicle(rules: dict) -> Q | None:
    """Model and purchase-date rules hold for one and the same current vehicle."""
    q = Q()
    models = Q()
    if "models" in rules:
        models |= Q(model_id__in=rules["models"])
    if "series" in rules:
        models |= Q(model_id__in=VehicleModel.objects.filter(series__in=rules["series"]).values("id"))
    q &= models
    dates = rule_dates(rules)
    if "purchased_from" in dates:
        q &= Q(purchased_on__gte=dates["purchased_from"])
    if "purchased_to" in dates:
        q &= Q(purchased_on__lte=dates["purchased_to"])
    return q or None


def segment_count(actor: Actor | None, *, dealer_ids: Iterable[int], rules: dict) -> int:
    """How many customers the rules select: one COUNT query."""
    return segment_customers(actor, dealer_ids=dealer_ids, rules=rules).count()


def segment_choices(dealer_id: int) -> dict:
    """What the builder offers for one dealer: its tags, tiers, the vehicle models its cars are of."""
    return {
        "tags": list(Tag.objects.filter(dealer_id=dealer_id).order_by("name").values_list("name", "name")),
        "tiers": list(
            MembershipTier.objects.filter(dealer_id=dealer_id).order_by("-rank").values_list("code", "name")
        ),
        "models": [(m.pk, str(m)) for m in VehicleModel.objects.order_by("brand", "series", "-model_year")],
        "series": sorted(set(VehicleModel.objects.values_list("series", flat=True))),
    }


# --- campaigns -----------------------------------------------------------------------------------------------
def campaigns_for(actor: Actor) -> QuerySet[Campaign]:
    return actor.scope(Campaign.objects.all())


def campaign_list(actor: Actor, *, status: str = "") -> QuerySet[Campaign]:
    rows = campaigns_for(actor).select_related("segment", "template", "dealer").order_by("-created_at", "-id")
    return rows.filter(status=status) if status else rows


def templates_for_campaigns(dealer_id: int) -> QuerySet[MessageTemplate]:
    return MessageTemplate.objects.filter(dealer_id=dealer_id, is_active=True).order_by("code")


# --- club events ---------------------------------------------------------------------------------------------
def events_for(actor: Actor) -> QuerySet[ClubEvent]:
    return actor.scope(ClubEvent.objects.all())


def _seats() -> dict:
    def count(status) -> Count:
        statuses = status if isinstance(status, tuple) else (status,)
        return Count("registrations", filter=Q(registrations__status__in=statuses))

    return {
        "seats_taken": count(SEAT_HOLDERS),
        "waitlisted": count(RegistrationStatus.WAITLISTED),
        "invited": count(RegistrationStatus.INVITED),
        "attended": count(RegistrationStatus.ATTENDED),
    }


def event_list(actor: Actor) -> QuerySet[ClubEvent]:
    """Events newest first, each with its seat counts (one query)."""
    return events_for(actor).select_related("dealer").annotate(**_seats()).order_by("-starts_at", "-id")


def registration_list(event: ClubEvent, *, status: str = "") -> QuerySet[Registration]:
    rows = (
        Registration.objects.filter(event=event)
        .select_related("customer")
        .order_by("status", "waitlisted_at", "registered_at", "id")
    )
    return rows.filter(status=status) if status else rows
