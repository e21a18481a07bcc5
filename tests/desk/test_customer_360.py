"""The customer 360 page: one truthful page, masked by role, bounded queries whatever the history."""

from datetime import date, timedelta

import pytest

from dealercrm.customers.services import (
    consent_set,
    customer_set_tags,
    note_add,
    relationship_add,
)
from dealercrm.vehicles.services import odometer_record
from tests.conftest import VALID_VINS


@pytest.fixture
def owner(dealer, make_customer, make_vehicle, system):
    customer = make_customer(dealer, name="李四", mobile="13912345678", id_number="11010519491231002X")
    vehicle = make_vehicle(dealer, owner=customer, vin=VALID_VINS[1], plate="粤BD12345")
    odometer_record(actor=system, vehicle=vehicle, km=5_000, read_on=date(2024, 11, 1))
    odometer_record(actor=system, vehicle=vehicle, km=12_000, read_on=date(2025, 6, 1))
    consent_set(actor=system, customer=customer, channel="sms", granted=False, source="电话告知")
    customer_set_tags(actor=system, customer=customer, names=["VIP"])
    return customer


def test_it_shows_identity_contacts_vehicles_consent_and_timeline(
    owner, dealer, make_customer, system, agent, client_for
):
    spouse = make_customer(dealer, name="王芳", mobile="13712345678")
    relationship_add(actor=system, customer=owner, related=spouse, kind="spouse")
    page = client_for(agent).get(f"/customers/{owner.pk}/").content.decode()
    for expected in ["李四", "139****5678", "粤BD12345", VALID_VINS[1], "12,000 km", "VIP", "王芳", "<svg"]:
        assert expected in page, expected
    assert "13912345678" not in page
    assert "110105********002X" in page


def test_the_information_clerk_sees_full_numbers(owner, clerk, client_for):
    page = client_for(clerk).get(f"/customers/{owner.pk}/").content.decode()
    assert "13912345678" in page and "11010519491231002X" in page


def test_another_dealers_staff_get_404(owner, other_agent, client_for):
    assert client_for(other_agent).get(f"/customers/{owner.pk}/").status_code == 404


def test_group_hq_reads_it_without_edit_buttons(owner, hq, client_for):
    response = client_for(hq).get(f"/customers/{owner.pk}/")
    assert response.status_code == 200
    assert f"/customers/{owner.pk}/edit/" not in response.content.decode()


def test_it_costs_at_most_15_queries_however_long_the_history(
    owner, dealer, make_vehicle, system, agent, client_for, django_assert_max_num_queries
):
    for i in range(3):
        vehicle = make_vehicle(
            dealer,
            owner=owner,
            vin=VALID_VINS[2 + i % 2] if i < 2 else "LGBETH855F3683244",
            plate=f"粤B2000{i}",
        )
        for month in range(24):
            odometer_record(
                actor=system,
                vehicle=vehicle,
                km=1_000 * (month + 1),
                read_on=date(2024, 1, 1) + timedelta(days=30 * month),
            )
    for i in range(120):
        note_add(actor=system, customer=owner, text=f"第{i}次来电")
    client = client_for(agent)
    with django_assert_max_num_queries(15):
        response = client.get(f"/customers/{owner.pk}/")
    page = response.content.decode()
    assert "第119次来电" in page  # newest first
    assert "第0次来电" not in page  # older entries load on demand


def test_older_timeline_entries_load_on_demand(owner, system, agent, client_for):
    for i in range(60):
        note_add(actor=system, customer=owner, text=f"记录{i}")
    client = client_for(agent)
    page = client.get(f"/customers/{owner.pk}/").content.decode()
    assert "记录59" in page and "记录5<" not in page
    last_shown = page.split("?before=")[1].split('"')[0]
    more = client.get(f"/customers/{owner.pk}/timeline/", {"before": last_shown}).content.decode()
    assert "记录5<" in more
    assert "记录59" not in more


@pytest.fixture
def busy_owner(owner, dealer, sales, agent, system, actor_of, vehicle_model):
    """The owner with a lead, a complaint, an insurance policy and a loyalty standing."""
    from dealercrm.complaints.services import complaint_intake
    from dealercrm.insurance.services import policy_create
    from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
    from dealercrm.sales.services import lead_create

    lead_create(
        actor=actor_of(sales),
        dealer=dealer,
        fields={"source": "showroom", "model": vehicle_model, "grade": "A"},
        customer=owner,
        contacted=True,
    )
    complaint_intake(
        actor=actor_of(agent),
        dealer=dealer,
        customer=owner,
        fields={
            "channel": "phone",
            "complaint_type": "after_sales",
            "severity": "general",
            "title": "保养后异响",
            "description": "取车后底盘有异响。",
        },
    )
    today = date.today()
    policy_create(
        actor=system,
        customer=owner,
        vehicle=owner.ownerships.get().vehicle,
        fields={
            "insurer": "平安保险",
            "policy_number": "PA-001",
            "starts_on": today - timedelta(days=300),
            "ends_on": today + timedelta(days=65),
            "premium": "4800.00",
        },
    )
    silver = MembershipTier.objects.create(
        dealer=dealer, code="silver", name="银卡", rank=2, discount_percent=10, min_spend=5000
    )
    LoyaltyProfile.objects.create(
        customer=owner,
        dealer=dealer,
        category="occasional",
        services_due=4,
        services_done=2,
        churn_score=65,
        churn_reasons=[{"code": "service_overdue", "points": 30, "value": 120}],
        tier=silver,
        points_balance=1234,
        at_risk_since=today,
    )
    return owner


def test_it_shows_leads_complaints_policies_and_loyalty_in_one_list(busy_owner, manager, client_for):
    page = client_for(manager).get(f"/customers/{busy_owner.pk}/").content.decode()
    business = page[page.index('id="business"') :]
    for expected in [
        "保养后异响",
        "平安保险 PA-001",
        "/sales/leads/",
        "/complaints/",
        "/insurance/customers/",
    ]:
        assert expected in business, expected
    loyalty = page[page.index('id="loyalty"') : page.index('id="relations"')]
    for expected in ["65/100", "银卡", "1234", f"/loyalty/customers/{busy_owner.pk}/"]:
        assert expected in loyalty, expected


def test_a_role_without_sales_access_does_not_see_leads(busy_owner, advisor, client_for):
    business = client_for(advisor).get(f"/customers/{busy_owner.pk}/").content.decode()
    business = business[business.index('id="business"') :]
    assert "/sales/leads/" not in business and "保养后异响" in business


def test_the_full_page_stays_within_15_queries(
    busy_owner, manager, client_for, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(f"/customers/{busy_owner.pk}/")
    with django_assert_max_num_queries(15):
        assert client.get(f"/customers/{busy_owner.pk}/").status_code == 200
