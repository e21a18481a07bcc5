"""Sending: consent and opt-out are checked when a message goes out, quiet hours hold messages back, the frequency
cap spans campaigns, provider errors are retried and then fail, nothing is ever sent twice."""

import json
from pathlib import Path

from django.conf import settings

from dealercrm.customers.services import consent_set, contact_flag_wrong_number
from dealercrm.messaging.models import OutboundMessage
from dealercrm.messaging.services import Recipient, messages_dispatch, messages_queue, messaging_policy_for
from tests.messaging.conftest import FailingProvider, at


def queue(template, *customers, key="c1", when=None, context=None):
    return messages_queue(
        template=template,
        recipients=[Recipient(c.pk, f"{key}:{c.pk}", context=context or {}) for c in customers],
        send_after=when or at(10, 8),
    )


def status_of(customer):
    return OutboundMessage.objects.filter(customer=customer).values_list("status", "suppressed_reason").get()


def test_it_sends_to_consenting_customers_and_suppresses_the_others(
    campaign_sms, make_consenting, make_customer, dealer, system
):
    yes = make_consenting("张三", "13812345678")
    never_asked = make_customer(dealer, name="李四", mobile="13912345678")
    withdrawn = make_consenting("王五", "13712345678")
    queue(campaign_sms, yes, never_asked, withdrawn)
    consent_set(actor=system, customer=withdrawn, channel="sms", granted=False, source="phone call")

    result = messages_dispatch(now=at(10, 10))

    assert status_of(yes) == ("sent", "")
    assert status_of(never_asked) == ("suppressed", "no_consent")
    assert status_of(withdrawn) == ("suppressed", "no_consent")
    assert result["sent"] == 1 and result["no_consent"] == 2


def test_it_sends_service_notices_unless_consent_was_withdrawn(
    templates, make_customer, make_consenting, dealer, system
):
    never_asked = make_customer(dealer, name="李四", mobile="13912345678")
    withdrawn = make_consenting("王五", "13712345678")
    consent_set(actor=system, customer=withdrawn, channel="sms", granted=False, source="phone call")
    queue(templates["service_due"], never_asked, withdrawn)

    messages_dispatch(now=at(10, 10))

    assert status_of(never_asked) == ("sent", "")
    assert status_of(withdrawn) == ("suppressed", "no_consent")


def test_it_suppresses_messages_without_a_usable_address(campaign_sms, templates, make_consenting, system):
    flagged = make_consenting("张三", "13812345678")
    contact_flag_wrong_number(actor=system, contact=flagged.contacts.get())
    no_email = make_consenting("李四", "13912345678", channels=("sms", "email"))
    queue(campaign_sms, flagged)
    queue(templates["campaign_email"], no_email)

    messages_dispatch(now=at(10, 10))

    assert status_of(flagged) == ("suppressed", "no_address")
    assert status_of(no_email) == ("suppressed", "no_address")


def test_it_holds_messages_outside_the_sending_hours(campaign_sms, make_consenting):
    customer = make_consenting()
    queue(campaign_sms, customer, when=at(10, 22))

    assert messages_dispatch(now=at(10, 22))["sent"] == 0
    assert status_of(customer) == ("queued", "")
    assert messages_dispatch(now=at(11, 8, 59))["sent"] == 0

    assert messages_dispatch(now=at(11, 9))["sent"] == 1
    assert OutboundMessage.objects.get().sent_at == at(11, 9)


def test_it_follows_each_dealers_own_sending_hours(campaign_sms, make_consenting, dealer):
    from datetime import time

    policy = messaging_policy_for(dealer)
    policy.send_from, policy.send_until = time(8, 0), time(12, 0)
    policy.save()
    customer = make_consenting()
    queue(campaign_sms, customer)

    assert messages_dispatch(now=at(10, 13))["sent"] == 0
    assert messages_dispatch(now=at(11, 8, 30))["sent"] == 1


