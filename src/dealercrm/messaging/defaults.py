# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""The message templates every dealer starts with (created lazily by `templates_ensure_defaults(dealer)`).

Codes other apps use (MessageTemplate.code, unique per dealer):

| code                   | channel | purpose   | used by                                   |
|------------------------|---------|-----------|-------------------------------------------|
| birthday               | sms     | care      | care: solar birthday                      |
| lunar_birthday         | sms     | care      | care: lunar birthday                      |
| anniversary            | sms     | care      | care: purchase anniversary ({date})       |
| festival_spring        | sms     | care      | care: Spring Festival                     |
| festival_dragon_boat   | sms     | care      | care: Dragon Boat Festival                |
| festival_mid_autumn    | sms     | care      | care: Mid-Autumn Festival                 |
| festival_new_year      | sms     | care      | care: New Year's Day                      |
| festival_national_day  | sms     | care      | care: National Day                        |
| insurance_renewal      | sms     | care      | care / insurance ({insurer} {ends_on})    |
| inspection_due         | sms     | service   | care: annual inspection ({due_date})      |
| service_due            | sms     | service   | service reminders ({due_date})            |
| club_event             | sms     | marketing | campaigns: club event ({event} {date} {time} {place}) |
| campaign               | sms     | marketing | campaigns: a generic campaign SMS         |
| campaign_email         | email   | marketing | campaigns: a generic campaign e-mail      |
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dealercrm.messaging.choices import MessageChannel as Ch
from dealercrm.messaging.choices import MessagePurpose as Pu

BIRTHDAY = "birthday"
LUNAR_BIRTHDAY = "lunar_birthday"
ANNIVERSARY = "anniversary"
FESTIVAL_SPRING = "festival_spring"
FESTIVAL_DRAGON_BOAT = "festival_dragon_boat"
FESTIVAL_MID_AUTUMN = "festival_mid_autumn"
FESTIVAL_NEW_YEAR = "festival_new_year"
FESTIVAL_NATIONAL_DAY = "festival_national_day"
INSURANCE_RENEWAL = "insurance_renewal"
INSPECTION_DUE = "inspection_due"
SERVICE_DUE = "service_due"
CLUB_EVENT = "club_event"
CAMPAIGN = "campaign"
CAMPAIGN_EMAIL = "campaign_email"

_TD_ZH = "回复TD退订"
_TD_EN = "Reply TD to opt out"


def _festival(code: str, name, zh_name: str, en_name: str, zh_wish: str, en_wish: str) -> dict:
    return {
        "code": code,
        "name": name,
        "channel": Ch.SMS,
        "purpose": Pu.CARE,
        "body_zh": f"【{{dealer}}】{{surname}}{{title}}，{zh_name}到来之际，{zh_wish}",
        "body_en": f"[{{dealer}}] Dear {{title}} {{name}}, {en_name} greetings: {en_wish}",
    }


