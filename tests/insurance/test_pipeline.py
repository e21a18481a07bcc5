"""Working the renewal pipeline: quote, renew (a new policy renewing the old), lose with a reason; the rate."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.insurance.models import RenewalOpportunity
from dealercrm.insurance.selectors import renewal_rates
from dealercrm.insurance.services import renewal_lose, renewal_quote, renewal_renew, renewals_open
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunity(policy):
    renewals_open(on=date(2027, 3, 15))
    return RenewalOpportunity.objects.get(policy=policy)


def test_an_agent_quotes_then_renews(opportunity, agent, actor_of):
    actor = actor_of(agent)
    renewal_quote(actor=actor, opportunity=opportunity, premium="2999.00", note="含车损险")
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.quoted_premium, opportunity.assigned_to_id) == (
        "quoted", Decimal("2999.00"), agent.pk)  # fmt: skip
    new = renewal_renew(actor=actor, opportunity=opportunity, fields={"policy_number": "PA-2"})
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.renewed_policy_id) == ("renewed", new.pk)
    assert (new.renewal_of_id, new.starts_on, new.ends_on, new.premium) == (
        opportunity.policy_id, date(2027, 5, 1), date(2028, 4, 30), Decimal("2999.00"))  # fmt: skip
    assert renewals_open(on=date(2027, 3, 16)) == 0  # the renewal policy is far from its end


def test_a_lost_renewal_needs_its_reason(opportunity, advisor, actor_of):
    actor = actor_of(advisor)
    with pytest.raises(ValidationError) as caught:
        renewal_lose(actor=actor, opportunity=opportunity, reason="")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        renewal_lose(actor=actor, opportunity=opportunity, reason="other")
    assert "note" in caught.value.message_dict
    renewal_lose(actor=actor, opportunity=opportunity, reason="price", note="竞品便宜300元")
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.lost_reason) == ("lost", "price")


def test_a_closed_renewal_stays_closed(opportunity, agent, actor_of):
    actor = actor_of(agent)
    renewal_lose(actor=actor, opportunity=opportunity, reason="sold_vehicle")
    for call in (
        lambda: renewal_quote(actor=actor, opportunity=opportunity, premium=100),
        lambda: renewal_renew(actor=actor, opportunity=opportunity, fields={}),
        lambda: renewal_lose(actor=actor, opportunity=opportunity, reason="price"),
    ):
        with pytest.raises(ValidationError):
            call()


def test_a_negative_quote_is_refused(opportunity, agent, actor_of):
    with pytest.raises(ValidationError) as caught:
        renewal_quote(actor=actor_of(agent), opportunity=opportunity, premium="-5")
    assert "premium" in caught.value.message_dict


def test_hq_and_the_gm_only_read(opportunity, hq, gm, actor_of):
    for reader in (hq, gm):
        with pytest.raises(PermissionDenied):
            renewal_quote(actor=actor_of(reader), opportunity=opportunity, premium=100)


def test_the_renewal_rate_is_renewed_over_renewed_plus_lost_per_dealer(
    dealer, other_dealer, make_customer, make_vehicle, make_policy, agent, hq, actor_of, system
):
    def opportunities(on_dealer, n: int, tag: int):
        made = []
        for i in range(n):
            owner = make_customer(on_dealer, name=f"车主{i}", mobile=f"1370{tag}00{i:04d}")
            car = make_vehicle(on_dealer, owner=owner, vin=VALID_VINS[i % 4], plate=f"粤C{tag}{i:04d}")
            made.append(make_policy(owner, car, ends_on=date(2027, 4, 10 + i)))
        renewals_open(on=date(2027, 3, 15))
        return [RenewalOpportunity.objects.get(policy=p) for p in made]

    mine = opportunities(dealer, 4, 1)
    theirs = opportunities(other_dealer, 2, 2)
    renewal_renew(actor=system, opportunity=mine[0], fields={})
    renewal_renew(actor=system, opportunity=mine[1], fields={})
    renewal_renew(actor=system, opportunity=mine[2], fields={})
    renewal_lose(actor=system, opportunity=mine[3], reason="price")
    renewal_lose(actor=system, opportunity=theirs[0], reason="other_insurer")
    [rate] = renewal_rates(actor_of(agent), date(2027, 4, 1), date(2027, 4, 30))
    assert (rate.dealer_id, rate.renewed, rate.lost, rate.still_open, rate.rate) == (dealer.pk, 3, 1, 0, 0.75)
    group = {r.dealer_id: r for r in renewal_rates(actor_of(hq), date(2027, 4, 1), date(2027, 4, 30))}
    assert (group[other_dealer.pk].rate, group[other_dealer.pk].still_open) == (0.0, 1)
    assert renewal_rates(actor_of(agent), date(2027, 5, 1), date(2027, 5, 31)) == []
    [early] = renewal_rates(actor_of(agent), date(2027, 4, 1), date(2027, 4, 10))
    assert (early.renewed, early.lost, early.rate) == (1, 0, 1.0)
