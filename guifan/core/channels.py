"""Where a notice goes besides the in-app notice centre (issue 14.4): channels behind one interface.

`GUIFAN_NOTICE_CHANNELS` lists the channels in use, each `{"class": dotted path, **options}`; the demo and the
tests write to a file (`FileChannel`), production adds WeChat template messages (`WeChatTemplateChannel`) and SMS
through the provider's HTTP gateway (`SmsChannel`). A channel that needs an address (an openid, a phone) asks the
address book (`GUIFAN_NOTICE_ADDRESS_BOOK`, a dotted callable `(user_ids, channel_name) -> {user_id: address}`);
users without one are skipped. Addresses live only in memory while sending: nothing here stores or logs a phone
number or an openid, only user names and counts.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("guifan.notices")


@dataclass(frozen=True)
class Message:
    user_id: int
    username: str
    kind: str
    text: str
    link: str


class Channel:
    name = "channel"

    def __init__(self, **options):
        self.options = options

    def send(self, messages: list[Message]) -> int:
        """Sends what it can; returns how many were sent."""
        raise NotImplementedError


class FileChannel(Channel):
    """One JSON line per message, appended to `path` (the demo's and the tests' stand-in for WeChat and SMS)."""

    name = "file"

    def send(self, messages):
        path = self.options.get("path") or settings.GUIFAN_NOTICE_FILE
        with open(path, "a", encoding="utf-8") as out:
            for m in messages:
                out.write(json.dumps({"time": timezone.now().isoformat(timespec="seconds"), "user": m.username,
                                      "kind": m.kind, "text": m.text, "link": m.link}, ensure_ascii=False) + "\n")
        return len(messages)


def _post_json(url: str, payload: dict, timeout: float = 10) -> dict:
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the configured gateway)
        return json.loads(response.read() or b"{}")


class AddressedChannel(Channel):
    """A channel that sends to an address the address book gives per user."""

    def addresses(self, messages) -> dict[int, str]:
        book = getattr(settings, "GUIFAN_NOTICE_ADDRESS_BOOK", "")
        if not book:
            return {}
        return import_string(book)([m.user_id for m in messages], self.name)

    def send(self, messages):
        addresses = self.addresses(messages)
        sent = failed = 0
        for m in messages:
            address = addresses.get(m.user_id)
            if not address:
                continue
            try:
                self.deliver(address, m)
                sent += 1
            except (OSError, ValueError) as exc:
                failed += 1
                log.warning("%s: a notice to %s was not sent (%s)", self.name, m.username, type(exc).__name__)
        skipped = len(messages) - sent - failed
        if skipped:
            log.info("%s: %s notice(s) skipped, no address", self.name, skipped)
        return sent

    def deliver(self, address: str, message: Message) -> None:
        raise NotImplementedError


class WeChatTemplateChannel(AddressedChannel):
    """WeChat official-account template messages: POST {touser, template_id, url, data} to the message API with
    the account's access token. Options: `url` (the send endpoint with its access_token), `template_id`, `base_url`
    (prefixed to the notice's link), `fields` (the template's keyword names for the text, the kind and the date,
    as the template chosen in the WeChat console names them)."""

    FIELDS = {"text": "thing1", "kind": "thing2", "date": "time3"}

    name = "wechat"

    def payload(self, openid: str, message: Message) -> dict:
        fields = {**self.FIELDS, **self.options.get("fields", {})}
        return {"touser": openid, "template_id": self.options["template_id"],
                "url": self.options.get("base_url", "") + message.link,
                "data": {fields["text"]: {"value": message.text[:20]}, fields["kind"]: {"value": message.kind},
                         fields["date"]: {"value": timezone.localdate().isoformat()}}}

    def deliver(self, address, message):
        answer = _post_json(self.options["url"], self.payload(address, message))
        if answer.get("errcode", 0) != 0:
            raise ValueError(f"errcode {answer.get('errcode')}")


class SmsChannel(AddressedChannel):
    """SMS through the provider's HTTP gateway: POST {phone, sign, template, params}. Options: `url`, `sign`,
    `template`."""

    name = "sms"

    def payload(self, phone: str, message: Message) -> dict:
        return {"phone": phone, "sign": self.options.get("sign", ""), "template": self.options["template"],
                "params": {"text": message.text[:60]}}

    def deliver(self, address, message):
        answer = _post_json(self.options["url"], self.payload(address, message))
        if str(answer.get("code", "OK")).upper() not in ("OK", "0"):
            raise ValueError(f"code {answer.get('code')}")


def channels() -> list[Channel]:
    configured = getattr(settings, "GUIFAN_NOTICE_CHANNELS", [])
    result = []
    for entry in configured:
        options = dict(entry)
        result.append(import_string(options.pop("class"))(**options))
    return result


def deliver(messages: list[Message]) -> dict[str, int]:
    """Every configured channel's share of `messages`: {channel name: sent}."""
    return {channel.name: channel.send(messages) for channel in channels()} if messages else {}