def test_the_frequency_cap_counts_across_campaigns(campaign_sms, templates, make_consenting, dealer):
    policy = messaging_policy_for(dealer)
    policy.cap_messages, policy.cap_days = 2, 30
    policy.save()
    customer = make_consenting()
    queue(campaign_sms, customer, key="spring", when=at(1, 10))
    messages_dispatch(now=at(1, 10))
    queue(templates["club_event"], customer, key="club", when=at(5, 10))
    queue(campaign_sms, customer, key="summer", when=at(5, 10, 1))

    result = messages_dispatch(now=at(5, 11))

    assert result["sent"] == 1 and result["frequency_cap"] == 1
    assert OutboundMessage.objects.get(source_key__startswith="club").status == "sent"
    assert OutboundMessage.objects.get(source_key__startswith="summer").suppressed_reason == "frequency_cap"


def test_the_frequency_cap_leaves_care_and_service_messages_alone(
    templates, campaign_sms, make_consenting, dealer
):
    policy = messaging_policy_for(dealer)
    policy.cap_messages = 0
    policy.save()
    customer = make_consenting()
    queue(campaign_sms, customer, key="ad")
    queue(templates["birthday"], customer, key="bday")

    messages_dispatch(now=at(10, 10))

    assert OutboundMessage.objects.get(source_key__startswith="ad").suppressed_reason == "frequency_cap"
    assert OutboundMessage.objects.get(source_key__startswith="bday").status == "sent"


def test_the_frequency_cap_frees_up_after_the_period(campaign_sms, make_consenting, dealer):
    policy = messaging_policy_for(dealer)
    policy.cap_messages, policy.cap_days = 1, 3
    policy.save()
    customer = make_consenting()
    queue(campaign_sms, customer, key="a", when=at(1, 10))
    messages_dispatch(now=at(1, 10))
    queue(campaign_sms, customer, key="b", when=at(5, 10))

    assert messages_dispatch(now=at(5, 10))["sent"] == 1


def test_it_retries_provider_errors_and_fails_after_three_attempts(settings, campaign_sms, make_consenting):
    settings.MESSAGING_PROVIDERS = {"sms": "tests.messaging.conftest.FailingProvider"}
    customer = make_consenting()
    queue(campaign_sms, customer)

    assert messages_dispatch(now=at(10, 10))["retrying"] == 1
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts, message.next_attempt_at) == ("queued", 1, at(10, 10, 5))
    assert message.error == "gateway down"
    assert messages_dispatch(now=at(10, 10, 4))["retrying"] == 0  # not yet due again
    assert messages_dispatch(now=at(10, 10, 5))["retrying"] == 1
    assert OutboundMessage.objects.get().next_attempt_at == at(10, 10, 35)
    assert messages_dispatch(now=at(10, 10, 35))["failed"] == 1

    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts, message.next_attempt_at) == ("failed", 3, None)
    assert messages_dispatch(now=at(10, 18))["failed"] == 0
    assert FailingProvider.calls == 3


def test_it_never_sends_a_message_twice(campaign_sms, make_consenting):
    customer = make_consenting()
    assert queue(campaign_sms, customer) == 1
    assert queue(campaign_sms, customer) == 0  # the same source key queues nothing

    assert messages_dispatch(now=at(10, 10))["sent"] == 1
    assert messages_dispatch(now=at(10, 11))["sent"] == 0
    lines = (Path(settings.DEALERCRM_OUTBOX_DIR) / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["to"] == "13812345678"


def test_it_drops_care_greetings_that_are_a_week_late(templates, make_consenting):
    customer = make_consenting()
    queue(templates["birthday"], customer, when=at(1, 9))

    assert messages_dispatch(now=at(9, 10))["expired"] == 1
    assert status_of(customer) == ("suppressed", "expired")


def test_it_sends_a_batch_with_the_same_few_queries_whatever_its_size(campaign_sms, make_consenting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customers = [make_consenting(f"客户{i}", f"1381234{i:04d}") for i in range(25)]
    counts = []
    for day, batch in ((10, customers[:2]), (11, customers[2:5]), (12, customers[5:])):
        queue(campaign_sms, *batch, key=f"d{day}", when=at(day, 9))
        with CaptureQueriesContext(connection) as queries:
            assert messages_dispatch(now=at(day, 10))["sent"] == len(batch)
        counts.append(len(queries.captured_queries))
    assert counts[1] == counts[2] <= 25, counts  # 3 messages or 20: the same queries
