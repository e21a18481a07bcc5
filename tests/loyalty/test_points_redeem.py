"""Redeeming: never more than the balance, first-in-first-out, accessories with a description; adjustments."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from dealercrm.customers.models import TimelineEntry
from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry
from dealercrm.loyalty.services.points import points_adjust, points_redeem
from dealercrm.org.access import actor_for
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_it_redeems_for_accessories_and_writes_the_ledger_and_timeline(
    owner, advisor, funded, balance, ledger_adds_up
):
    funded(500)
    entry = points_redeem(
        actor=actor_for(advisor), customer=owner, points=120, reason="accessories", note="手机支架"
    )
    assert (entry.kind, entry.points, entry.remaining, entry.ref_type) == ("redeem", -120, 0, "accessories")
    assert (
        entry.note == "手机支架"
        and entry.actor_id == advisor.pk
        and entry.source_key.startswith("loyalty.redeem:")
    )
    assert balance(owner) == 380
    ledger_adds_up(owner)
    row = TimelineEntry.objects.get(customer=owner, kind="points_redeemed")
    assert "120 points redeemed" in row.summary and "手机支架" in row.summary


def test_it_refuses_more_than_the_balance(owner, sales, funded, balance):
    funded(100)
    with pytest.raises(ValidationError) as exc:
        points_redeem(actor=actor_for(sales), customer=owner, points=101, reason="other", note="礼品")
    assert exc.value.message_dict["points"] == ["Only 100 points are available: 101 cannot be spent."]
    assert balance(owner) == 100 and PointsEntry.objects.filter(kind="redeem").count() == 0


def test_a_customer_without_points_cannot_redeem(owner, advisor):
    with pytest.raises(ValidationError) as exc:
        points_redeem(actor=actor_for(advisor), customer=owner, points=1, reason="other", note="x")
    assert "Only 0 points" in exc.value.message_dict["points"][0]


def test_the_database_refuses_a_negative_balance(owner, funded):
    funded(10)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyProfile.objects.filter(pk=owner.pk).update(points_balance=-1)


@pytest.mark.parametrize(
    ("points", "reason", "note", "field", "message"),
    [
        (0, "other", "x", "points", "Enter a number of points from 1 to 10,000,000."),
        ("abc", "other", "x", "points", "Enter a whole number of points."),
        (5, "accessories", "", "note", "Describe what the points pay for (for example the accessories)."),
        (5, "lottery", "x", "reason", "Choose what the points pay for."),
        (5, "repair_order", "", "order", "Choose the repair order the points pay for."),
    ],
)
def test_bad_input_is_refused_per_field(
    owner, advisor, funded, balance, points, reason, note, field, message
):
    funded(100)
    with pytest.raises(ValidationError) as exc:
        points_redeem(actor=actor_for(advisor), customer=owner, points=points, reason=reason, note=note)
    assert exc.value.message_dict[field] == [message]
    assert balance(owner) == 100


def test_access_other_dealer_agent_and_hq(owner, funded, agent, hq, other_agent, make_user, other_dealer):
    from django.http import Http404

    from dealercrm.org.roles import Role

    funded(100)
    for user in (agent, hq):  # no REDEEM_POINTS; HQ reads only
        with pytest.raises(PermissionDenied):
            points_redeem(actor=actor_for(user), customer=owner, points=1, reason="other", note="x")
    their_advisor = make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer)
    with pytest.raises(Http404):
        points_redeem(actor=actor_for(their_advisor), customer=owner, points=1, reason="other", note="x")


def test_a_manager_adjusts_up_and_down_with_a_reason(
    owner, manager, advisor, funded, balance, ledger_adds_up
):
    old = funded(30, on=date(2024, 6, 1))
    actor = actor_for(manager)
    up = points_adjust(actor=actor, customer=owner, points=50, note="投诉补偿", on=date(2025, 2, 1))
    assert (up.kind, up.points, up.remaining, up.expires_on) == ("adjust", 50, 50, date(2027, 2, 1))
    down = points_adjust(actor=actor, customer=owner, points=-40, note="重复发放")
    assert (down.points, down.remaining) == (-40, 0)
    old.refresh_from_db()
    up.refresh_from_db()
    assert (old.remaining, up.remaining) == (0, 40)  # the older lot went first
    assert balance(owner) == 40
    ledger_adds_up(owner)
    with pytest.raises(ValidationError) as exc:
        points_adjust(actor=actor, customer=owner, points=-41, note="x")
    assert "Only 40 points" in exc.value.message_dict["points"][0]
    with pytest.raises(ValidationError) as exc:
        points_adjust(actor=actor, customer=owner, points=5, note=" ")
    assert exc.value.message_dict["note"] == ["Say why the points are adjusted."]
    with pytest.raises(PermissionDenied):
        points_adjust(actor=actor_for(advisor), customer=owner, points=5, note="x")


def test_a_first_adjustment_creates_the_profile(owner, manager, balance):
    points_adjust(actor=actor_for(manager), customer=owner, points=8, note="开卡礼")
    assert balance(owner) == 8
