"""Care rules: the defaults a dealer starts with, and a COC manager's changes (rules, scope, roles)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from dealercrm.care.choices import CareAction, Occasion
from dealercrm.care.models import CareRule
from dealercrm.care.services import care_rule_create, care_rule_update, care_rules_ensure_defaults
from dealercrm.messaging.models import MessageTemplate
from dealercrm.org.roles import Role

pytestmark = pytest.mark.django_db


def test_the_defaults_are_created_once(dealer, rules):
    assert len(rules) == 9
    assert care_rules_ensure_defaults(dealer=dealer) == 0
    assert CareRule.objects.filter(dealer=dealer).count() == 9
    birthday = rules[(Occasion.BIRTHDAY, CareAction.MESSAGE)]
    assert (birthday.template.channel, birthday.lead_days, birthday.is_active) == ("sms", 0, True)


def test_a_manager_changes_a_rule(dealer, rules, manager, actor_of):
    rule = rules[(Occasion.FESTIVAL_NATIONAL_DAY, CareAction.MESSAGE)]
    care_rule_update(actor=actor_of(manager), rule=rule, fields={"is_active": True, "lead_days": 1})
    rule.refresh_from_db()
    assert (rule.is_active, rule.lead_days, rule.updated_by_id) == (True, 1, manager.pk)


@pytest.mark.parametrize("who", ["agent", "gm", "hq"])
def test_only_managers_change_rules(dealer, rules, request, actor_of, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        care_rule_update(actor=actor_of(user), rule=rules[(Occasion.BIRTHDAY, CareAction.MESSAGE)], fields={})


def test_another_dealers_manager_does_not_find_the_rule(dealer, other_dealer, rules, make_user, actor_of):
    stranger = make_user("d02-manager", [Role.COC_MANAGER], other_dealer)
    with pytest.raises(Http404):
        care_rule_update(
            actor=actor_of(stranger),
            rule=rules[(Occasion.BIRTHDAY, CareAction.MESSAGE)],
            fields={"lead_days": 2},
        )


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_it_refuses_broken_rules_with_a_message_per_field(dealer, other_dealer, rules, manager, actor_of):
    actor = actor_of(manager)
    birthday = rules[(Occasion.BIRTHDAY, CareAction.MESSAGE)]
    assert "lead_days" in _errors(
        lambda: care_rule_update(actor=actor, rule=birthday, fields={"lead_days": 91})
    )
    assert "template" in _errors(
        lambda: care_rule_update(actor=actor, rule=birthday, fields={"template": None})
    )
    care_rules_ensure_defaults(dealer=other_dealer)
    foreign = MessageTemplate.objects.get(dealer=other_dealer, code="birthday")
    assert "template" in _errors(
        lambda: care_rule_update(actor=actor, rule=birthday, fields={"template": foreign})
    )
    anniversary = rules[(Occasion.ANNIVERSARY, CareAction.CALL)]
    assert "template" in _errors(
        lambda: care_rule_update(actor=actor, rule=anniversary, fields={"template": birthday.template})
    )
    birthday.refresh_from_db()
    assert (birthday.lead_days, birthday.template.dealer_id) == (0, dealer.pk)  # nothing half saved


def test_festivals_are_messages_not_calls(dealer, rules, manager, actor_of):
    errors = _errors(
        lambda: care_rule_create(
            actor=actor_of(manager), dealer=dealer, occasion=Occasion.FESTIVAL_SPRING, action=CareAction.CALL,
            fields={},
        )
    )  # fmt: skip
    assert "every owner" in errors["action"][0]


def test_a_manager_adds_a_call_besides_the_birthday_message_once(dealer, rules, manager, actor_of):
    actor = actor_of(manager)
    rule = care_rule_create(
        actor=actor,
        dealer=dealer,
        occasion=Occasion.BIRTHDAY,
        action=CareAction.CALL,
        fields={"lead_days": 2},
    )
    assert (rule.action, rule.lead_days, rule.is_active) == ("call", 2, True)
    assert "action" in _errors(
        lambda: care_rule_create(
            actor=actor, dealer=dealer, occasion=Occasion.BIRTHDAY, action=CareAction.CALL, fields={}
        )
    )
