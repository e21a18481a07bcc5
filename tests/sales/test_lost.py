"""Lost leads (战败): a reason (which competitor), a sales manager's approval, then the COC's reactivation call."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.customers.models import Customer
from dealercrm.followups.models import TaskPurpose
from dealercrm.sales import services
from dealercrm.sales.choices import LeadStatus, Stage

pytestmark = pytest.mark.django_db


def test_lost_needs_a_reason_and_the_competitor_bought(sales, lead, actor_of):
    actor = actor_of(sales)
    with pytest.raises(ValidationError) as caught:
        services.lost_request(actor=actor, lead=lead, reason="competitor")
    assert "competitor" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.lost_request(actor=actor, lead=lead, reason="other")
    assert "note" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.lost_request(actor=actor, lead=lead, reason="bored")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_a_consultant_asks_and_cannot_approve(sales, lead, actor_of):
    services.lost_request(actor=actor_of(sales), lead=lead, reason="competitor", competitor="BYD Han")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST_PENDING and lead.lost_competitor == "BYD Han"
    with pytest.raises(PermissionDenied):
        services.lost_decide(actor=actor_of(sales), lead=lead, approve=True)


def test_an_approved_lost_lead_goes_to_the_coc_for_reactivation(sales, gm, lead, actor_of):
    services.lost_request(actor=actor_of(sales), lead=lead, reason="budget")
    services.lost_decide(actor=actor_of(gm), lead=lead, approve=True, comment="Try again in spring")
    lead.refresh_from_db()
    assert (lead.status, lead.stage, lead.next_follow_up_on) == (LeadStatus.LOST, Stage.LOST, None)
    assert lead.lost_decided_by_id == gm.pk and lead.lost_at is not None
    purposes = TaskPurpose.objects.filter(customer=lead.customer, event_kind="lead_follow_up")
    assert [p.source for p in purposes] == [f"sales.lead:{lead.pk}:lost"]
    assert Customer.objects.get(pk=lead.customer_id).customer_class == "lost"
    kinds = set(lead.customer.timeline.values_list("kind", flat=True))
    assert {"lead_lost_requested", "lead_lost"} <= kinds


def test_a_rejected_request_puts_the_lead_back_due_today(sales, gm, lead, actor_of):
    from django.utils import timezone

    services.lost_request(actor=actor_of(sales), lead=lead, reason="timing")
    with pytest.raises(ValidationError):
        services.lost_decide(actor=actor_of(gm), lead=lead, approve=False)  # a rejection says why
    services.lost_decide(actor=actor_of(gm), lead=lead, approve=False, comment="They asked for a quote")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN and lead.lost_reason == ""
    assert lead.next_follow_up_on == timezone.localdate()
    assert not TaskPurpose.objects.filter(customer=lead.customer).exists()


def test_the_coc_manager_may_approve_too(sales, manager, lead, actor_of):
    services.lost_request(actor=actor_of(sales), lead=lead, reason="no_response")
    services.lost_decide(actor=actor_of(manager), lead=lead, approve=True)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST


def test_a_customer_with_another_open_lead_stays_a_prospect(sales, gm, lead, prospect, make_lead, actor_of):
    make_lead(sales, customer=prospect)
    services.lost_request(actor=actor_of(sales), lead=lead, reason="timing")
    services.lost_decide(actor=actor_of(gm), lead=lead, approve=True)
    assert Customer.objects.get(pk=prospect.pk).customer_class == "prospect"


def test_a_new_lead_brings_a_lost_customer_back_as_a_prospect(sales, gm, lead, prospect, make_lead, actor_of):
    services.lost_request(actor=actor_of(sales), lead=lead, reason="timing")
    services.lost_decide(actor=actor_of(gm), lead=lead, approve=True)
    make_lead(sales, customer=Customer.objects.get(pk=prospect.pk))
    assert Customer.objects.get(pk=prospect.pk).customer_class == "prospect"


def test_only_a_pending_request_can_be_decided(gm, lead, actor_of):
    with pytest.raises(ValidationError):
        services.lost_decide(actor=actor_of(gm), lead=lead, approve=True)
