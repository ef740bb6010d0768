"""The phone in the browser: the server plays Twilio's part with a
:class:`~telephony.softphone.Softphone` that posts signed webhooks into this same app, so a
demo call walks through exactly the code a real call does.

Between two clicks the call's state travels to the browser and back, signed, so any web
process can continue it.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

import telephony
from models import Call, Kommune, db
from prompts import dashboard as T
from telephony.sandbox_audio import make_recording
from telephony.softphone import PhoneError, Softphone, Turn, WsgiTransport
from telephony.softphone import send_sms as softphone_sms

#: A call left alone longer than this cannot be continued.
MAX_AGE = 3600


class PhoneStateError(ValueError):
    """The state the browser sent back is missing, altered or too old."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="nachbarruf-browser-phone")


def base_url() -> str:
    """Where the softphone sends its webhooks (and the URL it signs)."""
    return str(current_app.config["PUBLIC_BASE_URL"] or telephony.SANDBOX_BASE_URL)


def _recording_maker() -> Any:
    impl = telephony.client()
    directory = getattr(impl, "recordings", None)
    if not impl.sandbox or directory is None:
        return None  # with Twilio, the softphone invents a recording id (it cannot be played)
    return partial(make_recording, Path(directory))


def softphone(state: str | None = None, *, staff_id: int) -> Softphone:
    """A softphone posting into this app; continues the call in ``state`` if given."""
    return _load(state, staff_id=staff_id)[0]


def _load(state: str | None, *, staff_id: int) -> tuple[Softphone, dict[str, Any]]:
    """The softphone and the rest of the signed state (``rota_call``: the caller's call
    whose rota leg this phone answered)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    phone = Softphone(
        base_url=base_url(),
        token=telephony.auth_token(app),
        transport=WsgiTransport(app.test_client()),
        account_sid=telephony.account_sid(app),
        make_recording=_recording_maker(),
    )
    data: dict[str, Any] = {}
    if state is not None:
        try:
            data = _serializer().loads(state, max_age=MAX_AGE)
        except BadSignature as exc:
            raise PhoneStateError("bad or expired phone state") from exc
        if data.get("staff") != staff_id:
            raise PhoneStateError("phone state of another staff member")
        phone.restore(data["call"])
    return phone, data


@dataclass
class Reply:
    """What the browser shows after a step of the call."""

    heard: list[str]
    waiting: dict[str, Any] | None
    ended: bool
    state: str
    seconds: int
    #: The language of each sentence heard ("de-DE", "ru-RU"), for the browser's voice.
    languages: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        spoken = [(h, lang) for h, lang in zip(self.heard, self._languages(), strict=True) if h]
        return {
            "heard": [h for h, _ in spoken],
            "languages": [lang for _, lang in spoken],
            "waiting": self.waiting,
            "ended": self.ended,
            "state": self.state,
            "seconds": self.seconds,
        }

    def _languages(self) -> list[str]:
        """One language per sentence (German where the TwiML named none)."""
        given = [lang or "de-DE" for lang in self.languages]
        return (given + ["de-DE"] * len(self.heard))[: len(self.heard)]


def reply(phone: Softphone, turn: Turn, *, staff_id: int, rota_call: int | None = None) -> Reply:
    waiting = None
    if turn.waiting is not None:
        attrs = turn.waiting.attrs
        waiting = {
            "kind": turn.waiting.kind,
            "keys": "dtmf" in attrs.get("input", "dtmf"),
            "speech": "speech" in attrs.get("input", ""),
            "num_digits": attrs.get("numDigits"),
            "finish_on_key": attrs.get("finishOnKey", ""),
            "number": turn.waiting.detail if turn.waiting.kind == "dial" else "",
        }
    data: dict[str, Any] = {"staff": staff_id, "call": phone.snapshot()}
    if rota_call is not None:
        data["rota_call"] = rota_call
    state = _serializer().dumps(data)
    return Reply(turn.heard, waiting, turn.ended, state, phone.seconds, turn.languages)


def _release_session() -> None:
    """The webhooks run in their own sessions; hold no transaction (SQLite lock) meanwhile."""
    db.session.commit()


def dial(kommune: Kommune, caller: str, *, staff_id: int) -> Reply:
    phone = softphone(staff_id=staff_id)
    to = kommune.caller_id or ""
    _release_session()
    return reply(phone, phone.dial(from_=caller, to=to), staff_id=staff_id)


def give(
    state: str,
    *,
    staff_id: int,
    keys: str = "",
    speech: str = "",
    record: str | None = None,
    connect: bool | None = None,
    silence: bool = False,
    hang_up: bool = False,
) -> Reply:
    """Give the call what it waits for: keys, words, a recording, a pick-up, or nothing.

    A caller's call ringing the rota is picked up once a staff member took it in their own
    browser phone (:func:`answer_rota`); a staff member's rota leg that pressed 1 is
    connected to the caller."""
    phone, data = _load(state, staff_id=staff_id)
    rota_call = data.get("rota_call")
    taken = False
    if phone.waiting is not None and phone.waiting.kind == "dial":
        call = Call.by_sid(db.session, phone.call_sid)
        taken = call is not None and bool(call.state.get("taken_by"))
    _release_session()
    waiting = phone.waiting
    if hang_up or waiting is None:
        phone.hang_up()
        return reply(phone, Turn([], None, True), staff_id=staff_id)
    if rota_call is not None and waiting.kind == "gather":
        return _accept_rota(phone, keys, rota_call, staff_id=staff_id)
    if waiting.kind == "dial":
        turn = phone.connect(answered=taken or bool(connect))
    elif waiting.kind == "record":
        turn = phone.record(record) if record else phone.silence()
    elif silence or not (keys or speech):
        turn = phone.silence()
    elif keys:
        turn = phone.press(keys)
    else:
        turn = phone.say(speech)
    return reply(phone, turn, staff_id=staff_id)


def answer(call: Call, *, staff_id: int) -> Reply:
    """Pick up an outbound call the app placed (an offer to a volunteer, a confirmation,
    the follow-up) through ``/voice/outbound/<id>``, as Twilio would fetch it."""
    if call.direction != "outbound" or call.ended or not call.sid:
        raise PhoneError("call cannot be answered")
    phone = softphone(staff_id=staff_id)
    sid, from_, to = call.sid, call.from_number or "", call.to_number or ""
    base = base_url()
    _release_session()
    turn = phone.answer(
        sid,
        url=f"{base}/voice/outbound/{call.id}",
        from_=from_,
        to=to,
        status_callback=f"{base}/voice/status",
        answered_by="human",
    )
    return reply(phone, turn, staff_id=staff_id)


def send_sms(kommune: Kommune, sender: str, body: str) -> list[str]:
    """An SMS from ``sender`` to the hotline, posted signed to ``/sms/incoming`` like
    Twilio; returns the texts of the app's reply."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _release_session()
    return softphone_sms(
        WsgiTransport(app.test_client()),
        base_url(),
        telephony.auth_token(app),
        from_=sender,
        to=kommune.caller_id or "",
        body=body,
        account_sid=telephony.account_sid(app),
    )


