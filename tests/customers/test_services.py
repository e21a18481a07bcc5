"""customers.services: the rules every page and the API rely on, tested directly against the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from dealercrm.customers import services
from dealercrm.customers import timeline as tl
from dealercrm.customers.models import Consent, ContactPoint, Customer, Relationship, Tag, TimelineEntry
from dealercrm.customers.services import ContactInput

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Timeline summaries are compared as text: read them in the source language."""
    with translation.override("en"):
        yield


def test_it_indexes_a_chinese_name_by_pinyin_and_initials(make_customer, dealer, system):
    customer = make_customer(dealer, name="张三")
    assert (customer.name_pinyin, customer.name_initials) == ("zhangsan", "zs")

    services.customer_update(actor=system, customer=customer, fields={"name": "李小龙"})
    customer.refresh_from_db()
    assert (customer.name_pinyin, customer.name_initials) == ("lixiaolong", "lxl")


def test_it_keeps_latin_letters_of_a_name_in_the_keys(make_customer, dealer):
    customer = make_customer(dealer, name="Anna 王", mobile="")
    assert customer.name_pinyin == "annawang"


def test_it_normalizes_contacts_and_the_id_number(system, dealer):
    customer = services.customer_create(
        actor=system,
        dealer=dealer,
        fields={"name": "王五", "id_number": "11010519491231002x"},
        contacts=[ContactInput("mobile", "+86 139-1234-5678"), ContactInput("email", "Wang@Example.COM")],
    )
    assert customer.id_number == "11010519491231002X"
    assert set(customer.contacts.values_list("kind", "value", "tail4")) == {
        ("mobile", "13912345678", "5678"),
        ("email", "Wang@example.com", ""),
    }


def test_it_refuses_a_mobile_another_customer_of_the_dealer_has(make_customer, dealer, system):
    make_customer(dealer, name="张三", mobile="13812345678")
    with pytest.raises(ValidationError) as caught:
        services.customer_create(
            actor=system,
            dealer=dealer,
            fields={"name": "李四"},
            contacts=[ContactInput("mobile", "138 1234 5678", True)],
        )
    assert "mobile" in caught.value.message_dict
    assert "138****5678" in caught.value.message_dict["mobile"][0]
    assert Customer.objects.filter(name="李四").count() == 0


def test_it_allows_the_same_mobile_at_another_dealer(make_customer, dealer, other_dealer):
    make_customer(dealer, mobile="13812345678")
    make_customer(other_dealer, mobile="13812345678")
    assert ContactPoint.objects.filter(value="13812345678").count() == 2


def test_it_reports_every_bad_field_at_once_and_saves_nothing(system, dealer):
    with pytest.raises(ValidationError) as caught:
        services.customer_create(
            actor=system,
            dealer=dealer,
            fields={"name": " ", "id_number": "123"},
            contacts=[ContactInput("mobile", "12345"), ContactInput("email", "nope")],
        )
    assert set(caught.value.message_dict) == {"name", "id_number", "mobile", "email"}
    assert not Customer.objects.exists()
    assert not TimelineEntry.objects.exists()


def test_it_keeps_exactly_one_primary_contact(system, dealer):
    customer = services.customer_create(
        actor=system,
        dealer=dealer,
        fields={"name": "赵六"},
        contacts=[
            ContactInput("landline", "021-64381234", True),
            ContactInput("mobile", "13912345678", True),
            ContactInput("mobile", "13912345678"),
        ],
    )
    rows = list(customer.contacts.values_list("kind", "is_primary"))
    assert sorted(rows) == [("landline", True), ("mobile", False)]

    services.contact_add(
        actor=system, customer=customer, kind="email", value="zhao@example.com", is_primary=True
    )
    primaries = customer.contacts.filter(is_primary=True)
    assert list(primaries.values_list("kind", flat=True)) == ["email"]


def test_it_makes_the_first_contact_primary_when_none_is_marked(system, dealer):
    customer = services.customer_create(
        actor=system, dealer=dealer, fields={"name": "孙七"}, contacts=[ContactInput("wechat", "sunqi_88")]
    )
    assert customer.contacts.get().is_primary


def test_it_refuses_a_contact_the_customer_already_has(make_customer, dealer, system):
    customer = make_customer(dealer, mobile="13812345678")
    with pytest.raises(ValidationError) as caught:
        services.contact_add(actor=system, customer=customer, kind="mobile", value="138-1234-5678")
    assert "mobile" in caught.value.message_dict
    assert customer.contacts.count() == 1


