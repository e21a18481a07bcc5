# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""The messaging pages: templates (list, write, preview in both languages, live SMS counter), the outbox with
why each message was not sent, replies, and the sending rules."""

from dealercrm.messaging.models import MessageTemplate, MessagingPolicy
from dealercrm.messaging.services import Recipient, inbound_sms_record, messages_dispatch, messages_queue
from tests.messaging.conftest import at

NEW = {"code": "spring-sale", "name": "春季促销", "channel": "sms", "purpose": "marketing", "subject_zh": "",
       "body_zh": "{surname}{title}，春季保养八折", "subject_en": "", "body_en": "", "wechat_template_id": "",
       "is_active": "on"}  # fmt: skip


def test_the_template_list_starts_with_the_default_templates(agent, client_for):
    page = client_for(agent).get("/messages/templates/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "birthday" in text and "festival_mid_autumn" in text
    assert "/messages/templates/new/" not in text  # an agent reads, a manager writes


def test_a_manager_writes_a_template_and_sees_it_in_both_languages(manager, client_for):
    client = client_for(manager)
    answer = client.post("/messages/templates/new/", NEW)
    template = MessageTemplate.objects.get(code="spring-sale")
    assert answer.status_code == 302 and answer["Location"] == f"/messages/templates/{template.pk}/"
    preview = client.get(answer["Location"]).content.decode()
    assert "张先生，春季保养八折" in preview
    assert "No English text" in preview


def test_bad_template_text_shows_an_error_next_to_the_field(manager, client_for):
    page = client_for(manager).post("/messages/templates/new/", {**NEW, "body_zh": "您好 {nmae"})
    assert page.status_code == 200
    assert (
        "field-error" in page.content.decode()
        and not MessageTemplate.objects.filter(code="spring-sale").exists()
    )
    page = client_for(manager).post("/messages/templates/new/", {**NEW, "channel": "email"})
    assert page.context["form"].errors["subject_zh"] == ["An e-mail needs a subject."]


def test_a_manager_edits_and_an_agent_may_not(manager, agent, client_for, campaign_sms):
    url = f"/messages/templates/{campaign_sms.pk}/edit/"
    assert client_for(agent).get(url).status_code == 403
    client = client_for(manager)
    assert client.get(url).status_code == 200
    fields = {**NEW, "code": "campaign", "body_zh": "{name}，新品上市"}
    assert client.post(url, fields).status_code == 302
    campaign_sms.refresh_from_db()
    assert campaign_sms.body_zh == "{name}，新品上市"


def test_the_preview_renders_for_a_chosen_customer(agent, client_for, templates, make_customer, dealer):
    customer = make_customer(dealer, name="Lucy Li", gender="female", language="en")
    page = client_for(agent).get(f"/messages/templates/{templates['birthday'].pk}/?customer={customer.pk}")
    text = page.content.decode()
    assert "Happy birthday, Ms Lucy Li!" in text and "【星河汽车】Li女士" in text


def test_the_sms_counter_counts_segments_as_you_type(agent, client_for):
    client = client_for(agent)
    answer = client.post(
        "/messages/templates/sms-counter/", {"field": "body_zh", "body_zh": "好" * 71, "channel": "sms"}
    )
    assert answer.context["segments"] == 2 and answer.context["length"] == 71
    answer = client.post(
        "/messages/templates/sms-counter/", {"field": "body_zh", "body_zh": "{oops}", "channel": "sms"}
    )
    assert answer.context["problems"]


def test_the_outbox_shows_why_a_message_was_not_sent_and_masks_numbers(
    agent, client_for, campaign_sms, make_customer, make_consenting, dealer, django_assert_max_num_queries
):
    sent = make_consenting("张三", "13812345678")
    refused = make_customer(dealer, name="李四", mobile="13912345678")
    for i in range(30):
        make_customer(dealer, name=f"客户{i}", mobile=f"1361234{i:04d}")
    messages_queue(
        template=campaign_sms,
        recipients=[Recipient(c.pk, f"k{c.pk}") for c in [sent, refused, *list(dealer.customer_set.all())]],
        send_after=at(10, 9),
    )
    messages_dispatch(now=at(10, 10))
    client = client_for(agent)
    with django_assert_max_num_queries(12):
        page = client.get("/messages/?status=suppressed")
    text = page.content.decode()
    assert "No consent for this channel" in text
    assert page.context["page_obj"].paginator.count == 31
    assert len(page.context["rows"]) == 31
    page = client.get("/messages/?status=sent").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert client.get("/messages/?page=2").status_code == 200


def test_the_outbox_filters_by_channel_purpose_and_date(agent, client_for, campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    client = client_for(agent)
    assert client.get("/messages/?channel=email").context["page_obj"].paginator.count == 0
    assert client.get("/messages/?purpose=marketing&channel=sms").context["page_obj"].paginator.count == 1
    assert client.get("/messages/?date_from=2099-01-01").context["page_obj"].paginator.count == 0
    assert client.get("/messages/?date_to=not-a-date").status_code == 200


def test_a_message_page_is_only_for_its_dealer(agent, other_agent, client_for, campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    message = customer.messages.get()
    assert client_for(agent).get(f"/messages/{message.pk}/").status_code == 200
    assert client_for(other_agent).get(f"/messages/{message.pk}/").status_code == 404


def test_replies_are_listed(agent, client_for, make_consenting):
    make_consenting()
    inbound_sms_record(from_number="13812345678", body="退订")
    text = client_for(agent).get("/messages/inbound/").content.decode()
    assert "退订" in text


def test_a_manager_sets_the_sending_rules(manager, agent, client_for, dealer):
    client = client_for(manager)
    bad = client.post(
        "/messages/policy/", {"send_from": "21:00", "send_until": "09:00", "cap_messages": 4, "cap_days": 30}
    )
    assert bad.status_code == 200 and "send_until" in bad.context["form"].errors
    ok = client.post(
        "/messages/policy/", {"send_from": "08:30", "send_until": "20:00", "cap_messages": 2, "cap_days": 14}
    )
    assert ok.status_code == 302
    policy = MessagingPolicy.objects.get(dealer=dealer)
    assert (str(policy.send_from), policy.cap_messages, policy.cap_days) == ("08:30:00", 2, 14)
    assert client_for(agent).get("/messages/policy/").status_code == 403


def test_group_hq_reads_every_dealer_and_changes_nothing(hq, client_for, campaign_sms):
    client = client_for(hq)
    assert client.get("/messages/templates/").status_code == 200
    assert client.get(f"/messages/templates/{campaign_sms.pk}/").status_code == 200
    assert client.get("/messages/").status_code == 200
    assert client.get("/messages/templates/new/").status_code == 403
    assert client.post(f"/messages/templates/{campaign_sms.pk}/edit/", NEW).status_code == 403
    assert client.get("/messages/policy/").status_code == 403


def test_another_dealers_staff_get_404_on_templates(other_agent, client_for, campaign_sms):
    client = client_for(other_agent)
    assert client.get(f"/messages/templates/{campaign_sms.pk}/").status_code == 404
    assert client.get(f"/messages/templates/{campaign_sms.pk}/edit/").status_code == 404
