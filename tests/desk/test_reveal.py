"""Unmasking a number: allowed for front-line roles, never for HQ, always logged."""

import pytest

from dealercrm.privacy.models import PiiAccess


@pytest.fixture
def customer(dealer, make_customer):
    return make_customer(dealer, name="孙悟空", mobile="13712349876", id_number="11010519491231002X")


def test_an_agent_reveals_a_number_and_it_is_logged(customer, agent, client_for):
    client = client_for(agent)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "137****9876" in page and "hx-post" in page
    contact = customer.contacts.get()
    response = client.post(f"/privacy/customers/{customer.pk}/reveal/", {"field": f"contact:{contact.pk}"})
    assert response.status_code == 200 and "13712349876" in response.content.decode()
    response = client.post(f"/privacy/customers/{customer.pk}/reveal/", {"field": "id_number"})
    assert "11010519491231002X" in response.content.decode()
    log = PiiAccess.objects.filter(customer=customer, user=agent).order_by("id")
    assert [entry.field for entry in log] == [f"contact:{contact.pk}", "id_number"]


def test_group_hq_cannot_reveal(customer, hq, client_for):
    response = client_for(hq).post(f"/privacy/customers/{customer.pk}/reveal/", {"field": "id_number"})
    assert response.status_code == 403
    assert not PiiAccess.objects.exists()


def test_another_dealers_agent_gets_404(customer, other_agent, client_for):
    response = client_for(other_agent).post(
        f"/privacy/customers/{customer.pk}/reveal/", {"field": "id_number"}
    )
    assert response.status_code == 404


def test_an_unknown_field_is_refused(customer, agent, client_for):
    response = client_for(agent).post(
        f"/privacy/customers/{customer.pk}/reveal/", {"field": "contact:999999"}
    )
    assert response.status_code == 400
    assert not PiiAccess.objects.exists()
