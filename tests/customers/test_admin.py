"""The admin for customers: searchable, edits go through the services, the timeline is read-only."""

import pytest
from django.urls import reverse

from dealercrm.customers import timeline as tl
from dealercrm.customers.models import ContactPoint, Customer, TimelineEntry

pytestmark = pytest.mark.django_db


def change_data(customer: Customer, **overrides) -> dict:
    data = {
        "kind": customer.kind,
        "name": customer.name,
        "gender": customer.gender,
        "birthday": "",
        "birthday_calendar": customer.birthday_calendar,
        "language": customer.language,
        "id_number": customer.id_number,
        "occupation": customer.occupation,
        "customer_class": customer.customer_class,
        "source": customer.source,
        "note": customer.note,
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        **overrides,
    }
    return data


def test_it_finds_a_customer_by_initials(client_for, admin_user, dealer, make_customer):
    make_customer(dealer, name="张三", mobile="13812345678")
    make_customer(dealer, name="李四", mobile="13912345678")
    response = client_for(admin_user).get(reverse("admin:customers_customer_changelist"), {"q": "zs"})
    assert response.status_code == 200
    assert [c.name for c in response.context["cl"].result_list] == ["张三"]


def test_it_edits_through_the_service(client_for, admin_user, dealer, make_customer):
    customer = make_customer(dealer, name="张三")
    url = reverse("admin:customers_customer_change", args=[customer.pk])
    client = client_for(admin_user)
    assert client.get(url).status_code == 200

    bad = client.post(url, change_data(customer, id_number="123"))
    assert bad.status_code == 200
    assert "id_number" in bad.context["adminform"].form.errors

    response = client.post(url, change_data(customer, name="王五"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.name_pinyin) == ("王五", "wangwu")
    assert TimelineEntry.objects.filter(customer=customer, kind=tl.CUSTOMER_UPDATED).exists()


def test_it_creates_customers_in_the_app_only(client_for, admin_user):
    assert client_for(admin_user).get(reverse("admin:customers_customer_add")).status_code == 403


def test_it_flags_a_wrong_number_through_the_service(client_for, admin_user, dealer, make_customer):
    contact = make_customer(dealer).contacts.get()
    url = reverse("admin:customers_contactpoint_change", args=[contact.pk])
    response = client_for(admin_user).post(url, {"wrong_number": "on"})
    assert response.status_code == 302
    assert ContactPoint.objects.get(pk=contact.pk).wrong_number
    assert TimelineEntry.objects.filter(kind=tl.CONTACT_FLAGGED).count() == 1


def test_it_shows_the_timeline_read_only(client_for, admin_user, dealer, make_customer):
    entry = TimelineEntry.objects.get(customer=make_customer(dealer))
    client = client_for(admin_user)
    assert client.get(reverse("admin:customers_timelineentry_changelist")).status_code == 200
    assert client.get(reverse("admin:customers_timelineentry_change", args=[entry.pk])).status_code == 200
    client.post(reverse("admin:customers_timelineentry_delete", args=[entry.pk]), {"post": "yes"})
    assert TimelineEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("model", ["customer", "contactpoint", "tag", "timelineentry"])
def test_it_lists_and_searches_each_model(client_for, admin_user, dealer, make_customer, model):
    make_customer(dealer, mobile="13812345678")
    url = reverse(f"admin:customers_{model}_changelist")
    client = client_for(admin_user)
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "13812345678"}).status_code == 200
