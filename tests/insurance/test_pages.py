"""The insurance pages: the pipeline with its filters, pagination and renewal rate; a renewal; a customer's
policies and recording one — across roles and dealers."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dealercrm.insurance.models import InsurancePolicy, RenewalOpportunity
from dealercrm.insurance.services import renewals_open
from dealercrm.org.roles import Role
from dealercrm.vehicles.models import Vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_renewal(owner, car, make_policy):
    today = timezone.localdate()
    policy = make_policy(owner, car, ends_on=today + timedelta(days=40))
    renewals_open(on=today)
    return RenewalOpportunity.objects.get(policy=policy)


def test_the_pipeline_lists_open_renewals_with_a_bounded_number_of_queries(
    dealer,
    open_renewal,
    make_customer,
    vehicle_model,
    make_policy,
    agent,
    client_for,
    django_assert_max_num_queries,
):
    today = timezone.localdate()
    for i in range(30):
        owner = make_customer(dealer, name=f"客{i}", mobile=f"1370001{i:04d}")
        vehicle = Vehicle.objects.create(
            dealer=dealer, vin=f"TEST{i:013d}", plate=f"粤D{i:05d}", model=vehicle_model, current_owner=owner
        )
        make_policy(owner, vehicle, ends_on=today + timedelta(days=10 + i))
    renewals_open(on=today)
    client = client_for(agent)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("insurance:home"))
    assert response.status_code == 200
    assert len(response.context["opportunities"]) == 25
    assert response.context["page_obj"].paginator.count == 31
    assert client.get(reverse("insurance:home") + "?page=2").context["page_obj"].number == 2


def test_the_pipeline_filters_and_shows_an_empty_state(open_renewal, agent, client_for):
    client = client_for(agent)
    response = client.get(reverse("insurance:home"), {"status": "lost"})
    assert list(response.context["opportunities"]) == []
    assert "No renewal matches these filters." in response.content.decode()
    response = client.get(reverse("insurance:home"), {"due_from": str(open_renewal.due_on)})
    assert [o.pk for o in response.context["opportunities"]] == [open_renewal.pk]


def test_an_agent_quotes_and_closes_a_renewal_from_its_page(open_renewal, agent, client_for):
    client = client_for(agent)
    url = reverse("insurance:renewal", args=[open_renewal.pk])
    assert client.get(url).status_code == 200
    bad = client.post(reverse("insurance:renewal-quote", args=[open_renewal.pk]), {"premium": "-3"})
    assert bad.status_code == 400 and "premium" in bad.context["quote_form"].errors
    assert (
        client.post(
            reverse("insurance:renewal-quote", args=[open_renewal.pk]), {"premium": "3100"}
        ).status_code
        == 302
    )
    bad = client.post(reverse("insurance:renewal-lose", args=[open_renewal.pk]), {"reason": ""})
    assert bad.status_code == 400
    renew = client.post(
        reverse("insurance:renewal-renew", args=[open_renewal.pk]),
        {"insurer": "太平洋", "policy_number": "CPIC-1", "starts_on": "2030-01-01", "ends_on": "2029-01-01",
         "premium": "3100"},
    )  # fmt: skip
    assert renew.status_code == 400 and "ends_on" in renew.context["renew_form"].errors
    open_renewal.refresh_from_db()
    assert open_renewal.status == "quoted"


def test_hq_and_the_gm_read_the_pipeline_and_change_nothing(open_renewal, hq, gm, client_for):
    for reader in (hq, gm):
        client = client_for(reader)
        assert client.get(reverse("insurance:home")).status_code == 200
        assert client.get(reverse("insurance:renewal", args=[open_renewal.pk])).status_code == 200
        quote = reverse("insurance:renewal-quote", args=[open_renewal.pk])
        assert client.post(quote, {"premium": "1"}).status_code == 403


def test_another_dealers_staff_get_404(open_renewal, other_dealer, make_user, client_for):
    stranger = client_for(make_user("d02-advisor", [Role.SERVICE_ADVISOR], other_dealer))
    pk = open_renewal.pk
    assert stranger.get(reverse("insurance:renewal", args=[pk])).status_code == 404
    assert stranger.post(reverse("insurance:renewal-lose", args=[pk]), {"reason": "price"}).status_code == 404
    assert stranger.get(reverse("insurance:customer", args=[open_renewal.customer_id])).status_code == 404
    assert stranger.get(reverse("insurance:policy-edit", args=[open_renewal.policy_id])).status_code == 404


def test_a_sales_consultant_records_a_policy_for_a_customer(owner, car, sales, client_for):
    client = client_for(sales)
    url = reverse("insurance:policy-create", args=[owner.pk])
    assert client.get(url).status_code == 200
    body = {"vehicle": car.pk, "kind": "compulsory", "insurer": "平安", "policy_number": "JQ-1",
            "starts_on": "2026-07-01", "ends_on": "2027-06-30", "premium": "950", "sold_here": "on"}  # fmt: skip
    bad = client.post(url, {**body, "premium": "-1"})
    assert bad.status_code == 200 and "premium" in bad.context["form"].errors
    assert client.post(url, body).status_code == 302
    policy = InsurancePolicy.objects.get()
    assert (policy.kind, policy.vehicle_id, policy.ends_on) == ("compulsory", car.pk, date(2027, 6, 30))
    page = client.get(reverse("insurance:customer", args=[owner.pk]))
    assert "JQ-1" in page.content.decode()
    edit = client.post(reverse("insurance:policy-edit", args=[policy.pk]), {**body, "premium": "999"})
    assert edit.status_code == 302
    policy.refresh_from_db()
    assert str(policy.premium) == "999.00"


def test_the_home_page_finds_a_customer_to_record_a_policy(owner, agent, client_for):
    response = client_for(agent).get(reverse("insurance:home"), {"q": "13700002000"})
    assert [c.pk for c in response.context["candidates"]] == [owner.pk]


def test_the_renewal_rate_is_shown(open_renewal, system, agent, client_for):
    from dealercrm.insurance.services import renewal_lose

    renewal_lose(actor=system, opportunity=open_renewal, reason="price")
    due = open_renewal.due_on
    response = client_for(agent).get(reverse("insurance:home"), {"rate_from": str(due), "rate_to": str(due)})
    [rate] = response.context["rates"]
    assert (rate.lost, rate.rate) == (1, 0.0)