def test_it_puts_a_consent_change_on_the_timeline(make_customer, dealer, system):
    customer = make_customer(dealer)
    services.consent_set(actor=system, customer=customer, channel="sms", granted=True, source="展厅签字")
    services.consent_set(actor=system, customer=customer, channel="sms", granted=False, source="电话退订")

    consent = Consent.objects.get(customer=customer)
    assert (consent.channel, consent.granted, consent.source) == ("sms", False, "电话退订")
    entries = TimelineEntry.objects.filter(customer=customer, kind=tl.CONSENT_CHANGED).order_by("id")
    assert [e.summary for e in entries] == ["SMS: granted (展厅签字)", "SMS: withdrawn (电话退订)"]


def test_it_wants_to_know_how_consent_was_given(make_customer, dealer, system):
    customer = make_customer(dealer)
    with pytest.raises(ValidationError) as caught:
        services.consent_set(actor=system, customer=customer, channel="sms", granted=True, source=" ")
    assert "source" in caught.value.message_dict
    assert not Consent.objects.exists()


def test_it_refuses_a_relationship_to_oneself(make_customer, dealer, system):
    customer = make_customer(dealer)
    with pytest.raises(ValidationError) as caught:
        services.relationship_add(actor=system, customer=customer, related=customer, kind="spouse")
    assert "related" in caught.value.message_dict
    assert not Relationship.objects.exists()


def test_it_relates_two_customers_once(make_customer, dealer, system):
    wife = make_customer(dealer, name="张三", mobile="13812345678")
    husband = make_customer(dealer, name="李四", mobile="13912345678")
    for _ in range(2):
        services.relationship_add(actor=system, customer=wife, related=husband, kind="spouse")
    assert Relationship.objects.filter(customer=wife, related=husband).count() == 1
    assert TimelineEntry.objects.filter(customer=wife, kind=tl.RELATIONSHIP_ADDED).count() == 1


def test_it_hides_another_dealers_customer_from_a_relationship(
    make_customer, dealer, other_dealer, agent, actor_of
):
    mine = make_customer(dealer, mobile="13812345678")
    theirs = make_customer(other_dealer, mobile="13912345678")
    with pytest.raises(Http404):
        services.relationship_add(actor=actor_of(agent), customer=mine, related=theirs, kind="family")


def test_it_sets_tags_creating_the_missing_ones_for_the_dealer(make_customer, dealer, other_dealer, system):
    customer = make_customer(dealer)
    Tag.objects.create(dealer=other_dealer, name="VIP")
    services.customer_set_tags(actor=system, customer=customer, names=["VIP", " 老客户 ", "VIP", ""])
    assert sorted(customer.tags.values_list("name", flat=True)) == ["VIP", "老客户"]
    assert set(customer.tags.values_list("dealer_id", flat=True)) == {dealer.pk}

    services.customer_set_tags(actor=system, customer=customer, names=[])
    assert not customer.tags.exists()


def test_it_refuses_a_tag_longer_than_the_column(make_customer, dealer, system):
    customer = make_customer(dealer)
    with pytest.raises(ValidationError) as caught:
        services.customer_set_tags(actor=system, customer=customer, names=["x" * 41])
    assert "tags" in caught.value.message_dict
    assert not Tag.objects.exists()


def test_it_rejects_a_future_birthday_and_keeps_the_record(make_customer, dealer, system):
    customer = make_customer(dealer, birthday=date(1990, 5, 1))
    with pytest.raises(ValidationError) as caught:
        services.customer_update(actor=system, customer=customer, fields={"birthday": date(2999, 1, 1)})
    assert "birthday" in caught.value.message_dict
    customer.refresh_from_db()
    assert customer.birthday == date(1990, 5, 1)


def test_it_writes_the_timeline_only_for_a_real_change(make_customer, dealer, system):
    customer = make_customer(dealer, occupation="教师")
    services.customer_update(actor=system, customer=customer, fields={"occupation": "教师"})
    services.customer_update(actor=system, customer=customer, fields={"occupation": "医生"})
    updates = TimelineEntry.objects.filter(customer=customer, kind=tl.CUSTOMER_UPDATED)
    assert list(updates.values_list("summary", flat=True)) == ["occupation"]
