"""Queueing: idempotent on the source key, another dealer's customers are left out, one INSERT ... SELECT for a
whole segment, consent not checked yet."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealercrm.customers.models import Customer
from dealercrm.messaging.models import OutboundMessage
from dealercrm.messaging.services import Recipient, messages_queue, messages_queue_select
from tests.messaging.conftest import at


def test_it_queues_each_recipient_once(campaign_sms, make_customer, dealer):
    a = make_customer(dealer, name="张三", mobile="13812345678")
    b = make_customer(dealer, name="李四", mobile="13912345678")
    recipients = [Recipient(a.pk, f"x:{a.pk}", context={"event": "试驾日"}), Recipient(b.pk, f"x:{b.pk}")]

    assert messages_queue(template=campaign_sms, recipients=recipients, send_after=at(10, 9)) == 2
    assert messages_queue(template=campaign_sms, recipients=recipients, send_after=at(10, 9)) == 0

    message = OutboundMessage.objects.get(customer=a)
    assert (message.status, message.channel, message.purpose) == ("queued", "sms", "marketing")
    assert message.context == {"event": "试驾日"} and message.dealer_id == dealer.pk


def test_it_keeps_the_vehicle_and_makes_dates_storable(templates, make_customer, make_vehicle, dealer):
    from datetime import date

    owner = make_customer(dealer)
    car = make_vehicle(dealer, owner=owner)
    recipient = Recipient(owner.pk, "ins:1", vehicle_id=car.pk, context={"ends_on": date(2025, 7, 1)})

    messages_queue(template=templates["insurance_renewal"], recipients=[recipient], send_after=at(10, 9))

    message = OutboundMessage.objects.get()
    assert message.vehicle_id == car.pk and message.context == {"ends_on": "2025-07-01"}


def test_it_ignores_another_dealers_customers(campaign_sms, make_customer, other_dealer):
    stranger = make_customer(other_dealer)
    assert (
        messages_queue(template=campaign_sms, recipients=[Recipient(stranger.pk, "x")], send_after=at(1, 9))
        == 0
    )


def test_it_refuses_a_switched_off_template_and_read_only_staff(
    campaign_sms, make_customer, dealer, hq, actor_of
):
    customer = make_customer(dealer)
    with pytest.raises(PermissionDenied):
        messages_queue(
            template=campaign_sms,
            recipients=[Recipient(customer.pk, "x")],
            send_after=at(1, 9),
            actor=actor_of(hq),
        )
    campaign_sms.is_active = False
    with pytest.raises(ValidationError) as err:
        messages_queue(template=campaign_sms, recipients=[Recipient(customer.pk, "x")], send_after=at(1, 9))
    assert "template" in err.value.message_dict
    assert not OutboundMessage.objects.exists()


def test_it_queues_a_whole_segment_in_one_statement(
    campaign_sms, make_customer, dealer, other_dealer, manager, actor_of
):
    mine = [make_customer(dealer, name=f"客户{i}", mobile=f"1381234{i:04d}") for i in range(5)]
    make_customer(other_dealer, name="外店客户", mobile="13900000000")

    with CaptureQueriesContext(connection) as queries:
        created = messages_queue_select(
            template=campaign_sms,
            customers=Customer.objects.all(),
            key_prefix="campaign:7",
            send_after=at(10, 9),
            ref_type="campaigns.campaign",
            ref_id=7,
            actor=actor_of(manager),
        )
    assert created == 5
    assert len([q for q in queries.captured_queries if "INSERT" in q["sql"]]) == 1
    message = OutboundMessage.objects.get(customer=mine[2])
    assert message.source_key == f"campaign:7:{mine[2].pk}"
    assert (message.ref_type, message.ref_id, message.status, message.send_after) == (
        "campaigns.campaign", 7, "queued", at(10, 9),
    )  # fmt: skip
    assert message.context == {} and message.created_by_id == manager.pk

    again = messages_queue_select(
        template=campaign_sms, customers=Customer.objects.filter(name__startswith="客户"), key_prefix="campaign:7",
        send_after=at(10, 9),
    )  # fmt: skip
    assert again == 0
    assert OutboundMessage.objects.count() == 5


def test_a_segment_queued_in_one_statement_is_sent_like_any_other(campaign_sms, make_consenting):
    from dealercrm.messaging.services import messages_dispatch

    customer = make_consenting()
    messages_queue_select(
        template=campaign_sms,
        customers=Customer.objects.filter(pk=customer.pk),
        key_prefix="c",
        send_after=at(10, 9),
    )
    assert messages_dispatch(now=at(10, 10))["sent"] == 1


def test_a_segment_can_share_one_context(templates, make_customer, dealer):
    customer = make_customer(dealer)
    messages_queue_select(
        template=templates["club_event"],
        customers=Customer.objects.all(),
        key_prefix="campaigns.clubevent:3",
        send_after=at(10, 9),
        context={"event": "秋季自驾游", "date": "2025-10-01"},
    )
    assert OutboundMessage.objects.get(customer=customer).context == {
        "event": "秋季自驾游",
        "date": "2025-10-01",
    }


def test_a_producer_withdraws_what_is_still_waiting(
    campaign_sms, make_consenting, manager, other_agent, actor_of
):
    from dealercrm.messaging.services import messages_cancel, messages_dispatch

    sent, waiting = make_consenting("张三", "13812345678"), make_consenting("李四", "13912345678")
    messages_queue(
        template=campaign_sms,
        recipients=[Recipient(sent.pk, "a")],
        send_after=at(10, 9),
        ref_type="c",
        ref_id=1,
    )
    messages_dispatch(now=at(10, 10))
    messages_queue(
        template=campaign_sms,
        recipients=[Recipient(waiting.pk, "b")],
        send_after=at(11, 9),
        ref_type="c",
        ref_id=1,
    )

    assert messages_cancel(ref_type="c", ref_id=1, actor=actor_of(other_agent)) == 0  # not theirs
    assert messages_cancel(ref_type="c", ref_id=1, actor=actor_of(manager)) == 1
    assert OutboundMessage.objects.get(source_key="a").status == "sent"
    assert OutboundMessage.objects.get(source_key="b").suppressed_reason == "cancelled"
    assert messages_dispatch(now=at(11, 10))["sent"] == 0