def answer_rota(call: Call, number: str, *, staff_id: int) -> Reply:
    """A staff member on shift picks up the rota's ring of ``call`` (a caller who pressed
    0) on ``number``: they hear the whisper from ``/voice/whisper`` as Twilio would play it,
    and take the call with 1 (:func:`give`)."""
    if call.direction != "inbound" or call.ended or number not in call.state.get("ringing", []):
        raise PhoneError("call cannot be answered")
    if call.state.get("taken_by"):
        raise PhoneError("call already taken")
    phone = softphone(staff_id=staff_id)
    hotline, call_id = call.to_number or "", call.id
    base = base_url()
    _release_session()
    turn = phone.answer(
        "CA" + secrets.token_hex(16),
        url=f"{base}/voice/whisper",
        from_=hotline,
        to=number,
        status_callback=None,
    )
    return reply(phone, turn, staff_id=staff_id, rota_call=call_id)


def _accept_rota(phone: Softphone, keys: str, call_id: int, *, staff_id: int) -> Reply:
    """The whisper's key: 1 puts the staff member through (Twilio bridges the legs; here
    the caller's call is marked taken, and their phone connects at its next step)."""
    phone.press(keys or "#")
    document = ET.fromstring(phone.documents[-1])  # noqa: S314 - our own app's TwiML
    phone.hang_up()
    if document.find("Hangup") is not None:
        return reply(phone, Turn([], None, True), staff_id=staff_id)
    call = db.session.get(Call, call_id)
    if call is None or call.ended or call.state.get("taken_by"):
        raise PhoneError("call already taken or over")
    call.state["taken_by"] = phone.to
    db.session.commit()
    return reply(phone, Turn([str(T.PHONE_ROTA_CONNECTED)], None, True), staff_id=staff_id)
