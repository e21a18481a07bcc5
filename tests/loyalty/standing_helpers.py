"""Fixtures for the standing tests (category, churn, tiers, pricing, win-back): constructed service histories.

Imported by the test modules (`from tests.loyalty.standing_helpers import *`), so they do not share a conftest
with the points tests. Histories are written straight to the tables: what matters here is what the nightly
recompute reads, not how the workshop produced it.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from dealercrm.complaints.models import Complaint
from dealercrm.followups.models import CallLog, FollowUpTask, Questionnaire, SurveyResponse
from dealercrm.loyalty.models import LoyaltyProfile
from dealercrm.loyalty.services.standing import standing_recompute
from dealercrm.service.models import CustomerSpend, RepairOrder, VehicleDue

TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def english_client_for():
    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


@pytest.fixture
def owner(dealer, make_customer, make_vehicle):
    """owner(name, purchased_on, n=1, dealer=...) -> (customer, [vehicles])."""
    counter = {"n": 0}

    def make(name="车主", purchased_on=date(2022, 1, 10), vehicles=1, at=None, **vehicle_fields):
        counter["n"] += 1
        at = at or dealer
        customer = make_customer(at, name=f"{name}{counter['n']}", mobile=f"139{counter['n']:08d}")
        cars = []
        for i in range(vehicles):
            k = counter["n"] * 10 + i
            cars.append(
                make_vehicle(
                    at,
                    owner=customer,
                    vin=_vin(k),
                    plate=f"粤B{k:05d}",
                    purchased_on=purchased_on,
                    **vehicle_fields,
                )
            )
        return customer, cars

    return make


def _vin(k: int) -> str:
    """A valid VIN per k: the check digit (position 9) computed as ISO 3779 says."""
    base = f"LSVAU2180N{k:07d}"
    values = {str(d): d for d in range(10)}
    values.update(dict(zip("ABCDEFGH", range(1, 9), strict=True)))
    values.update(dict(zip("JKLMN", range(1, 6), strict=True)))
    values.update({"P": 7, "R": 9})
    values.update(dict(zip("STUVWXYZ", range(2, 10), strict=True)))
    weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    total = sum(values[ch] * w for ch, w in zip(base, weights, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return base[:8] + check + base[9:]


def serviced(vehicle, *days, service_type="maintenance", customer=None, amount="800"):
    """Handed-over repair orders of `vehicle` on these days."""
    for day in days:
        RepairOrder.objects.create(
            dealer_id=vehicle.dealer_id,
            vehicle=vehicle,
            customer=customer or vehicle.current_owner,
            service_type=service_type,
            km=10000,
            opened_on=day,
            status="handed_over",
            handed_over_on=day,
            handed_over_at=moment(day),
            total=Decimal(amount),
            customer_total=Decimal(amount),
        )


def due_on(vehicle, day: date | None) -> None:
    VehicleDue.objects.update_or_create(
        vehicle=vehicle,
        defaults={"dealer_id": vehicle.dealer_id, "km_per_day": Decimal("40.0"), "next_service_due_on": day},
    )


def spend(customer, total) -> None:
    CustomerSpend.objects.update_or_create(
        customer=customer, defaults={"dealer_id": customer.dealer_id, "total": Decimal(str(total))}
    )


def complaint(customer, received_on: date, archived: bool = False) -> Complaint:
    received = moment(received_on)
    return Complaint.objects.create(
        dealer_id=customer.dealer_id,
        customer=customer,
        channel="phone",
        complaint_type="after_sales",
        severity="general",
        title="异响",
        description="取车后异响",
        step="archived" if archived else "received",
        received_at=received,
        first_response_due=received + timedelta(days=1),
        resolution_due=received + timedelta(days=3),
    )


def survey(customer, score: int, on: date, alert_at_or_below: int = 60) -> SurveyResponse:
    questionnaire, _ = Questionnaire.objects.get_or_create(
        dealer_id=customer.dealer_id,
        code="csi",
        is_current=True,
        defaults={"name": "CSI", "score_kind": "ssi", "alert_at_or_below": alert_at_or_below},
    )
    task = FollowUpTask.objects.create(
        dealer_id=customer.dealer_id, customer=customer, due_on=on, window_end=on, role="coc_agent"
    )
    call = CallLog.objects.create(
        dealer_id=customer.dealer_id, task=task, customer=customer, at=moment(on), outcome="completed"
    )
    response = SurveyResponse.objects.create(
        dealer_id=customer.dealer_id, call=call, customer=customer, questionnaire=questionnaire, score=score
    )
    SurveyResponse.objects.filter(pk=response.pk).update(created_at=moment(on))
    return response


def recompute(on: date = TODAY, **kwargs) -> dict:
    return standing_recompute(on=on, **kwargs)


def profile(customer) -> LoyaltyProfile:
    return LoyaltyProfile.objects.select_related("tier").get(customer=customer)


def reasons(customer) -> dict[str, dict]:
    return {r["code"]: r for r in profile(customer).churn_reasons}
