"""Two agents closing the same renewal at once: one wins, the other is told it is closed (row lock, PostgreSQL)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.insurance.services import renewal_lose, renewal_renew, renewals_open
from dealercrm.org.access import actor_for
from dealercrm.org.roles import Role


@pytest.mark.django_db(transaction=True)
def test_it_never_renews_and_loses_the_same_renewal(dealer, policy, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("the renewal race runs in the PostgreSQL pass (row locks), as the claim race does")
    renewals_open(on=date(2027, 3, 15))
    opportunity = RenewalOpportunity.objects.get()
    agents = [actor_for(make_user(f"d01-ins{i}", [Role.COC_AGENT], dealer)) for i in range(6)]
    start = threading.Barrier(len(agents))
    outcomes: list[str] = []

    def work(i, actor):
        try:
            start.wait()
            if i % 2:
                renewal_renew(actor=actor, opportunity=opportunity, fields={"policy_number": f"R-{i}"})
            else:
                renewal_lose(actor=actor, opportunity=opportunity, reason="price")
            outcomes.append("done")
        except ValidationError:
            outcomes.append("closed")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(agents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["closed"] * 5 + ["done"]
    opportunity.refresh_from_db()
    renewals = InsurancePolicy.objects.filter(renewal_of=policy).count()
    assert (opportunity.status, renewals) in {("renewed", 1), ("lost", 0)}
