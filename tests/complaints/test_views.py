"""The complaint pages through the client: list, intake (existing or new customer, from a call), the page."""

import pytest
from django.urls import reverse

from dealercrm.complaints.choices import Step
from dealercrm.complaints.models import Complaint
from dealercrm.customers.models import Customer
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db


def intake_data(**extra) -> dict:
    return {
        "channel": "phone",
        "complaint_type": "after_sales",
        "severity": "general",
        "title": "等待时间太长",
        "description": "预约保养等了三个小时。",
        "occurred_on": "2026-11-20",
        "location": "售后前台",
        "staff_involved": "服务顾问小李",
        **extra,
    }


# --- list ------------------------------------------------------------------------------------------------------


def test_it_lists_open_complaints_with_their_time_left(client_for, agent, intake, customer):
    complaint = intake(received_at=at(2026, 11, 16))
    html = client_for(agent).get(reverse("complaints:list")).content.decode()
    assert reverse("complaints:detail", args=[complaint.pk]) in html and "王小明" in html
    assert "overdue by" in html and "保养后异响" in html


def test_it_explains_an_empty_list(client_for, agent):
    assert "No open complaints" in client_for(agent).get(reverse("complaints:list")).content.decode()


def test_it_filters(client_for, agent, intake, walk):
    intake(severity="urgent", title="刹车失灵")
    walk(intake(title="已经处理完"), Step.ARCHIVED)
    client = client_for(agent)
    html = client.get(reverse("complaints:list"), {"severity": "urgent"}).content.decode()
    assert "刹车失灵" in html
    html = client.get(reverse("complaints:list"), {"state": "closed"}).content.decode()
    assert "已经处理完" in html and "刹车失灵" not in html
    html = client.get(reverse("complaints:list"), {"severity": "major"}).content.decode()
    assert "No complaint matches these filters" in html


def test_it_lists_in_a_bounded_number_of_queries(client_for, agent, intake, django_assert_max_num_queries):
    for i in range(30):
        intake(title=f"投诉{i}", received_at=at(2026, 11, 2 + i % 20))
    client = client_for(agent)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("complaints:list"))
    assert response.status_code == 200 and response.content.decode().count("complaints/") > 25


# --- intake ----------------------------------------------------------------------------------------------------


def test_an_agent_raises_a_complaint_for_an_existing_customer_from_a_call(client_for, agent, customer, car):
    url = f"{reverse('complaints:intake')}?customer={customer.pk}&task=77"
    client = client_for(agent)
    page = client.get(url).content.decode()
    assert "王小明" in page and "139****5678" in page and "粤B88888" in page and "follow-up task 77" in page
    response = client.post(url, intake_data(channel="follow_up_call", vehicle=car.pk))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:detail", args=[complaint.pk]
    )
    assert (complaint.customer, complaint.vehicle, complaint.task_id) == (customer, car, 77)
    assert complaint.received_by == agent and complaint.step == Step.RECEIVED
    assert complaint.location == "售后前台" and str(complaint.occurred_on) == "2026-11-20"


def test_an_agent_raises_a_complaint_for_a_new_customer(client_for, agent, dealer):
    response = client_for(agent).post(
        reverse("complaints:intake"), intake_data(new_name="赵敏", new_mobile="135 1234 0000")
    )
    assert response.status_code == 302
    complaint = Complaint.objects.select_related("customer").get()
    assert complaint.customer.name == "赵敏" and complaint.customer.dealer == dealer
    assert complaint.customer.contacts.get().value == "13512340000"


def test_it_finds_the_complainant_by_name_or_number(client_for, agent, customer):
    html = client_for(agent).get(reverse("complaints:intake"), {"q": "5678"}).content.decode()
    assert f"?customer={customer.pk}" in html
    html = client_for(agent).get(reverse("complaints:intake"), {"q": "nobody"}).content.decode()
    assert "No customer matches" in html


