"""A caller for tests: dials through signed webhooks, hears the ``<Say>``s and picks keys
by what was announced ("Für Einkaufen drücken Sie die 1" → press 1)."""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from typing import Any

from flask import Flask

import telephony
from telephony.softphone import Softphone, Turn, WsgiTransport

OPTION = re.compile(r"Für (?P<what>[^.]*?) drücken Sie die (?P<key>\d|Sterntaste|Rautetaste)\.")
#: How each language announces an option (the German one above, the others from the
#: catalogs): a caller in any language follows what they hear.
OPTIONS = [
    OPTION,
    re.compile(r"(?P<what>[^.]*?) için (?P<key>[^ .]+|yıldız tuşuna|kare tuşuna) basın\."),
    re.compile(r"(?P<what>[^.]*?) — нажмите (?P<key>\d|звёздочку|решётку)\."),
    re.compile(r"(?P<what>[^.]*?) — натисніть (?P<key>\d|зірочку|решітку)\."),
    re.compile(r"(?P<what>[^.]*?) – proszę nacisnąć (?P<key>\d|gwiazdkę|krzyżyk)\."),
    re.compile(r"For (?P<what>[^.]*?), press (?P<key>\d|the star key|the hash key)\."),
    re.compile(r"(?P<what>[^.:]*?): اضغطوا (?P<key>\d|زر النجمة|زر المربع)\."),
]
KEY_WORDS = {
    "Sterntaste": "*",
    "Rautetaste": "#",
    **dict(zip(("sıfıra", "bire", "ikiye", "üçe", "dörde"), "01234", strict=True)),
    **dict(zip(("beşe", "altıya", "yediye", "sekize", "dokuza"), "56789", strict=True)),
    "yıldız tuşuna": "*",
    "kare tuşuna": "#",
    **{word: "*" for word in ("звёздочку", "зірочку", "gwiazdkę", "the star key", "زر النجمة")},
    **{word: "#" for word in ("решётку", "решітку", "krzyżyk", "the hash key", "زر المربع")},
}


class NotAnnounced(AssertionError):
    """The caller wanted an option the menu never announced."""


class Caller:
    def __init__(self, phone: Softphone, number: str | None, hotline: str) -> None:
        self.phone = phone
        self.number = number
        self.hotline = hotline
        self.turn: Turn | None = None
        #: Everything heard during the call, in order.
        self.transcript: list[str] = []

    @classmethod
    def for_app(
        cls, app: Flask, client: Any, number: str | None, hotline: str = "+493023125000"
    ) -> Caller:
        base = app.config["PUBLIC_BASE_URL"] or "http://localhost"
        phone = Softphone(
            base_url=base,
            token=telephony.auth_token(app),
            transport=WsgiTransport(client),
            account_sid=telephony.account_sid(app),
        )
        return cls(phone, number, hotline)

    @classmethod
    def answering(
        cls, app: Flask, client: Any, sent: Any, answered_by: str | None = "human"
    ) -> Caller:
        """Pick up a call the app placed through the fake Twilio (``sent`` from its log)."""
        caller = cls.for_app(app, client, sent.params["To"], hotline=sent.params["From"])
        turn = caller.phone.answer(
            sent.sid,
            url=sent.params["Url"],
            from_=sent.params["From"],
            to=sent.params["To"],
            status_callback=sent.params.get("StatusCallback"),
            answered_by=answered_by,
        )
        caller._take(turn)
        return caller

    def hang_up(self) -> None:
        self.phone.hang_up()

    # --- acting ------------------------------------------------------------------------

    def _take(self, turn: Turn) -> Turn:
        self.turn = turn
        self.transcript += turn.heard
        return turn

    def call(self, call_sid: str | None = None) -> Turn:
        return self._take(self.phone.dial(self.number or "anonymous", self.hotline, call_sid))

    def press(self, keys: str) -> Turn:
        return self._take(self.phone.press(keys))

    def say(self, text: str, confidence: float = 0.9) -> Turn:
        return self._take(self.phone.say(text, confidence))

    def silence(self) -> Turn:
        return self._take(self.phone.silence())

    def record(self, text: str = "…", seconds: int = 7, sid: str | None = None) -> Turn:
        return self._take(self.phone.record(text, seconds))

    def connect(self, answered: bool = True, seconds: int = 60) -> Turn:
        """The ``<Dial>``ed person picks up and talks ``seconds`` long, or nobody does."""
        return self._take(self.phone.connect(answered, seconds))

    def choose(self, what: str) -> Turn:
        """Press the key the last prompt announced for ``what``."""
        return self.press(self.key_for(what))

    # --- listening ------------------------------------------------------------------------

    @property
    def heard(self) -> str:
        return self.turn.text if self.turn else ""

    def options(self) -> dict[str, str]:
        """What the last prompt offered: description → key."""
        return {
            m["what"].strip(): KEY_WORDS.get(m["key"], m["key"])
            for pattern in OPTIONS
            for m in pattern.finditer(self.heard)
        }

    def key_for(self, what: str) -> str:
        for description, key in self.options().items():
            if what.lower() in description.lower():
                return key
        raise NotAnnounced(f"no option for {what!r} in: {self.heard}")

    @property
    def waiting_for(self) -> str | None:
        return self.turn.waiting.kind if self.turn and self.turn.waiting else None

    @property
    def ended(self) -> bool:
        return bool(self.turn and self.turn.ended)

    def last_document(self) -> ET.Element:
        return ET.fromstring(self.phone.documents[-1])

    @staticmethod
    def new_sid() -> str:
        return "CA" + secrets.token_hex(16)


def signed_post(
    app: Flask,
    client: Any,
    path: str,
    params: dict[str, str],
    signed_url: str | None = None,
    signature: str | None = None,
) -> Any:
    """POST a webhook as Twilio would, signed for the app's public URL (or ``signed_url``)."""
    from telephony.signature import sign

    url = signed_url or (app.config["PUBLIC_BASE_URL"] + path)
    sig = signature if signature is not None else sign(url, params, telephony.auth_token(app))
    headers = {"X-Twilio-Signature": sig} if sig else {}
    return client.post(path, data=params, headers=headers)


def said(xml_text: str) -> list[str]:
    """Every sentence a TwiML document speaks, in order."""
    root = ET.fromstring(xml_text)
    return [(el.text or "").strip() for el in root.iter("Say")]


def call_not_answered(app: Flask, client: Any, sent: Any, status: str = "no-answer") -> None:
    """The callee never picks up: Twilio reports the end on the status callback."""
    params = {
        "CallSid": sent.sid,
        "From": sent.params["From"],
        "To": sent.params["To"],
        "CallStatus": status,
        "CallDuration": "0",
        "Direction": "outbound-api",
    }
    url = sent.params["StatusCallback"]
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert signed_post(app, client, "/" + path, params).status_code == 204


def sms_replies(xml_text: str) -> list[str]:
    root = ET.fromstring(xml_text)
    return [(m.text or "").strip() for m in root.iter("Message")]
