# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""Providers: the outbox file, Django's mail (locmem in tests) and WeChat template messages posted to a configured
URL (here a local http.server, never an outside host). Each reports a provider id or an error."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core import mail

from dealercrm.customers.services import contact_add
from dealercrm.messaging.channels import (
    DjangoEmailProvider,
    OutboxFileProvider,
    Outgoing,
    WeChatTemplateProvider,
    provider_for,
)
from dealercrm.messaging.models import OutboundMessage
from dealercrm.messaging.services import Recipient, messages_dispatch, messages_queue, template_create
from tests.messaging.conftest import at


def outgoing(**fields) -> Outgoing:
    data = {"id": 1, "channel": "sms", "to": "13812345678", "subject": "", "body": "您好", "customer_id": 1,
            "dealer_id": 1}  # fmt: skip
    return Outgoing(**{**data, **fields})


def test_the_default_provider_appends_json_lines_to_the_outbox_file(settings):
    assert isinstance(provider_for("sms"), OutboxFileProvider)
    results = OutboxFileProvider().send([outgoing(id=1), outgoing(id=2, body="第二条")])
    assert [(r.id, r.provider_message_id, r.ok) for r in results] == [
        (1, "outbox-1", True),
        (2, "outbox-2", True),
    ]
    lines = (Path(settings.DEALERCRM_OUTBOX_DIR) / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["body"] for line in lines] == ["您好", "第二条"]


def test_the_email_provider_sends_through_django_mail():
    [result] = DjangoEmailProvider().send(
        [outgoing(channel="email", to="a@example.com", subject="Hi", body="Hello")]
    )
    assert result.ok and result.provider_message_id
    [email] = mail.outbox
    assert (email.subject, email.to, email.body) == ("Hi", ["a@example.com"], "Hello")
    assert email.extra_headers["Message-ID"].strip("<>") == result.provider_message_id


def test_the_email_provider_reports_an_smtp_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    [result] = DjangoEmailProvider().send([outgoing(channel="email", to="a@example.com", subject="Hi")])
    assert not result.ok and result.error.startswith("SMTP")


class FakeWeChat(BaseHTTPRequestHandler):
    received: list = []
    answer: dict = {"errcode": 0, "errmsg": "ok", "msgid": 200228332}

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        FakeWeChat.received.append((self.path, json.loads(self.rfile.read(length))))
        body = json.dumps(FakeWeChat.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def wechat_server():
    FakeWeChat.received = []
    FakeWeChat.answer = {"errcode": 0, "errmsg": "ok", "msgid": 200228332}
    server = HTTPServer(("127.0.0.1", 0), FakeWeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/message/template/send"
    server.shutdown()
    server.server_close()


def test_wechat_template_messages_are_posted_as_the_official_json(
    settings, wechat_server, make_consenting, manager, actor_of, dealer, system
):
    settings.MESSAGING_PROVIDERS = {"wechat": "dealercrm.messaging.channels.WeChatTemplateProvider"}
    settings.DEALERCRM_WECHAT_URL, settings.DEALERCRM_WECHAT_ACCESS_TOKEN = wechat_server, "tok"
    customer = make_consenting(name="李雷", gender="male", channels=("wechat",))
    contact_add(actor=system, customer=customer, kind="wechat", value="oWx_li_lei_01")
    fields = {"code": "wx-due", "name": "保养提醒", "channel": "wechat", "purpose": "care", "subject_zh": "保养提醒",
              "body_zh": "{surname}{title}，您的爱车该保养了", "wechat_template_id": "TPL-1"}  # fmt: skip
    template = template_create(actor=actor_of(manager), dealer=dealer, fields=fields)
    messages_queue(template=template, recipients=[Recipient(customer.pk, "wx:1")], send_after=at(10, 9))

    assert messages_dispatch(now=at(10, 10))["sent"] == 1

    [(path, payload)] = FakeWeChat.received
    assert path.endswith("?access_token=tok")
    assert payload["touser"] == "oWx_li_lei_01" and payload["template_id"] == "TPL-1"
    assert payload["data"]["first"] == {"value": "保养提醒"}
    assert payload["data"]["content"] == {"value": "李先生，您的爱车该保养了"}
    assert payload["data"]["name"] == {"value": "李雷"}
    message = OutboundMessage.objects.get()
    assert (message.provider, message.provider_message_id) == ("wechat-template", "200228332")


def test_wechat_errors_are_reported(wechat_server):
    FakeWeChat.answer = {"errcode": 43004, "errmsg": "require subscribe"}
    provider = WeChatTemplateProvider(url=wechat_server, access_token="")
    [result] = provider.send([outgoing(channel="wechat", to="oWx", wechat_template_id="TPL")])
    assert result.error == "WeChat 43004: require subscribe"
    [off] = WeChatTemplateProvider(url="").send([outgoing(channel="wechat")])
    assert "not set" in off.error