DEFAULT_TEMPLATES: list[dict] = [
    {
        "code": BIRTHDAY,
        "name": _("Birthday greeting"),
        "channel": Ch.SMS,
        "purpose": Pu.CARE,
        "body_zh": "【{dealer}】{surname}{title}，今天是您的生日，{dealer}全体员工祝您生日快乐，平安顺意！",
        "body_en": "[{dealer}] Happy birthday, {title} {name}! Best wishes from all of us at {dealer}.",
    },
    {
        "code": LUNAR_BIRTHDAY,
        "name": _("Lunar birthday greeting"),
        "channel": Ch.SMS,
        "purpose": Pu.CARE,
        "body_zh": "【{dealer}】{surname}{title}，农历生日快乐！{dealer}祝您福寿安康，万事如意！",
        "body_en": "[{dealer}] Happy lunar birthday, {title} {name}! Wishing you health and joy.",
    },
    {
        "code": ANNIVERSARY,
        "name": _("Purchase anniversary"),
        "channel": Ch.SMS,
        "purpose": Pu.CARE,
        "body_zh": "【{dealer}】{surname}{title}，您的{model}（{plate}）于{date}到家，感谢一路相伴，祝您用车愉快！",
        "body_en": "[{dealer}] {title} {name}, your {model} ({plate}) joined you on {date}. "
        "Thank you for driving with us!",
    },
    _festival(
        FESTIVAL_SPRING,
        _("Spring Festival greeting"),
        "新春",
        "Spring Festival",
        "{dealer}恭祝您新春快乐，阖家幸福，出行平安！",
        "{dealer} wishes you and your family a happy and safe new year!",
    ),
    _festival(
        FESTIVAL_DRAGON_BOAT,
        _("Dragon Boat Festival greeting"),
        "端午佳节",
        "Dragon Boat Festival",
        "{dealer}祝您端午安康！",
        "{dealer} wishes you good health.",
    ),
    _festival(
        FESTIVAL_MID_AUTUMN,
        _("Mid-Autumn Festival greeting"),
        "中秋佳节",
        "Mid-Autumn Festival",
        "{dealer}祝您花好月圆，阖家团圆！",
        "{dealer} wishes you a happy reunion with your family.",
    ),
    _festival(
        FESTIVAL_NEW_YEAR,
        _("New Year greeting"),
        "元旦",
        "New Year",
        "{dealer}祝您新年快乐，万事顺遂！",
        "{dealer} wishes you a happy New Year.",
    ),
    _festival(
        FESTIVAL_NATIONAL_DAY,
        _("National Day greeting"),
        "国庆佳节",
        "National Day",
        "{dealer}祝您国庆快乐，假期出行平安！",
        "{dealer} wishes you a happy and safe holiday.",
    ),
    {
        "code": INSURANCE_RENEWAL,
        "name": _("Insurance renewal reminder"),
        "channel": Ch.SMS,
        "purpose": Pu.CARE,
        "body_zh": "【{dealer}】{surname}{title}，您的爱车{plate}的{insurer}保险将于{ends_on}到期，"
        "续保请联系我们，为您提供专属报价。",
        "body_en": "[{dealer}] {title} {name}, the {insurer} insurance of {plate} ends on {ends_on}. "
        "Contact us for your renewal quote.",
    },
    {
        "code": INSPECTION_DUE,
        "name": _("Annual inspection reminder"),
        "channel": Ch.SMS,
        "purpose": Pu.SERVICE,
        "body_zh": "【{dealer}】{surname}{title}，您的爱车{plate}年检将于{due_date}到期，请及时预约检测。",
        "body_en": "[{dealer}] {title} {name}, the annual inspection of {plate} is due on {due_date}. "
        "Please book your appointment.",
    },
    {
        "code": SERVICE_DUE,
        "name": _("Service due reminder"),
        "channel": Ch.SMS,
        "purpose": Pu.SERVICE,
        "body_zh": "【{dealer}】{surname}{title}，您的{model}（{plate}）预计于{due_date}需要保养，欢迎预约。",
        "body_en": "[{dealer}] {title} {name}, your {model} ({plate}) is due for service on {due_date}. "
        "Book a visit with us.",
    },
    {
        "code": CLUB_EVENT,
        "name": _("Owner club event invitation"),
        "channel": Ch.SMS,
        "purpose": Pu.MARKETING,
        "body_zh": "【{dealer}】{surname}{title}，诚邀您参加车主俱乐部活动「{event}」，时间：{date} {time}，"
        f"地点：{{place}}。期待您的光临！{_TD_ZH}",
        "body_en": '[{dealer}] {title} {name}, you are invited to our owner club event "{event}" on {date} '
        f"{{time}} at {{place}}. {_TD_EN}",
    },
    {
        "code": CAMPAIGN,
        "name": _("Campaign SMS"),
        "channel": Ch.SMS,
        "purpose": Pu.MARKETING,
        "body_zh": "【{dealer}】{surname}{title}，{dealer}为{tier}会员准备了专属礼遇，欢迎到店咨询。"
        + _TD_ZH,
        "body_en": f"[{{dealer}}] {{title}} {{name}}, {{dealer}} has a special offer for you. {_TD_EN}",
    },
    {
        "code": CAMPAIGN_EMAIL,
        "name": _("Campaign e-mail"),
        "channel": Ch.EMAIL,
        "purpose": Pu.MARKETING,
        "subject_zh": "{dealer}会员专属礼遇",
        "body_zh": "尊敬的{name}{title}：\n\n感谢您一直以来对{dealer}的支持。您当前为{tier}会员，积分余额{points}分。"
        "我们为您准备了专属礼遇，欢迎到店咨询。\n\n{dealer}",
        "subject_en": "A special offer from {dealer}",
        "body_en": "Dear {title} {name},\n\nThank you for choosing {dealer}. As a {tier} member with {points} "
        "points, a special offer is waiting for you.\n\n{dealer}",
    },
]
