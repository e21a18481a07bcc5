"""Two redemptions at the same moment against one balance: the profile row lock applies them one after the
other, so exactly one succeeds and the balance never goes negative (PostgreSQL: real row locks)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone, translation

from dealercrm.loyalty.models import LoyaltyProfile, PointsEntry
from dealercrm.loyalty.services.points import points_redeem
from dealercrm.org.access import actor_for
from dealercrm.org.roles import Role
from tests.loyalty.points_support import *  # noqa: F403

ROUNDS = 3


def race(actors, customer) -> tuple[list[int], list[str], list[BaseException]]:
    """Each actor, in its own thread and connection, redeems 80 points at the same moment."""
    start = threading.Barrier(len(actors))
    won: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def redeem(actor):
        try:
            start.wait()
            with translation.override("en"):  # the language is per thread
                points_redeem(
                    actor=actor, customer=customer, points=80, reason="accessories", note="行车记录仪"
                )
            won.append(actor.user_id)
        except ValidationError as exc:
            refused.append(exc.message_dict["points"][0])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=redeem, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return won, refused, errors


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_redemptions_through(
    dealer, owner, make_user, funded, ledger_adds_up
):
    if connection.vendor != "postgresql":
        pytest.skip("the redemption race runs in the PostgreSQL pass (SELECT … FOR UPDATE on the profile)")
    desks = [
        actor_for(make_user("d01-race-advisor", [Role.SERVICE_ADVISOR], dealer)),
        actor_for(make_user("d01-race-sales", [Role.SALES_CONSULTANT], dealer)),
    ]
    for round_ in range(ROUNDS):
        funded(100, on=timezone.localdate() - timedelta(days=10 + round_))
        won, refused, errors = race(desks, owner)
        assert not errors, errors
        assert len(won) == 1 and len(refused) == 1, (won, refused)
        assert refused[0] == "Only 20 points are available: 80 cannot be spent."
        assert LoyaltyProfile.objects.get(pk=owner.pk).points_balance == 20
        assert PointsEntry.objects.filter(kind="redeem", points=-80).count() == round_ + 1
        ledger_adds_up(owner)
        # spend what is left so the next round starts from a balance of 100 again
        points_redeem(actor=desks[0], customer=owner, points=20, reason="other", note="清零")
