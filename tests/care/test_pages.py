"""The care pages: the coming occasions and the rules, across roles and dealers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dealercrm.care.choices import CareAction, Occasion
from dealercrm.care.models import CareRule
from dealercrm.org.roles import Role

pytestmark = pytest.mark.django_db


def test_the_calendar_counts_the_coming_occasions_per_day(dealer, agent, client_for, make_customer, make_vehicle,
                                                          django_assert_max_num_queries):  # fmt: skip
    soon = timezone.localdate() + timedelta(days=3)
    for i in range(3):
        make_customer(dealer, name=f"寿星{i}", mobile=f"1370000300{i}", birthday=soon.replace(year=1980 + i))
    owner = make_customer(dealer, name="车主", mobile="13700003010")
    make_vehicle(dealer, owner=owner, purchased_on=soon.replace(year=soon.year - 2))
    client = client_for(agent)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("care:home"))
    assert response.status_code == 200
    rows = dict((day, values) for day, values, _total in response.context["rows"])
    occasions = response.context["coming"].occasions
    assert rows[soon][occasions.index(Occasion.BIRTHDAY)] == 3
    assert rows[soon][occasions.index(Occasion.ANNIVERSARY)] == 1


def test_an_empty_calendar_says_so(dealer, agent, client_for):
    response = client_for(agent).get(reverse("care:home"))
    assert response.status_code == 200
    assert response.context["rows"] == []  # nobody: festivals count no owner either
    assert "No birthday, anniversary, renewal, inspection or festival" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("agent", 200), ("manager", 200), ("gm", 200), ("hq", 200),
                                             ("sales", 403), ("advisor", 403), ("clerk", 403)])  # fmt: skip
def test_who_sees_the_care_pages(dealer, request, client_for, who, status):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("care:home")).status_code == status
    assert client.get(reverse("care:rules")).status_code == status


def test_a_manager_edits_a_rule_on_its_page(dealer, manager, client_for):
    client = client_for(manager)
    page = client.get(reverse("care:rules"))
    rule = CareRule.objects.get(dealer=dealer, occasion=Occasion.FESTIVAL_NEW_YEAR)
    assert reverse("care:rule", args=[rule.pk]) in page.content.decode()
    url = reverse("care:rule", args=[rule.pk])
    bad = client.post(url, {"template": rule.template_id, "lead_days": 120, "is_active": "on"})
    assert bad.status_code == 200 and "lead_days" in bad.context["form"].errors
    done = client.post(url, {"template": rule.template_id, "lead_days": 1, "is_active": "on"})
    assert done.status_code == 302
    rule.refresh_from_db()
    assert (rule.lead_days, rule.is_active) == (1, True)


def test_a_manager_adds_a_rule(dealer, manager, client_for):
    client = client_for(manager)
    client.get(reverse("care:rules"))
    response = client.post(
        reverse("care:rule-create"), {"occasion": "festival_spring", "action": "call", "lead_days": 0}
    )
    assert response.status_code == 200 and "every owner" in str(response.context["form"].errors)
    response = client.post(reverse("care:rule-create"), {"occasion": "birthday", "action": "call", "lead_days": 2,
                                                         "is_active": "on"})  # fmt: skip
    assert response.status_code == 302
    assert CareRule.objects.filter(dealer=dealer, occasion="birthday", action=CareAction.CALL).exists()


def test_agents_and_hq_read_the_rules_but_do_not_edit_them(dealer, agent, hq, client_for):
    client_for(agent).get(reverse("care:rules"))
    rule = CareRule.objects.get(dealer=dealer, occasion=Occasion.BIRTHDAY)
    url = reverse("care:rule", args=[rule.pk])
    assert client_for(agent).get(url).status_code == 403
    assert client_for(hq).get(url).status_code == 403
    assert client_for(hq).post(reverse("care:rule-create"), {}).status_code == 403


def test_another_dealers_manager_gets_404_on_a_rule(dealer, other_dealer, agent, make_user, client_for):
    client_for(agent).get(reverse("care:rules"))
    rule = CareRule.objects.get(dealer=dealer, occasion=Occasion.BIRTHDAY)
    stranger = make_user("d02-manager", [Role.COC_MANAGER], other_dealer)
    assert client_for(stranger).get(reverse("care:rule", args=[rule.pk])).status_code == 404


def test_the_rules_page_warns_when_the_follow_up_rule_is_off(dealer, manager, client_for):
    from dealercrm.followups.services import rules_ensure_defaults

    rules_ensure_defaults(dealer=dealer)  # birthday calls (BDAY) start inactive
    client = client_for(manager)
    client.get(reverse("care:rules"))
    client.post(reverse("care:rule-create"), {"occasion": "birthday", "action": "call", "lead_days": 0,
                                              "is_active": "on"})  # fmt: skip
    page = client.get(reverse("care:rules")).content.decode()
    assert "the follow-up rule is off" in page
