"""Improvement actions: owner, due date, status, linked to the complaints they answer."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dealercrm.complaints import services
from dealercrm.complaints.models import ImprovementAction

pytestmark = pytest.mark.django_db


def form(owner, **extra) -> dict:
    return {
        "title": "预约排班增加一个工位",
        "owner": owner.pk,
        "due_on": "2026-12-31",
        "status": "open",
        **extra,
    }


def test_a_manager_records_an_action_linked_to_complaints(client_for, manager, advisor, intake):
    first, second = intake(), intake(title="又等了很久")
    url = f"{reverse('complaints:action-create')}?complaint={first.pk}"
    assert str(first.pk) in client_for(manager).get(url).content.decode()
    response = client_for(manager).post(url, form(advisor, complaints=f"{first.pk}, {second.pk}"))
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert action.owner == advisor and action.due_on == date(2026, 12, 31)
    assert set(action.complaints.all()) == {first, second}
    html = client_for(advisor).get(reverse("complaints:detail", args=[first.pk])).content.decode()
    assert "预约排班增加一个工位" in html
    assert "预约排班增加一个工位" in client_for(advisor).get(reverse("complaints:actions")).content.decode()


def test_it_updates_the_status(client_for, manager, advisor, intake, actor_of, dealer):
    action = services.improvement_action_create(
        actor=actor_of(manager), dealer=dealer, fields=form(advisor) | {"due_on": date(2026, 12, 31)}
    )
    response = client_for(manager).post(
        reverse("complaints:action-edit", args=[action.pk]), form(advisor, status="done", complaints="")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_another_dealers_complaints_and_staff_cannot_be_linked(
    client_for, manager, other_agent, other_dealer, make_customer, intake, advisor
):
    theirs = intake(
        who=other_agent,
        dealer_=other_dealer,
        for_customer=make_customer(other_dealer, name="外店", mobile="13600000005"),
    )
    response = client_for(manager).post(
        reverse("complaints:action-create"), form(advisor, complaints=str(theirs.pk))
    )
    assert (
        response.status_code == 200
        and f"No complaint {theirs.pk} at this dealer" in response.content.decode()
    )
    response = client_for(manager).post(reverse("complaints:action-create"), form(other_agent))
    assert response.status_code == 200
    assert not ImprovementAction.objects.exists()


def test_only_managers_write_actions(client_for, agent, advisor, manager, dealer, actor_of, hq):
    assert client_for(agent).get(reverse("complaints:action-create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.improvement_action_create(actor=actor_of(agent), dealer=dealer, fields={})
    action = services.improvement_action_create(
        actor=actor_of(manager),
        dealer=dealer,
        fields={"title": "培训", "owner": advisor, "due_on": date(2026, 12, 1)},
    )
    assert (
        client_for(agent).post(reverse("complaints:action-edit", args=[action.pk]), form(advisor)).status_code
        == 403
    )
    assert client_for(hq).get(reverse("complaints:actions")).status_code == 200


def test_another_dealers_action_is_a_404(client_for, other_agent, manager, advisor, dealer, actor_of):
    action = services.improvement_action_create(
        actor=actor_of(manager),
        dealer=dealer,
        fields={"title": "培训", "owner": advisor, "due_on": date(2026, 12, 1)},
    )
    assert client_for(other_agent).get(reverse("complaints:action-edit", args=[action.pk])).status_code == 404


def test_the_service_checks_its_fields(manager, dealer, actor_of):
    with pytest.raises(ValidationError) as refused:
        services.improvement_action_create(actor=actor_of(manager), dealer=dealer, fields={"title": " "})
    assert {"owner", "due_on"} <= set(refused.value.message_dict)


def test_an_empty_list_explains_itself(client_for, agent):
    assert (
        "No improvement actions yet" in client_for(agent).get(reverse("complaints:actions")).content.decode()
    )
