# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""Opting out: an SMS reply "TD" withdraws SMS consent (the next SMS is suppressed); the signed unsubscribe link in
every e-mail works without logging in, and a tampered link does nothing."""

import re

import pytest
from django.core import mail

from dealercrm.customers.models import Consent
from dealercrm.messaging.models import InboundMessage, OutboundMessage
from dealercrm.messaging.services import (
    Recipient,
    inbound_sms_record,
    messages_dispatch,
    messages_queue,
    unsubscribe_read,
)
from tests.messaging.conftest import at


def sms_consent(customer) -> bool:
    return Consent.objects.get(customer=customer, channel="sms").granted


@pytest.mark.parametrize("reply", ["TD", " td ", "T", "退订", "N"])
def test_a_td_reply_withdraws_sms_consent(reply, make_consenting):
    customer = make_consenting()
    [row] = inbound_sms_record(from_number="+86 138 1234 5678", body=reply)
    assert (row.customer_id, row.action, row.from_address) == (customer.pk, "opt_out", "13812345678")
    consent = Consent.objects.get(customer=customer, channel="sms")
    assert consent.granted is False and consent.source == "SMS reply TD"


def test_any_other_reply_is_kept_without_changing_consent(make_consenting):
    customer = make_consenting()
    [row] = inbound_sms_record(from_number="13812345678", body="好的，周六到店")
    assert row.action == "" and sms_consent(customer) is True
    assert customer.timeline.filter(kind="sms_reply").exists()


def test_it_withdraws_for_every_customer_with_that_mobile(make_consenting, other_dealer):
    mine = make_consenting()
    theirs = make_consenting(on=other_dealer)
    rows = inbound_sms_record(from_number="13812345678", body="退订")
    assert {r.customer_id for r in rows} == {mine.pk, theirs.pk}
    assert not sms_consent(mine) and not sms_consent(theirs)


def test_a_reply_from_an_unknown_number_is_still_stored(db):
    [row] = inbound_sms_record(from_number="13000000000", body="TD")
    assert row.customer_id is None and row.action == ""
    assert InboundMessage.objects.count() == 1


def test_after_td_the_next_sms_is_suppressed(campaign_sms, make_consenting):
    customer = make_consenting()
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "a")], send_after=at(10, 9))
    messages_dispatch(now=at(10, 10))
    inbound_sms_record(from_number="13812345678", body="TD", received_at=at(10, 11))
    messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "b")], send_after=at(11, 9))

    messages_dispatch(now=at(11, 10))

    assert OutboundMessage.objects.get(source_key="b").suppressed_reason == "no_consent"


def sent_email_link(templates, make_consenting):
    customer = make_consenting(channels=("email",), email="wang@example.com")
    messages_queue(
        template=templates["campaign_email"], recipients=[Recipient(customer.pk, "e")], send_after=at(10, 9)
    )
    messages_dispatch(now=at(10, 10))
    body = OutboundMessage.objects.get().body
    return customer, re.search(r"https://crm\.example\.test(\S+)", body).group(1)


def test_every_email_carries_a_working_unsubscribe_link(templates, make_consenting, client):
    customer, path = sent_email_link(templates, make_consenting)
    assert path.startswith("/messages/unsubscribe/")
    assert unsubscribe_read(path.split("/")[-2]) == (customer, "email")

    page = client.get(path)
    assert (
        page.status_code == 200 and "退订" in page.content.decode() and "Unsubscribe" in page.content.decode()
    )
    assert Consent.objects.get(customer=customer, channel="email").granted is True  # a GET changes nothing

    done = client.post(path)
    assert done.status_code == 200
    text = done.content.decode()
    assert "You will no longer receive e-mails from us." in text
    consent = Consent.objects.get(customer=customer, channel="email")
    assert consent.granted is False and consent.source == "E-mail unsubscribe link"


def test_a_tampered_unsubscribe_link_is_refused(templates, make_consenting, client):
    customer, path = sent_email_link(templates, make_consenting)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = path.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert client.post(forged).status_code == 404
    assert client.get("/messages/unsubscribe/not-a-token/").status_code == 404
    assert Consent.objects.get(customer=customer, channel="email").granted is True


def test_the_unsubscribe_link_goes_out_by_email(settings, templates, make_consenting):
    settings.MESSAGING_PROVIDERS = {"email": "dealercrm.messaging.channels.DjangoEmailProvider"}
    sent_email_link(templates, make_consenting)
    [email] = mail.outbox
    assert email.to == ["wang@example.com"] and "/messages/unsubscribe/" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith(
        "<https://crm.example.test/messages/unsubscribe/"
    )
