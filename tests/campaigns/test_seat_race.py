"""Many staff registering owners for the last seats at once never overbook: the event row is locked while the
seats are counted (runs in the PostgreSQL pass; SQLite serialises writers anyway)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from dealercrm.campaigns import services
from dealercrm.campaigns.choices import RegistrationStatus as RS
from dealercrm.campaigns.models import Registration

PEOPLE = 12
SEATS = 5


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_more_seats_than_the_event_has(dealer, manager, actor_of, make_customer):
    if connection.vendor != "postgresql":
        pytest.skip("the seat race runs in the PostgreSQL pass (SELECT … FOR UPDATE on the event)")
    actor = actor_of(manager)
    event = services.event_create(
        actor=actor,
        dealer=dealer,
        fields={
            "title": "试驾日",
            "starts_at": timezone.now() + timedelta(days=3),
            "place": "展厅",
            "capacity": SEATS,
        },
    )
    people = [make_customer(dealer, name=f"抢座{i}", mobile=f"1350000{i:04d}") for i in range(PEOPLE)]
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def work(customer):
        try:
            start.wait()
            services.registration_register(actor=actor, event=event, customer=customer)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c,)) for c in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RS.REGISTERED) == SEATS
    assert statuses.count(RS.WAITLISTED) == PEOPLE - SEATS
