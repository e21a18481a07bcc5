"""Recording insurance policies: the rules (dates, premium, the customer's own vehicle), scope and roles."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from dealercrm.customers.models import TimelineEntry
from dealercrm.insurance import selectors
from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.insurance.services import policy_create, policy_delete, policy_update, renewal_renew
from tests.conftest import VALID_VINS

pytestmark = pytest.mark.django_db

FIELDS = {"kind": "commercial", "insurer": "中国人保", "policy_number": "PICC-9", "starts_on": date(2026, 6, 1),
          "ends_on": date(2027, 5, 31), "premium": "4280.50"}  # fmt: skip


def test_an_agent_records_a_policy_on_the_customers_car(owner, car, agent, actor_of):
    policy = policy_create(actor=actor_of(agent), customer=owner, vehicle=car, fields=FIELDS)
    assert (policy.dealer_id, policy.insurer, str(policy.premium), policy.created_by_id) == (
        owner.dealer_id, "中国人保", "4280.50", agent.pk)  # fmt: skip
    entry = TimelineEntry.objects.get(customer=owner, kind="insurance_policy")
    assert "中国人保" in entry.summary and entry.ref_id == policy.pk


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_it_refuses_bad_policies_with_a_message_per_field(dealer, owner, car, agent, actor_of, make_customer,
                                                         make_vehicle):  # fmt: skip
    actor = actor_of(agent)
    errors = _errors(lambda: policy_create(actor=actor, customer=owner, vehicle=car, fields={
        **FIELDS, "ends_on": date(2026, 6, 1), "premium": "-1", "insurer": " "}))  # fmt: skip
    assert set(errors) == {"ends_on", "premium", "insurer"}
    assert errors["ends_on"] == ["The policy must end after it starts."]
    neighbour = make_customer(dealer, name="邻居", mobile="13700002002")
    their_car = make_vehicle(dealer, owner=neighbour, vin=VALID_VINS[1], plate="粤B22222")
    errors = _errors(lambda: policy_create(actor=actor, customer=owner, vehicle=their_car, fields=FIELDS))
    assert errors["vehicle"] == ["This vehicle does not belong to this customer at this dealer."]
    assert not InsurancePolicy.objects.exists()


def test_another_dealers_staff_and_readers_cannot_record(owner, car, other_agent, hq, gm, clerk, actor_of):
    with pytest.raises(Http404):
        policy_create(actor=actor_of(other_agent), customer=owner, vehicle=car, fields=FIELDS)
    for reader in (hq, gm, clerk):
        with pytest.raises(PermissionDenied):
            policy_create(actor=actor_of(reader), customer=owner, vehicle=car, fields=FIELDS)


def test_correcting_the_end_moves_the_open_renewal(policy, advisor, actor_of):
    opportunity = RenewalOpportunity.objects.create(
        dealer=policy.dealer,
        policy=policy,
        customer=policy.customer,
        vehicle=policy.vehicle,
        due_on=policy.ends_on,
    )
    policy_update(actor=actor_of(advisor), policy=policy, fields={"ends_on": date(2027, 5, 15)})
    opportunity.refresh_from_db()
    assert opportunity.due_on == date(2027, 5, 15)
    assert "ends_on" in _errors(
        lambda: policy_update(actor=actor_of(advisor), policy=policy, fields={"ends_on": date(2020, 1, 1)})
    )


def test_a_policy_in_a_renewal_cannot_be_deleted(policy, agent, actor_of):
    actor = actor_of(agent)
    opportunity = RenewalOpportunity.objects.create(
        dealer=policy.dealer,
        policy=policy,
        customer=policy.customer,
        vehicle=policy.vehicle,
        due_on=policy.ends_on,
    )
    renewal = renewal_renew(actor=actor, opportunity=opportunity, fields={})
    with pytest.raises(ValidationError):
        policy_delete(actor=actor, policy=policy)
    with pytest.raises(ValidationError):
        policy_delete(actor=actor, policy=renewal)
    stray = policy_create(actor=actor, customer=policy.customer, vehicle=policy.vehicle, fields=FIELDS)
    policy_delete(actor=actor, policy=stray)
    assert not InsurancePolicy.objects.filter(pk=stray.pk).exists()


def test_the_360_page_gets_a_customers_policies_in_one_query(owner, car, make_policy, agent, actor_of,
                                                             django_assert_num_queries):  # fmt: skip
    for year in (2025, 2026, 2027):
        make_policy(owner, car, ends_on=date(year, 4, 30))
    actor = actor_of(agent)
    with django_assert_num_queries(1):
        policies = selectors.customer_policies(actor, owner.pk)
        shown = [
            (p.ends_on.year, p.vehicle.plate, p.vehicle.model.series, getattr(p, "renewal", None))
            for p in policies
        ]
    assert [s[0] for s in shown] == [2027, 2026, 2025]


def test_another_dealer_sees_no_policies(policy, other_agent, hq, actor_of):
    assert selectors.customer_policies(actor_of(other_agent), policy.customer_id) == []
    assert len(selectors.customer_policies(actor_of(hq), policy.customer_id)) == 1


def test_the_360_page_lists_current_policies_with_their_renewal_state(
    owner, car, make_policy, agent, actor_of
):
    from datetime import timedelta

    from django.utils import timezone

    from dealercrm.insurance.services import renewals_open

    today = timezone.localdate()
    current = make_policy(owner, car, ends_on=today + timedelta(days=20), policy_number="NOW-1")
    make_policy(owner, car, ends_on=today - timedelta(days=400), policy_number="OLD-1")
    renewals_open(on=today)
    rows = list(selectors.customer_policy_rows(actor_of(agent), owner.pk))
    assert [(r["b_kind"], r["b_ref"], r["b_title"], r["b_state"], r["b_due"]) for r in rows] == [
        ("policy", current.pk, "中国平安 NOW-1", "open", current.ends_on)
    ]