def test_bad_input_is_explained_and_nothing_is_saved(
    client_for, agent, customer, dealer, make_customer, make_vehicle
):
    client = client_for(agent)
    response = client.post(reverse("complaints:intake"), intake_data(title="", new_name="", new_mobile="123"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "errors-title" in html and "field-error" in html
    stranger = make_customer(dealer, name="陌生人", mobile="13600000001")
    their_car = make_vehicle(dealer, owner=stranger, plate="粤B00001")
    url = f"{reverse('complaints:intake')}?customer={customer.pk}"
    response = client.post(url, intake_data(vehicle=their_car.pk))
    assert response.status_code == 200  # not one of this customer's vehicles: not a choice
    assert not Complaint.objects.exists() and not Customer.objects.filter(name="").exists()


def test_the_intake_validates_fields_inline(client_for, agent):
    response = client_for(agent).post(
        reverse("complaints:validate"), intake_data(title=""), HTTP_HX_TRIGGER_NAME="title"
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()


def test_another_dealers_customer_cannot_be_picked(client_for, agent, other_dealer, make_customer):
    theirs = make_customer(other_dealer, name="外店客户", mobile="13600000002")
    assert client_for(agent).get(f"{reverse('complaints:intake')}?customer={theirs.pk}").status_code == 404
    assert client_for(agent).get(f"{reverse('complaints:intake')}?customer=abc").status_code == 404


# --- the complaint page ----------------------------------------------------------------------------------------


def test_the_page_shows_the_complaint_its_deadlines_and_the_next_step_for_the_role(
    client_for, agent, manager, intake
):
    complaint = intake(received_at=at(2026, 11, 20, 15))
    url = reverse("complaints:detail", args=[complaint.pk])
    html = client_for(agent).get(url).content.decode()
    assert "保养后异响" in html and "2026-11-25 15:00" in html and "139****5678" in html
    assert "action-classify" not in html  # the agent waits for a manager
    html = client_for(manager).get(url).content.decode()
    assert "action-classify" in html and "action-escalate" in html


def test_a_manager_classifies_and_assigns_on_the_page(client_for, manager, agent, intake):
    complaint = intake()
    client = client_for(manager)
    response = client.post(
        reverse("complaints:classify", args=[complaint.pk]),
        {"complaint_type": "attitude", "severity": "major", "note": "态度问题"},
    )
    assert response.status_code == 302
    response = client.post(reverse("complaints:assign", args=[complaint.pk]), {"assignee": agent.pk})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.step, complaint.complaint_type, complaint.assignee) == (
        Step.ASSIGNED,
        "attitude",
        agent,
    )


def test_a_skipped_step_is_refused_with_a_message(client_for, manager, agent, intake):
    complaint = intake()
    response = client_for(manager).post(
        reverse("complaints:assign", args=[complaint.pk]), {"assignee": agent.pk}, follow=True
    )
    assert "the next step is “Classify”, not “Assign”" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.step == Step.RECEIVED


def test_a_step_with_bad_input_shows_the_errors_on_its_form(client_for, agent, intake, walk):
    complaint = walk(intake(), Step.ASSIGNED)
    response = client_for(agent).post(
        reverse("complaints:investigate", args=[complaint.pk]), {"findings": "", "root_cause": ""}
    )
    assert response.status_code == 400 and "field-error" in response.content.decode()


def test_the_handler_works_the_complaint_to_feedback_on_the_page(client_for, agent, manager, intake, walk):
    complaint = walk(intake(), Step.ASSIGNED)
    client = client_for(agent)
    steps = [
        ("investigate", {"findings": "工位排期失误", "root_cause": "process"}),
        ("propose", {"option_1": "道歉并赠送保养", "kind_1": "free_service", "amount_1": "300"}),
    ]
    for name, data in steps:
        assert client.post(reverse(f"complaints:{name}", args=[complaint.pk]), data).status_code == 302
    option = complaint.options.get()
    for name, data in [
        ("choose", {"option": option.pk}),
        ("implement", {"resolution": "已赠送一次保养"}),
        ("attempt", {"note": "电话未接"}),
        ("feedback", {"reached": "yes", "satisfaction": "4", "feedback": "还可以"}),
    ]:
        assert client.post(reverse(f"complaints:{name}", args=[complaint.pk]), data).status_code == 302, name
    complaint.refresh_from_db()
    assert complaint.step == Step.FEEDBACK and complaint.satisfaction == 4 and complaint.contact_attempts == 1
    assert client.post(reverse("complaints:archive", args=[complaint.pk]), {}).status_code == 403
    assert client_for(manager).post(reverse("complaints:archive", args=[complaint.pk]), {}).status_code == 302
    html = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "已赠送一次保养" in html and "Satisfaction 4/5" in html


def test_the_gm_approves_compensation_on_the_page(client_for, gm, agent, intake, walk, actor_of):
    from dealercrm.complaints import services

    complaint = walk(intake(), Step.INVESTIGATED)
    services.complaint_propose(
        actor=actor_of(agent),
        complaint=complaint,
        options=[services.OptionInput("退还全部费用", "cash", 5000)],
    )
    services.option_choose(actor=actor_of(agent), complaint=complaint, option=complaint.options.get())
    url = reverse("complaints:detail", args=[complaint.pk])
    html = client_for(agent).get(url).content.decode()
    assert "action-decide" not in html and "action-implement" not in html  # waits for the GM
    response = client_for(agent).post(
        reverse("complaints:implement", args=[complaint.pk]), {"resolution": "已退款"}, follow=True
    )
    assert "waiting for the GM&#x27;s approval" in response.content.decode()
    assert "action-decide" in client_for(gm).get(url).content.decode()
    response = client_for(gm).post(reverse("complaints:decide", args=[complaint.pk]), {"decision": "approve"})
    assert response.status_code == 302 and complaint.options.get().approval == "approved"


def test_the_page_takes_a_bounded_number_of_queries(
    client_for, manager, intake, walk, actor_of, django_assert_max_num_queries
):
    from dealercrm.complaints import services

    complaint = walk(intake(), Step.SOLUTION_PROPOSED)
    for n in range(4):
        services.complaint_propose(
            actor=actor_of(manager), complaint=complaint, options=[services.OptionInput(f"方案{n}")]
        )
    client = client_for(manager)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
