"""customer_points: the balance and what expires in the next 90 days, for the 360 page and messages."""

from datetime import date

import pytest

from dealercrm.loyalty.selectors.points import customer_points
from dealercrm.org.access import actor_for
from tests.loyalty.points_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_it_sums_the_balance_and_the_points_expiring_soon(
    owner, agent, hq, other_agent, funded, django_assert_num_queries
):
    funded(100, on=date(2023, 12, 1))  # expires 2025-12-01
    funded(40, on=date(2024, 6, 1))  # expires 2026-06-01
    on, actor = date(2025, 10, 1), actor_for(agent)
    with django_assert_num_queries(1):
        summary = customer_points(actor, owner.pk, on=on)
    assert summary == {"balance": 140, "expiring_90_days": 100, "expiring_by": date(2025, 12, 30)}
    assert customer_points(actor_for(hq), owner.pk, on=on)["balance"] == 140
    assert customer_points(actor_for(other_agent), owner.pk, on=on) is None


def test_a_customer_without_points_has_zero(owner, agent):
    summary = customer_points(actor_for(agent), owner.pk)
    assert (summary["balance"], summary["expiring_90_days"]) == (0, 0)
