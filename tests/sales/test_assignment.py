"""Assignment of new leads (round-robin by open load among on-duty consultants, or a fixed owner per source),
OEM response deadlines with the first contact measured, the same-day rule for hotline leads, the OEM export."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dealercrm.org.models import StaffProfile
from dealercrm.org.roles import Role
from dealercrm.sales import selectors, services
from dealercrm.sales.models import Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(dealer, make_user):
    """Three consultants at D01."""
    return [make_user(f"d01-team{i}", [Role.SALES_CONSULTANT], dealer) for i in range(3)]


def test_a_consultant_owns_the_lead_they_create(sales, make_lead):
    assert make_lead(sales).owner_id == sales.pk


def test_hotline_leads_go_round_robin_to_the_least_loaded_consultant(agent, team, make_lead, dealer):
    owners = [make_lead(agent, source="hotline").owner_id for _ in range(6)]
    assert sorted(owners) == sorted([u.pk for u in team] * 2)
    assert owners[:3] != [owners[0]] * 3  # spread, not all to one person


def test_round_robin_weighs_the_open_load(agent, team, make_lead):
    busy, idle, _third = team
    for _ in range(3):
        make_lead(busy)
    make_lead(idle)
    owners = {make_lead(agent, source="hotline").owner_id for _ in range(2)}
    assert busy.pk not in owners


def test_off_duty_consultants_get_no_new_leads(agent, team, make_lead):
    StaffProfile.objects.filter(user__in=team[:2]).update(on_duty=False)
    assert {make_lead(agent, source="web").owner_id for _ in range(3)} == {team[2].pk}
    StaffProfile.objects.filter(user__in=team).update(on_duty=False)
    assert make_lead(agent, source="web").owner_id is None


def test_a_fixed_owner_per_source_takes_that_sources_leads(agent, gm, dealer, team, make_lead, actor_of):
    manager = actor_of(gm)
    services.sales_settings_update(actor=manager, dealer=dealer, fields={"assignment_mode": "by_source"})
    services.source_owner_set(actor=manager, dealer=dealer, source="oem", owner_id=team[1].pk)
    assert {make_lead(agent, source="oem").owner_id for _ in range(3)} == {team[1].pk}
    assert make_lead(agent, source="web").owner_id in {u.pk for u in team}  # other sources: round-robin
    StaffProfile.objects.filter(user=team[1]).update(on_duty=False)  # off duty: round-robin takes over
    assert make_lead(agent, source="oem").owner_id in {team[0].pk, team[2].pk}


def test_only_a_consultant_of_the_dealer_can_be_a_fixed_owner(gm, dealer, agent, actor_of):
    with pytest.raises(ValidationError):
        services.source_owner_set(actor=actor_of(gm), dealer=dealer, source="oem", owner_id=agent.pk)


def test_a_manager_may_assign_and_a_consultant_may_not(sales, colleague, gm, lead, actor_of):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.lead_assign(actor=actor_of(sales), lead=lead, owner_id=colleague.pk)
    services.lead_assign(actor=actor_of(gm), lead=lead, owner_id=colleague.pk)
    lead.refresh_from_db()
    assert lead.owner_id == colleague.pk
    assert lead.customer.timeline.filter(kind="lead_assigned").exists()


def test_oem_leads_carry_a_response_deadline_and_the_first_contact_is_measured(
    agent, team, make_lead, actor_of
):
    arrived = timezone.now() - timedelta(hours=30)
    lead = make_lead(agent, source="oem", external_ref="OEM-1", contacted=False, received_at=arrived)
    assert lead.response_due_at == arrived + timedelta(hours=24)
    assert lead.created_at == arrived
    assert selectors.response_state(lead) == "breached"
    owner = next(u for u in team if u.pk == lead.owner_id)
    services.activity_add(actor=actor_of(owner), lead=lead, kind="call", notes="Called back")
    lead.refresh_from_db()
    assert selectors.response_state(lead) == "late"
    assert 30 * 60 - 1 <= selectors.response_minutes(lead) <= 30 * 60 + 1


def test_an_oem_reference_is_recorded_once(agent, team, make_lead):
    make_lead(agent, source="oem", external_ref="OEM-7")
    with pytest.raises(ValidationError) as caught:
        make_lead(agent, source="oem", external_ref="OEM-7")
    assert "external_ref" in caught.value.message_dict


def test_hotline_leads_must_be_contacted_the_same_day(agent, team, make_lead):
    lead = make_lead(agent, source="hotline", contacted=False)
    due = timezone.localtime(lead.response_due_at)
    assert due.date() == timezone.localdate() and (due.hour, due.minute) == (23, 59)
    assert selectors.response_state(lead) == "pending"
    assert make_lead(agent, source="showroom").response_due_at is None


def test_the_oem_status_exports_as_csv(agent, team, gm, make_lead, client_for):
    lead = make_lead(agent, source="oem", external_ref="OEM-42", contacted=True)
    make_lead(agent, source="web")
    today = timezone.localdate().isoformat()
    response = client_for(gm).get("/sales/oem-export.csv", {"since": today, "until": today})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert body[0].startswith("lead_id,oem_reference,dealer")
    assert len(body) == 2 and f"{lead.pk},OEM-42,D01" in body[1] and ",met," in body[1]


def test_the_export_needs_a_valid_period(gm, client_for):
    assert (
        client_for(gm)
        .get("/sales/oem-export.csv", {"since": "2026-05-01", "until": "2026-01-01"})
        .status_code
        == 400
    )


def test_an_agent_sees_the_leads_they_logged_but_not_the_others(agent, team, sales, make_lead, actor_of):
    logged = make_lead(agent, source="hotline")
    make_lead(sales)
    assert list(selectors.leads_for(actor_of(agent))) == [logged]
    assert Lead.objects.count() == 2
