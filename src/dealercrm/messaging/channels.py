"""One channel interface for SMS, e-mail and WeChat: a provider takes rendered messages and reports, for each,
the provider's message id or an error. Which provider serves a channel is configured by dotted path:

    MESSAGING_PROVIDERS = {"sms": "...OutboxFileProvider", "email": "...DjangoEmailProvider", ...}

The default for every channel is OutboxFileProvider: the database outbox is the record and each sent message is
appended as one JSON line to <DEALERCRM_OUTBOX_DIR or VAR_DIR/outbox>/<channel>.jsonl — never an outside host.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "dealercrm.messaging.channels.OutboxFileProvider"


@dataclass(frozen=True)
class Outgoing:
    """A rendered message as a provider sees it (no model instances: providers may run anywhere)."""

    id: int
    channel: str
    to: str
    subject: str
    body: str
    customer_id: int
    dealer_id: int
    language: str = "zh"
    wechat_template_id: str = ""
    data: dict = field(default_factory=dict)  # the rendered variables (WeChat template fields)
    unsubscribe_url: str = ""  # e-mail: also sent as List-Unsubscribe (one-click, RFC 8058)


@dataclass(frozen=True)
class SendResult:
    id: int  # Outgoing.id
    provider_message_id: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class Provider(Protocol):
    name: str

    def send(self, messages: list[Outgoing]) -> list[SendResult]: ...


def outbox_dir() -> Path:
    configured = getattr(settings, "DEALERCRM_OUTBOX_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "outbox"


class OutboxFileProvider:
    """Sends nothing anywhere: appends each message as a JSON line to <outbox dir>/<channel>.jsonl."""

    name = "outbox-file"

    def send(self, messages: list[Outgoing]) -> list[SendResult]:
        if not messages:
            return []
        directory = outbox_dir()
        directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().isoformat()
        by_channel: dict[str, list[Outgoing]] = {}
        for message in messages:
            by_channel.setdefault(message.channel, []).append(message)
        for channel, batch in by_channel.items():
            lines = [
                json.dumps(
                    {**asdict(m), "provider_message_id": f"outbox-{m.id}", "at": stamp}, ensure_ascii=False
                )
                for m in batch
            ]
            with open(directory / f"{channel}.jsonl", "a", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
        return [SendResult(id=m.id, provider_message_id=f"outbox-{m.id}") for m in messages]


class DjangoEmailProvider:
    """E-mail through django.core.mail (EMAIL_BACKEND / EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER /
    EMAIL_HOST_PASSWORD / EMAIL_USE_TLS, DEFAULT_FROM_EMAIL). The Message-ID is the provider's id."""

    name = "django-email"

    def send(self, messages: list[Outgoing]) -> list[SendResult]:
        results: list[SendResult] = []
        if not messages:
            return results
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except Exception as exc:
            return [SendResult(id=m.id, error=f"SMTP: {exc}"[:300]) for m in messages]
        try:
            for message in messages:
                message_id = make_msgid(domain="dealercrm")
                email = EmailMessage(
                    subject=message.subject,
                    body=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[message.to],
                    headers=_headers(message_id, message.unsubscribe_url),
                    connection=connection,
                )
                try:
                    sent = email.send(fail_silently=False)
                except Exception as exc:
                    results.append(SendResult(id=message.id, error=f"SMTP: {exc}"[:300]))
                else:
                    results.append(
                        SendResult(id=message.id, provider_message_id=message_id.strip("<>")[:80])
                        if sent
                        else SendResult(id=message.id, error="SMTP: not accepted")
                    )
        finally:
            connection.close()
        return results


def _headers(message_id: str, unsubscribe: str) -> dict:
    headers = {"Message-ID": message_id}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


class WeChatTemplateProvider:
    """WeChat official-account template messages: POSTs the official JSON
    {"touser": openid, "template_id": ..., "data": {"first": {"value": subject}, "content": ..., <variables>}}
    to DEALERCRM_WECHAT_URL (with ?access_token=DEALERCRM_WECHAT_ACCESS_TOKEN when set). Off by default: with no
    URL configured every message reports an error (and is retried, then fails)."""

    name = "wechat-template"

    def __init__(self, url: str | None = None, access_token: str | None = None, timeout: float = 10.0):
        self.url = url if url is not None else getattr(settings, "DEALERCRM_WECHAT_URL", "")
        self.access_token = (
            access_token
            if access_token is not None
            else getattr(settings, "DEALERCRM_WECHAT_ACCESS_TOKEN", "")
        )
        self.timeout = timeout

    @staticmethod
    def payload(message: Outgoing) -> dict:
        data = {"first": {"value": message.subject}, "content": {"value": message.body}}
        for key, value in sorted(message.data.items()):
            data.setdefault(key, {"value": "" if value is None else str(value)})
        data["remark"] = {"value": ""}
        return {"touser": message.to, "template_id": message.wechat_template_id, "data": data}

    def _endpoint(self) -> str:
        if not self.access_token:
            return self.url
        joiner = "&" if "?" in self.url else "?"
        return f"{self.url}{joiner}access_token={self.access_token}"

    def send(self, messages: list[Outgoing]) -> list[SendResult]:
        if not self.url:
            return [SendResult(id=m.id, error="WeChat: DEALERCRM_WECHAT_URL is not set") for m in messages]
        return [self._send_one(m) for m in messages]

    def _send_one(self, message: Outgoing) -> SendResult:
        if not message.wechat_template_id:
            return SendResult(id=message.id, error="WeChat: the template has no WeChat template ID")
        body = json.dumps(self.payload(message), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self._endpoint(),
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8") or "{}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return SendResult(id=message.id, error=f"WeChat: {exc}"[:300])
        if answer.get("errcode", 0) != 0:
            return SendResult(
                id=message.id, error=f"WeChat {answer.get('errcode')}: {answer.get('errmsg', '')}"[:300]
            )
        return SendResult(id=message.id, provider_message_id=str(answer.get("msgid", ""))[:80])


def provider_for(channel: str) -> Provider:
    """The provider configured for a channel (settings.MESSAGING_PROVIDERS[channel], dotted path)."""
    configured = getattr(settings, "MESSAGING_PROVIDERS", {}) or {}
    path = configured.get(channel) or DEFAULT_PROVIDER
    return import_string(path)()
