"""Customer pages through the test client: what a person sees and what lands in the database."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from dealercrm.customers import timeline as tl
from dealercrm.customers.models import Address, Consent, ContactPoint, Customer, Relationship, TimelineEntry

pytestmark = pytest.mark.django_db

BAD_MOBILE = "Enter a valid mainland China mobile number."
BAD_ID = "This resident ID number is not valid: check the birth date and the last character."
VALID_ID = "11010519491231002X"


def translated(message: str) -> str:
    """A message in the site language, as a request without Accept-Language gets it."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def shown(message: str) -> str:
    """A message as the page shows it: translated, HTML-escaped."""
    return escape(translated(message))


def new_customer(**overrides) -> dict:
    return {
        "kind": "person",
        "name": "李四",
        "gender": "male",
        "birthday": "1988-08-08",
        "id_number": "",
        "occupation": "工程师",
        "customer_class": "prospect",
        "source": "showroom",
        "note": "",
        "mobile": "139 1234 5678",
        "landline": "",
        "email": "",
        "wechat": "",
        "tags": "",
        **overrides,
    }


def test_it_creates_a_customer_that_shows_on_the_360_page(client_for, agent, dealer):
    client = client_for(agent)
    data = new_customer(
        id_number="110105 19491231 002x",
        landline="021-64381234",
        email="li@Example.com",
        wechat="lisi_2024",
        tags="VIP，老客户",  # noqa: RUF001 (a Chinese comma, as people type it)
    )
    response = client.post(reverse("customers:create"), data)

    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("desk:customer", args=[customer.pk])
    assert (customer.dealer, customer.name_pinyin, customer.id_number) == (dealer, "lisi", VALID_ID)
    assert customer.contacts.get(is_primary=True).value == "13912345678"
    assert customer.contacts.count() == 4
    assert sorted(customer.tags.values_list("name", flat=True)) == ["VIP", "老客户"]

    page = client.get(response.url)
    assert page.status_code == 200
    assert "李四" in page.content.decode()
    assert "139****5678" in page.content.decode()  # an agent sees the number masked
    assert len(list(page.context["messages"])) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("mobile", "12345", BAD_MOBILE), ("id_number", "110105194912310021", BAD_ID)],
)
def test_it_shows_a_bad_field_inline_and_saves_nothing(client_for, agent, field, value, message):
    response = client_for(agent).post(reverse("customers:create"), new_customer(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [translated(message)]
    assert shown(message) in response.content.decode()
    assert not Customer.objects.exists()


def test_it_refuses_a_mobile_another_customer_has(client_for, agent, dealer, make_customer):
    make_customer(dealer, name="张三", mobile="13912345678")
    response = client_for(agent).post(reverse("customers:create"), new_customer())
    assert response.status_code == 200
    assert "mobile" in response.context["form"].errors
    assert "139****5678" in response.content.decode()
    assert Customer.objects.count() == 1


def test_it_validates_a_field_inline_with_htmx(client_for, agent):
    client = client_for(agent)
    url = reverse("customers:validate")
    bad = client.post(
        url, new_customer(mobile="12345"), HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="mobile"
    )
    assert bad.status_code == 200
    assert shown(BAD_MOBILE) in bad.content.decode()
    good = client.post(url, new_customer(), HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="mobile")
    assert good.content.decode().strip() == ""
    assert client.get(url).status_code == 405
    assert not Customer.objects.exists()


def test_it_asks_a_group_wide_admin_which_dealer(client_for, admin_user, other_dealer):
    client = client_for(admin_user)
    assert 'name="dealer"' in client.get(reverse("customers:create")).content.decode()
    missing = client.post(reverse("customers:create"), new_customer())
    assert "dealer" in missing.context["form"].errors
    response = client.post(reverse("customers:create"), new_customer(dealer=other_dealer.pk))
    assert response.status_code == 302
    assert Customer.objects.get().dealer == other_dealer


def test_it_shows_no_dealer_choice_to_dealer_staff(client_for, agent):
    assert 'name="dealer"' not in client_for(agent).get(reverse("customers:create")).content.decode()


def test_it_lets_group_hq_read_but_not_write(client_for, hq, dealer, make_customer):
    customer = make_customer(dealer)
    client = client_for(hq)
    listing = client.get(reverse("customers:list"))
    assert listing.status_code == 200
    assert reverse("customers:create") not in listing.content.decode()
    for name in ["edit", "contact-add", "consent", "tags", "relationship-add", "address-add"]:
        assert client.get(reverse(f"customers:{name}", args=[customer.pk])).status_code == 403
    assert client.post(reverse("customers:create"), new_customer()).status_code == 403
    assert client.post(reverse("customers:note-add", args=[customer.pk]), {"text": "x"}).status_code == 403
    assert Customer.objects.count() == 1


def test_it_hides_another_dealers_customer(client_for, other_agent, dealer, make_customer):
    customer = make_customer(dealer)
    client = client_for(other_agent)
    for name in ["edit", "contact-add", "consent", "tags", "relationship-add", "address-add"]:
        assert client.get(reverse(f"customers:{name}", args=[customer.pk])).status_code == 404
    assert client.post(reverse("customers:note-add", args=[customer.pk]), {"text": "x"}).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("customers:list"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_it_edits_the_customer(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer, name="张三")
    client = client_for(agent)
    assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 200
    data = {**new_customer(name="张珊", customer_class="owner"), "mobile": None}
    response = client.post(
        reverse("customers:edit", args=[customer.pk]), {k: v for k, v in data.items() if v is not None}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.name_pinyin, customer.customer_class) == ("张珊", "zhangshan", "owner")
    assert TimelineEntry.objects.filter(customer=customer, kind=tl.CUSTOMER_UPDATED).exists()


def test_it_masks_the_id_number_on_the_edit_page_and_keeps_it(
    client_for, agent, clerk, dealer, make_customer
):
    customer = make_customer(dealer, id_number=VALID_ID)
    url = reverse("customers:edit", args=[customer.pk])
    masked = client_for(agent).get(url).context["form"]["id_number"].value()
    assert masked == "110105********002X"
    assert client_for(clerk).get(url).context["form"]["id_number"].value() == VALID_ID

    form = client_for(agent).get(url).context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    response = client_for(agent).post(url, {**data, "occupation": "律师"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.id_number, customer.occupation) == (VALID_ID, "律师")


def test_it_shows_a_bad_id_number_on_the_edit_page(client_for, clerk, dealer, make_customer):
    customer = make_customer(dealer, name="张三")
    response = client_for(clerk).post(
        reverse("customers:edit", args=[customer.pk]), new_customer(name="张三", id_number="123")
    )
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    customer.refresh_from_db()
    assert customer.id_number == ""


def test_it_adds_a_contact(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer, mobile="13812345678")
    client = client_for(agent)
    url = reverse("customers:contact-add", args=[customer.pk])
    assert client.get(url).status_code == 200

    bad = client.post(url, {"kind": "mobile", "value": "12345"})
    assert bad.context["form"].errors["value"] == [translated(BAD_MOBILE)]
    again = client.post(url, {"kind": "mobile", "value": "138 1234 5678"})
    assert "value" in again.context["form"].errors

    response = client.post(url, {"kind": "mobile", "value": "13912345678", "is_primary": "on"})
    assert response.status_code == 302
    assert customer.contacts.get(is_primary=True).value == "13912345678"
    assert ContactPoint.objects.filter(customer=customer).count() == 2


def test_it_records_consent_and_shows_it(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer)
    client = client_for(agent)
    url = reverse("customers:consent", args=[customer.pk])
    assert "current-consents" in client.get(url).content.decode()

    missing = client.post(url, {"channel": "sms", "granted": "yes", "source": ""})
    assert "source" in missing.context["form"].errors
    response = client.post(url, {"channel": "sms", "granted": "yes", "source": "展厅签字确认"})
    assert response.status_code == 302
    consent = Consent.objects.get(customer=customer)
    assert (consent.channel, consent.granted, consent.recorded_by) == ("sms", True, agent)
    assert "展厅签字确认" in client.get(url).content.decode()

    client.post(url, {"channel": "sms", "granted": "no", "source": "电话退订"})
    consent.refresh_from_db()
    assert consent.granted is False
    assert TimelineEntry.objects.filter(customer=customer, kind=tl.CONSENT_CHANGED).count() == 2


def test_it_sets_tags(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer)
    client = client_for(agent)
    url = reverse("customers:tags", args=[customer.pk])
    response = client.post(url, {"tags": "VIP，老客户、 车友会"})  # noqa: RUF001
    assert response.status_code == 302
    assert sorted(customer.tags.values_list("name", flat=True)) == sorted(["VIP", "老客户", "车友会"])
    assert client.get(url).context["form"]["tags"].value() == "VIP, 老客户, 车友会"

    too_long = client.post(url, {"tags": "x" * 41})
    assert "tags" in too_long.context["form"].errors
    assert customer.tags.count() == 3


def test_it_adds_a_relationship_found_by_mobile(client_for, agent, dealer, other_dealer, make_customer):
    customer = make_customer(dealer, name="张三", mobile="13812345678")
    spouse = make_customer(dealer, name="李四", mobile="13912345678")
    make_customer(other_dealer, name="王五", mobile="13712345678")
    client = client_for(agent)
    url = reverse("customers:relationship-add", args=[customer.pk])

    found = client.get(url, {"q": "139 1234 5678"})
    assert [pk for pk, _label in found.context["form"].fields["related"].choices] == [spouse.pk]
    assert [pk for pk, _ in client.get(url, {"q": "李"}).context["form"].fields["related"].choices] == [
        spouse.pk
    ]
    assert client.get(url, {"q": "13712345678"}).context["form"].fields["related"].choices == []
    assert client.get(url, {"q": "13812345678"}).context["form"].fields["related"].choices == []  # not self

    response = client.post(url, {"q": "13912345678", "related": spouse.pk, "kind": "spouse", "note": "妻子"})
    assert response.status_code == 302
    assert Relationship.objects.filter(customer=customer, related=spouse, kind="spouse").exists()


def test_it_refuses_a_relationship_to_a_customer_not_found(
    client_for, agent, dealer, other_dealer, make_customer
):
    customer = make_customer(dealer, mobile="13812345678")
    theirs = make_customer(other_dealer, mobile="13712345678")
    response = client_for(agent).post(
        reverse("customers:relationship-add", args=[customer.pk]),
        {"q": "13712345678", "related": theirs.pk, "kind": "spouse"},
    )
    assert response.status_code == 200
    assert not Relationship.objects.exists()


def test_it_adds_an_address(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer)
    client = client_for(agent)
    url = reverse("customers:address-add", args=[customer.pk])
    bad = client.post(url, {"kind": "home", "line": "科技园路 1 号", "postcode": "5180"})
    assert "postcode" in bad.context["form"].errors
    response = client.post(
        url,
        {"kind": "home", "province": "广东", "city": "深圳", "line": "科技园路 1 号", "postcode": "518057"},
    )
    assert response.status_code == 302
    assert str(Address.objects.get(customer=customer)) == "广东深圳科技园路 1 号"


def test_it_adds_a_note_to_the_timeline(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer)
    client = client_for(agent)
    url = reverse("customers:note-add", args=[customer.pk])
    response = client.post(url, {"text": "客户想下月试驾"}, follow=True)
    assert response.redirect_chain == [(reverse("desk:customer", args=[customer.pk]), 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert TimelineEntry.objects.filter(customer=customer, kind=tl.NOTE, summary="客户想下月试驾").exists()

    empty = client.post(url, {"text": "  "}, follow=True)
    assert [m.level_tag for m in empty.context["messages"]] == ["error"]
    assert TimelineEntry.objects.filter(customer=customer, kind=tl.NOTE).count() == 1
    assert client.get(url).status_code == 405


def test_it_accepts_the_masked_id_number_when_validating_an_edit(client_for, agent, dealer, make_customer):
    customer = make_customer(dealer, id_number=VALID_ID)
    url = f"{reverse('customers:validate')}?customer={customer.pk}"
    data = new_customer(id_number="110105********002X")
    response = client_for(agent).post(url, data, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="id_number")
    assert response.content.decode().strip() == ""
    wrong = client_for(agent).post(url, {**data, "id_number": "123"}, HTTP_HX_TRIGGER_NAME="id_number")
    assert wrong.content.decode().strip() != ""
