# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""Templates: placeholders validated when saved (a clear error per field), rendered in the customer's language,
SMS length counted in 70-character segments, default templates created once per dealer."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.messaging.defaults import DEFAULT_TEMPLATES
from dealercrm.messaging.models import MessageTemplate
from dealercrm.messaging.services import (
    message_render,
    sms_segments,
    template_create,
    template_update,
    templates_ensure_defaults,
)

SMS = {"code": "promo", "name": "Promo", "channel": "sms", "purpose": "marketing", "body_zh": "{name}您好"}


@pytest.mark.parametrize(("length", "segments"), [(0, 0), (1, 1), (70, 1), (71, 2), (140, 2), (141, 3)])
def test_it_counts_sms_in_70_character_segments(length, segments):
    assert sms_segments("好" * length) == segments


def errors_of(actor, dealer, **fields):
    with pytest.raises(ValidationError) as err:
        template_create(actor=actor, dealer=dealer, fields={**SMS, **fields})
    return err.value.message_dict


def test_it_refuses_unknown_variables_and_unbalanced_braces(manager, actor_of, dealer):
    actor = actor_of(manager)
    errors = errors_of(actor, dealer, body_zh="{name}您好，{nmae}", body_en="Hello {name", subject_en="Hi }")
    assert "{nmae}" in errors["body_zh"][0] and "{plate}" in errors["body_zh"][0]
    assert "brace" in errors["body_en"][0]
    assert "brace" in errors["subject_en"][0]
    assert not MessageTemplate.objects.exists()


def test_it_accepts_literal_braces(manager, actor_of, dealer):
    template = template_create(
        actor=actor_of(manager), dealer=dealer, fields={**SMS, "body_zh": "{{优惠}} {name}"}
    )
    assert template.pk


def test_it_needs_sms_text_and_an_email_subject(manager, actor_of, dealer):
    actor = actor_of(manager)
    assert "body_zh" in errors_of(actor, dealer, body_zh="  ")
    errors = errors_of(actor, dealer, channel="email", body_en="Hello", subject_zh="")
    assert set(errors) == {"subject_zh", "subject_en"}
    assert "wechat_template_id" in errors_of(actor, dealer, channel="wechat")


def test_it_keeps_codes_unique_per_dealer(manager, actor_of, dealer):
    template_create(actor=actor_of(manager), dealer=dealer, fields=SMS)
    assert "code" in errors_of(actor_of(manager), dealer)
    assert "code" in errors_of(actor_of(manager), dealer, code="Not OK!")


def test_only_campaign_managers_of_the_dealer_write_templates(
    agent, hq, other_agent, actor_of, dealer, manager
):
    with pytest.raises(PermissionDenied):
        template_create(actor=actor_of(agent), dealer=dealer, fields=SMS)
    with pytest.raises(PermissionDenied):
        template_create(actor=actor_of(hq), dealer=dealer, fields=SMS)
    template = template_create(actor=actor_of(manager), dealer=dealer, fields=SMS)
    template_update(actor=actor_of(manager), template=template, fields={"body_zh": "{surname}{title}好"})
    template.refresh_from_db()
    assert template.body_zh == "{surname}{title}好"


def test_it_creates_the_default_templates_once(dealer):
    assert templates_ensure_defaults(dealer) == len(DEFAULT_TEMPLATES)
    assert templates_ensure_defaults(dealer) == 0
    codes = set(MessageTemplate.objects.filter(dealer=dealer).values_list("code", flat=True))
    assert {"birthday", "lunar_birthday", "anniversary", "festival_spring", "festival_mid_autumn",
            "festival_dragon_boat", "festival_new_year", "festival_national_day", "insurance_renewal",
            "inspection_due", "club_event", "campaign"} <= codes  # fmt: skip


def test_the_default_templates_pass_their_own_validation(dealer):
    from dealercrm.messaging.services.templates import template_validate

    for fields in DEFAULT_TEMPLATES:
        template_validate(
            {**fields, "code": fields["code"] + "-copy", "name": str(fields["name"])}, dealer_id=dealer.pk
        )


def test_it_renders_in_the_customers_language(templates, make_customer, make_vehicle, dealer):
    zh = make_customer(dealer, name="王芳", gender="female")
    en = make_customer(dealer, name="John Smith", mobile="13912345678", gender="male", language="en")
    make_vehicle(dealer, owner=en)
    template = templates["insurance_renewal"]
    context = {"insurer": "PICC", "ends_on": "2025-07-01"}

    _subject, body = message_render(template=template, customer=zh, context={**context, "insurer": "人保"})
    assert body.startswith("【星河汽车】王女士，") and "人保保险将于2025年7月1日到期" in body

    _subject, body = message_render(template=template, customer=en, context=context)
    assert body.startswith("[星河汽车] Mr John Smith, the PICC insurance of 粤B12345 ends on 1 Jul 2025.")


def test_it_falls_back_to_chinese_when_there_is_no_english_text(templates, make_customer, dealer):
    template = templates["birthday"]
    template.body_en = ""
    customer = make_customer(dealer, name="Anna", language="en")
    assert message_render(template=template, customer=customer)[1].startswith(
        "【星河汽车】Anna，今天是您的生日"
    )


def test_it_fills_due_date_tier_and_points(templates, make_customer, make_vehicle, dealer):
    from dealercrm.loyalty.models import LoyaltyProfile, MembershipTier
    from dealercrm.service.models import VehicleDue

    customer = make_customer(dealer, name="赵六", gender="male")
    car = make_vehicle(dealer, owner=customer)
    VehicleDue.objects.create(vehicle=car, dealer=dealer, km_per_day=30, next_service_due_on=date(2025, 8, 1))
    tier = MembershipTier.objects.create(
        dealer=dealer, code="silver", name="银卡", rank=2, discount_percent=10
    )
    LoyaltyProfile.objects.create(customer=customer, dealer=dealer, tier=tier, points_balance=1200)

    _s, due = message_render(template=templates["service_due"], customer=customer)
    assert "粤B12345" in due and "2025年8月1日需要保养" in due and due.startswith("【星河汽车】赵先生，")
    subject, email = message_render(template=templates["campaign_email"], customer=customer)
    assert subject == "星河汽车会员专属礼遇" and "您当前为银卡会员，积分余额1200分" in email
