"""The messaging API: templates (CRUD + preview), the outbox read-only and scoped, the inbound SMS webhook and
delivery reports (token auth)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dealercrm.customers.models import Consent
from dealercrm.messaging.models import MessageTemplate, OutboundMessage
from dealercrm.messaging.services import Recipient, messages_dispatch, messages_queue
from tests.messaging.conftest import at

NEW = {"code": "api-sms", "name": "API SMS", "channel": "sms", "purpose": "care", "body_zh": "{name}您好"}


@pytest.fixture
def api_for():
    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    return make


def test_a_manager_writes_templates_over_the_api(manager, api_for, dealer):
    client = api_for(manager)
    created = client.post("/api/message-templates/", NEW, format="json")
    assert created.status_code == 201 and created.json()["dealer"] == dealer.pk
    pk = created.json()["id"]
    changed = client.patch(f"/api/message-templates/{pk}/", {"body_en": "Hello {name}"}, format="json")
    assert changed.status_code == 200 and changed.json()["body_en"] == "Hello {name}"
    bad = client.patch(f"/api/message-templates/{pk}/", {"body_zh": "{nope}"}, format="json")
    assert bad.status_code == 400 and "body_zh" in bad.json()
    assert client.delete(f"/api/message-templates/{pk}/").status_code == 204
    assert not MessageTemplate.objects.filter(pk=pk).exists()


def test_an_email_template_without_subject_is_refused(manager, api_for):
    answer = api_for(manager).post("/api/message-templates/", {**NEW, "channel": "email"}, format="json")
    assert answer.status_code == 400 and answer.json()["subject_zh"] == ["An e-mail needs a subject."]


def test_the_preview_action_renders_both_languages(agent, api_for, campaign_sms, make_customer, dealer):
    customer = make_customer(dealer, name="Tom", language="en", gender="male")
    answer = api_for(agent).get(f"/api/message-templates/{campaign_sms.pk}/preview/?customer={customer.pk}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["customer"] == customer.pk and data["customer_language"] == "en"
    zh, en = data["texts"]
    assert en["body"].startswith("[星河汽车] Mr Tom,") and zh["segments"] == 1


def test_agents_read_templates_but_do_not_write_them(agent, api_for, campaign_sms):
    client = api_for(agent)
    assert client.get("/api/message-templates/").status_code == 200
    assert client.post("/api/message-templates/", NEW, format="json").status_code == 403
    assert (
        client.patch(f"/api/message-templates/{campaign_sms.pk}/", {"name": "x"}, format="json").status_code
        == 403
    )


def test_another_dealers_templates_and_messages_are_404(other_agent, api_for, campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    client = api_for(other_agent)
    assert client.get(f"/api/message-templates/{campaign_sms.pk}/").status_code == 404
    assert client.get(f"/api/message-templates/{campaign_sms.pk}/preview/").status_code == 404
    assert client.get(f"/api/outbound-messages/{customer.messages.get().pk}/").status_code == 404
    assert client.get("/api/outbound-messages/").json()["count"] == 0


def test_hq_reads_everything_and_writes_nothing(hq, api_for, campaign_sms):
    client = api_for(hq)
    assert client.get("/api/message-templates/").json()["count"] > 0
    assert (
        client.patch(f"/api/message-templates/{campaign_sms.pk}/", {"name": "x"}, format="json").status_code
        == 403
    )
    assert client.post("/api/inbound-sms/", {"from_number": "13812345678", "body": "TD"}).status_code == 403


def test_the_outbox_api_lists_masked_messages_with_filters(agent, api_for, campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    messages_dispatch(now=at(10, 10))
    client = api_for(agent)
    [row] = client.get("/api/outbound-messages/?status=sent&channel=sms").json()["results"]
    assert row["to_address"] == "138****5678" and row["status"] == "sent"
    assert client.get("/api/outbound-messages/?status=failed").json()["count"] == 0
    assert client.post("/api/outbound-messages/", {}).status_code in (403, 405)


def test_the_sms_gateway_posts_replies(manager, api_for, make_consenting):
    customer = make_consenting()
    answer = api_for(manager).post(
        "/api/inbound-sms/", {"from_number": "+8613812345678", "body": "退订"}, format="json"
    )
    assert answer.status_code == 201
    data = answer.json()
    assert data["opted_out"] is True and data["messages"][0]["customer"] == customer.pk
    assert Consent.objects.get(customer=customer, channel="sms").granted is False
    assert api_for(manager).post("/api/inbound-sms/", {"body": "TD"}, format="json").status_code == 400


def test_a_dealer_gateway_user_only_reaches_its_own_customers(
    other_dealer, make_user, api_for, make_consenting
):
    from dealercrm.org.roles import Role

    customer = make_consenting()
    gateway = make_user("d02-gateway", [Role.COC_MANAGER], other_dealer)
    answer = api_for(gateway).post(
        "/api/inbound-sms/", {"from_number": "13812345678", "body": "TD"}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["messages"][0]["customer"] is None
    assert Consent.objects.get(customer=customer, channel="sms").granted is True


def test_providers_post_delivery_reports(manager, api_for, campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    messages_dispatch(now=at(10, 10))
    message = OutboundMessage.objects.get()
    client = api_for(manager)
    body = {
        "provider_message_id": message.provider_message_id,
        "status": "delivered",
        "at": "2025-06-10T10:01:00+08:00",
    }
    answer = client.post("/api/delivery-reports/", body, format="json")
    assert answer.status_code == 200 and answer.json() == {"updated": 1}
    assert client.post("/api/delivery-reports/", body, format="json").json() == {"updated": 0}
    message.refresh_from_db()
    assert message.status == "delivered" and message.delivered_at == at(10, 10, 1)
    unknown = client.post("/api/delivery-reports/", {**body, "provider_message_id": "nope"}, format="json")
    assert unknown.status_code == 404
    assert client.post("/api/delivery-reports/", {**body, "status": "sent"}, format="json").status_code == 400


def test_a_failed_delivery_report_marks_the_message_failed(manager, api_for, campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    messages_dispatch(now=at(10, 10))
    message = OutboundMessage.objects.get()
    body = {"provider_message_id": message.provider_message_id, "status": "failed", "error": "空号"}
    assert api_for(manager).post("/api/delivery-reports/", body, format="json").json() == {"updated": 1}
    message.refresh_from_db()
    assert (message.status, message.error) == ("failed", "空号")
