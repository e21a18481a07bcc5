"""The sales pages as people use them: a consultant's day, the board, leads, the lead page, orders, the funnel
and the settings; list pages in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dealercrm.sales import services
from dealercrm.sales.models import Lead, SalesSettings, SourceOwner
from tests.sales.conftest import current_slot, tick_all

pytestmark = pytest.mark.django_db


def test_a_consultant_creates_a_lead_for_a_new_prospect(sales, client_for, vehicle_model):
    client = client_for(sales)
    assert client.get("/sales/leads/new/").status_code == 200
    response = client.post(
        "/sales/leads/new/",
        {"create": "1", "name": "钱七", "mobile": "13912345678", "source": "showroom", "grade": "H",
         "model": vehicle_model.pk, "budget_min": 180000, "budget_max": 220000, "purpose": "family",
         "contacted": "on"},
    )  # fmt: skip
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sales/leads/{lead.pk}/"
    assert (lead.owner_id, lead.grade, lead.customer.name, lead.customer.customer_class) == (
        sales.pk,
        "H",
        "钱七",
        "prospect",
    )
    page = client.get(response["Location"]).content.decode()
    assert "钱七" in page and "Log activity" in page


def test_it_explains_missing_prospect_details_next_to_the_fields(sales, client_for):
    response = client_for(sales).post(
        "/sales/leads/new/", {"create": "1", "source": "showroom", "grade": "B"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Enter the prospect&#x27;s mobile number" in body
    assert not Lead.objects.exists()


def test_a_mobile_already_on_record_is_refused_with_the_holders_name(sales, prospect, client_for):
    response = client_for(sales).post(
        "/sales/leads/new/",
        {"create": "1", "name": "Other", "mobile": "13900002222", "source": "hotline", "grade": "B"},
    )
    assert "already belongs to customer 王五" in response.content.decode()


def test_a_lead_for_an_existing_customer_found_by_search(sales, prospect, client_for):
    client = client_for(sales)
    page = client.get("/sales/leads/new/", {"q": "2222"}).content.decode()
    assert "王五" in page
    response = client.post(
        "/sales/leads/new/",
        {"create": "1", "q": "2222", "customer": prospect.pk, "source": "referral", "grade": "A"},
    )
    assert response.status_code == 302
    assert Lead.objects.get().customer_id == prospect.pk


def test_inline_validation_answers_for_the_changed_field(sales, client_for):
    response = client_for(sales).post(
        "/sales/leads/validate/",
        {"budget_min": "300000", "budget_max": "200000"},
        HTTP_HX_TRIGGER_NAME="budget_max",
    )
    assert "below the lower end" in response.content.decode()


def test_the_lead_page_logs_activities_and_edits(sales, lead, client_for):
    client = client_for(sales)
    response = client.post(
        f"/sales/leads/{lead.pk}/activities/new/",
        {"kind": "call", "notes": "Asked about financing", "grade": "H"},
    )
    assert response.status_code == 302
    page = client.get(f"/sales/leads/{lead.pk}/").content.decode()
    assert "Asked about financing" in page
    response = client.post(
        f"/sales/leads/{lead.pk}/edit/", {"grade": "H", "concerns": "Fuel use", "purpose": "commute"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.concerns == "Fuel use" and lead.purpose == "commute"


def test_influencers_are_linked_customers(sales, lead, dealer, make_customer, client_for):
    spouse = make_customer(dealer, name="王太太", mobile="13900003333")
    client = client_for(sales)
    assert "王太太" in client.get(f"/sales/leads/{lead.pk}/influencers/new/", {"q": "3333"}).content.decode()
    assert (
        client.post(
            f"/sales/leads/{lead.pk}/influencers/new/", {"q": "3333", "related": spouse.pk}
        ).status_code
        == 302
    )
    assert list(lead.influencers.all()) == [spouse]
    assert lead.customer.relationships.filter(related=spouse, kind="decision_influencer").exists()


def test_lost_request_and_decision_pages(sales, gm, lead, client_for):
    client_for(sales).post(
        f"/sales/leads/{lead.pk}/lost/", {"reason": "competitor", "competitor": "Tesla Model 3"}
    )
    manager = client_for(gm)
    assert "lost request" in manager.get("/sales/").content.decode()
    assert manager.post(f"/sales/leads/{lead.pk}/lost/decide/", {"decision": "approve"}).status_code == 302
    lead.refresh_from_db()
    assert lead.status == "lost"


def test_the_order_page_walks_the_order_to_delivery(sales, lead, client_for, vehicle_model):
    from tests.conftest import VALID_VINS

    client = client_for(sales)
    response = client.post(
        f"/sales/leads/{lead.pk}/orders/new/",
        {"model": vehicle_model.pk, "colour": "黑", "price": "200000", "discount": "2000", "deposit": "10000",
         "payment": "cash"},
    )  # fmt: skip
    order_url = response["Location"]
    assert client.post(order_url + "pay/").status_code == 302
    assert client.post(order_url + "allocate/", {"vin": "bad"}).status_code == 400
    assert client.post(order_url + "allocate/", {"vin": VALID_VINS[2]}).status_code == 302
    assert client.post(order_url + "checklist/", tick_all()).status_code == 302
    page = client.get(order_url).content.decode()
    assert "Hand over the car" in page
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            order_url + "deliver/", {"vin": VALID_VINS[2], "plate": "粤B5Z555", "delivered_on": today}
        ).status_code
        == 302
    )
    assert "粤B5Z555" in client.get(order_url).content.decode()


def test_the_gm_approves_a_discount_on_the_order_page(sales, gm, lead, place_order, client_for):
    from decimal import Decimal

    order = place_order(sales, lead, discount=Decimal("30000"))
    assert "awaits the GM" in client_for(sales).get(f"/sales/orders/{order.pk}/").content.decode()
    assert (
        client_for(sales)
        .post(f"/sales/orders/{order.pk}/discount/decide/", {"decision": "approve"})
        .status_code
        == 403
    )
    assert (
        client_for(gm).post(f"/sales/orders/{order.pk}/discount/decide/", {"decision": "approve"}).status_code
        == 302
    )
    order.refresh_from_db()
    assert order.discount_approval == "approved"


def test_the_test_drive_page_takes_feedback(sales, lead, book, client_for):
    drive = book(sales, lead, starts_at=current_slot(), minutes=30)
    client = client_for(sales)
    assert (
        client.post(
            f"/sales/test-drives/{drive.pk}/", {"score_overall": "4", "feedback_notes": "Quiet"}
        ).status_code
        == 302
    )
    drive.refresh_from_db()
    assert drive.status == "done" and drive.feedback_notes == "Quiet"
    page = client.get(f"/sales/test-drives/{drive.pk}/").content.decode()
    assert "110105********002X" in page  # the licence is masked


def test_the_board_shows_grades_by_stage(sales, colleague, gm, make_lead, client_for):
    make_lead(sales, grade="H")
    make_lead(sales, grade="H", contacted=False)
    make_lead(colleague, grade="C")
    mine = client_for(sales).get("/sales/board/").content.decode()
    assert (
        'data-grade="H" data-stage="contacted"><a' in mine
        and 'data-grade="C" data-stage="contacted">0' in mine
    )
    dealer_wide = client_for(gm).get("/sales/board/").content.decode()
    assert "Per consultant" in dealer_wide and "d01-sales2" in dealer_wide
    one = client_for(gm).get("/sales/board/", {"owner": colleague.pk}).content.decode()
    assert 'data-grade="H" data-stage="contacted">0' in one


def test_the_funnel_draws_inline_svg_charts(sales, gm, lead, make_lead, actor_of, client_for):
    services.lost_request(
        actor=actor_of(sales), lead=make_lead(sales), reason="competitor", competitor="BYD Han"
    )
    services.lost_decide(actor=actor_of(gm), lead=Lead.objects.get(lost_competitor="BYD Han"), approve=True)
    body = client_for(gm).get("/sales/funnel/").content.decode()
    assert body.count("<svg") >= 3 and "funnel-chart" in body and "BYD Han" in body
    assert "<script" not in body.split("<main", 1)[1]


def test_the_settings_page_saves_intervals_and_fixed_owners(gm, sales, dealer, client_for):
    client = client_for(gm)
    data = {"save_settings": "1", "interval_h": 1, "interval_a": 3, "interval_b": 7, "interval_c": 14,
            "oem_response_hours": 12, "discount_threshold_percent": "4.5", "assignment_mode": "by_source"}  # fmt: skip
    assert client.post("/sales/settings/", data).status_code == 302
    assert SalesSettings.objects.get(dealer=dealer).interval_h == 1
    assert (
        client.post("/sales/settings/", {"save_owner": "1", "source": "oem", "owner": sales.pk}).status_code
        == 302
    )
    assert SourceOwner.objects.get(dealer=dealer, source="oem").owner_id == sales.pk
    assert client_for(sales).get("/sales/settings/").status_code == 403


def test_the_fleet_page_adds_demo_cars_for_managers(gm, sales, client_for, vehicle_model):
    assert (
        client_for(gm).post("/sales/fleet/new/", {"model": vehicle_model.pk, "plate": "粤B0D777"}).status_code
        == 302
    )
    assert "粤B0D777" in client_for(sales).get("/sales/fleet/").content.decode()
    assert (
        client_for(sales)
        .post("/sales/fleet/new/", {"model": vehicle_model.pk, "plate": "粤B0D778"})
        .status_code
        == 403
    )


def test_empty_pages_say_what_to_do(sales, client_for):
    client = client_for(sales)
    assert "Choose “New lead”" in client.get("/sales/leads/").content.decode()
    assert "Nothing overdue" in client.get("/sales/").content.decode()
    assert "The pipeline is empty" in client.get("/sales/board/").content.decode()


@pytest.mark.parametrize(
    "url", ["/sales/", "/sales/leads/", "/sales/board/", "/sales/funnel/", "/sales/leads/?due=today"]
)
def test_list_pages_run_a_bounded_number_of_queries(
    url, sales, gm, make_lead, client_for, django_assert_max_num_queries
):
    for grade in "HABCHABC":
        make_lead(sales, grade=grade)
    from dealercrm.sales.models import Lead as L

    L.objects.update(next_follow_up_on=timezone.localdate() - timedelta(days=1))
    client = client_for(gm if "funnel" in url or "board" in url else sales)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
