"""A phone that calls the app the way Twilio does: signed webhooks, then it follows the
TwiML it gets back — speaks the ``<Say>``s, waits at ``<Gather>``/``<Record>``/``<Dial>``,
follows ``action`` and ``<Redirect>``, and reports the end on the status callback.

Used by ``nachbarruf call`` (terminal phone), the browser phone and the tests.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import requests

from .signature import sign


class Transport(Protocol):
    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]: ...


class HttpTransport:
    """Posts over HTTP (to a running app)."""

    def __init__(self, timeout: float = 15) -> None:
        self.session = requests.Session()
        self.timeout = timeout

    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]:
        response = self.session.post(
            url, data=params, headers={"X-Twilio-Signature": signature}, timeout=self.timeout
        )
        return response.status_code, response.text


class WsgiTransport:
    """Posts through a Flask test client (in-process, for tests and the browser phone)."""

    def __init__(self, client: object) -> None:
        self.client = client

    def post(self, url: str, params: dict[str, str], signature: str) -> tuple[int, str]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.post(  # type: ignore[attr-defined]
            path,
            data=params,
            headers={"X-Twilio-Signature": signature},
            base_url=f"{parts.scheme}://{parts.netloc}",
        )
        return response.status_code, response.get_data(as_text=True)


class PhoneError(RuntimeError):
    """The app answered something Twilio would not accept (an HTTP error, bad TwiML)."""


@dataclass
class Waiting:
    """What the call waits for after the last ``<Say>``."""

    kind: str  # gather / record / dial
    attrs: dict[str, str]
    #: For a dial: the number; for a gather: the nested prompt text.
    detail: str = ""


@dataclass
class Turn:
    """What the caller heard since their last input, and what happens now."""

    heard: list[str]
    waiting: Waiting | None
    ended: bool
    #: The language of each sentence heard (``<Say language=…>``), in the same order.
    languages: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.heard)


@dataclass
class Softphone:
    """One call. ``base_url`` is where requests go, ``sign_base`` the public base the
    signature is computed for (they differ behind a proxy)."""

    base_url: str
    token: str
    transport: Transport
    sign_base: str | None = None
    account_sid: str = "AC" + "0" * 32
    #: Makes a recording for ``<Record>``: (text or None) → RecordingSid.
    make_recording: Callable[[str | None], str] | None = None

    call_sid: str = ""
    from_: str = ""
    to: str = ""
    direction: str = "inbound"
    ended: bool = False
    seconds: int = 0
    #: Every TwiML document received, in order (for tests and debugging).
    documents: list[str] = field(default_factory=list)
    _url: str = ""
    _rest: list[ET.Element] = field(default_factory=list)
    _waiting: Waiting | None = None
    _status_callback: str | None = None
    _reported: bool = False

    # --- starting a call ------------------------------------------------------------

    def dial(self, from_: str, to: str, call_sid: str | None = None) -> Turn:
        """Call the hotline: POST /voice/incoming like Twilio."""
        self.call_sid = call_sid or "CA" + secrets.token_hex(16)
        self.from_, self.to, self.direction = from_, to, "inbound"
        self._status_callback = self._absolute("/voice/status")
        return self._request(self._absolute("/voice/incoming"), {}, status="ringing")

    def answer(
        self,
        call_sid: str,
        url: str,
        from_: str,
        to: str,
        status_callback: str | None,
        answered_by: str | None = None,
    ) -> Turn:
        """Pick up an outbound call the app placed: fetch its TwiML like Twilio."""
        self.call_sid, self.from_, self.to, self.direction = call_sid, from_, to, "outbound-api"
        self._status_callback = status_callback
        extra = {"AnsweredBy": answered_by} if answered_by else {}
        return self._request(url, extra)

    # --- what the caller does ------------------------------------------------------------

    def press(self, keys: str) -> Turn:
        waiting = self._expect("gather")
        if "dtmf" not in waiting.attrs.get("input", "dtmf"):
            return self.silence()
        finish = waiting.attrs.get("finishOnKey", "#")
        if finish and finish in keys:
            keys = keys.split(finish)[0]
        limit = waiting.attrs.get("numDigits")
        if limit:
            keys = keys[: int(limit)]
        return self._submit(waiting, {"Digits": keys})

    def say(self, text: str, confidence: float = 0.92) -> Turn:
        waiting = self._expect("gather")
        if "speech" not in waiting.attrs.get("input", "dtmf"):
            return self.silence()
        return self._submit(waiting, {"SpeechResult": text, "Confidence": f"{confidence:.2f}"})

    def silence(self) -> Turn:
        """Say nothing: the verb times out and the document goes on."""
        if self._waiting is None:
            raise PhoneError("nothing is waiting for input")
        self._waiting = None
        self.seconds += 8
        return self._run([])

    def record(self, text: str | None = "…", seconds: int = 7) -> Turn:
        """Speak into a ``<Record>`` (ended with #)."""
        waiting = self._expect("record")
        if self.make_recording is not None:
            sid = self.make_recording(text)
        else:
            sid = "RE" + secrets.token_hex(16)
        url = f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}"
        params = {
            "RecordingSid": sid,
            "RecordingUrl": url,
            "RecordingDuration": str(seconds),
            "Digits": "#",
        }
        self.seconds += seconds
        callback = waiting.attrs.get("recordingStatusCallback")
        turn = self._submit(waiting, params)
        if callback:
            # As Twilio sends it: the call's sid and the recording, but no numbers.
            report = {k: v for k, v in params.items() if k != "Digits"}
            self._post(
                self._resolve(callback),
                {**report, "RecordingStatus": "completed", "RecordingChannels": "1"},
                bare=True,
            )
        return turn

    def connect(self, answered: bool = True, seconds: int = 60) -> Turn:
        """The ``<Dial>``ed person picks up (and later hangs up), or nobody does."""
        waiting = self._expect("dial")
        params = {
            "DialCallStatus": "completed" if answered else "no-answer",
            "DialCallDuration": str(seconds if answered else 0),
        }
        self.seconds += seconds if answered else 25
        if not waiting.attrs.get("action"):
            self._waiting = None
            return self._run([])
        return self._submit(waiting, params)

    def hang_up(self) -> None:
        """The caller hangs up (or the call ended); Twilio posts the final status."""
        if self._status_callback and not self._reported:
            self._reported = True
            self._post(
                self._status_callback,
                {"CallStatus": "completed", "CallDuration": str(self.seconds)},
            )
        self.ended = True
        self._waiting = None

    # --- keeping a call between HTTP requests (the browser phone) ----------------------------

    def snapshot(self) -> dict[str, Any]:
        """Where the call stands, as plain data (JSON-serialisable)."""
        waiting = self._waiting
        return {
            "call_sid": self.call_sid,
            "from": self.from_,
            "to": self.to,
            "direction": self.direction,
            "ended": self.ended,
            "seconds": self.seconds,
            "url": self._url,
            "rest": [ET.tostring(verb, encoding="unicode") for verb in self._rest],
            "waiting": None if waiting is None else [waiting.kind, waiting.attrs, waiting.detail],
            "status_callback": self._status_callback,
            "reported": self._reported,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue a call from :meth:`snapshot`."""
        self.call_sid, self.from_, self.to = state["call_sid"], state["from"], state["to"]
        self.direction, self.ended, self.seconds = (
            state["direction"],
            state["ended"],
            state["seconds"],
        )
        self._url = state["url"]
        self._rest = [ET.fromstring(verb) for verb in state["rest"]]  # noqa: S314 - our own TwiML
        waiting = state["waiting"]
        self._waiting = (
            None if waiting is None else Waiting(waiting[0], dict(waiting[1]), waiting[2])
        )
        self._status_callback = state["status_callback"]
        self._reported = state["reported"]

    # --- the machinery ------------------------------------------------------------------

    @property
    def waiting(self) -> Waiting | None:
        return self._waiting

    def _expect(self, kind: str) -> Waiting:
        if self._waiting is None or self._waiting.kind != kind:
            found = self._waiting.kind if self._waiting else "nothing"
            raise PhoneError(f"expected to be at a {kind}, but waiting for {found}")
        return self._waiting

    def _submit(self, waiting: Waiting, params: dict[str, str]) -> Turn:
        self._waiting = None
        self.seconds += 3
        action = waiting.attrs.get("action") or self._url
        return self._request(self._resolve(action), params)

    def _absolute(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def _resolve(self, url: str) -> str:
        return urljoin(self._url or self.base_url, url)

    def _base_params(self, status: str) -> dict[str, str]:
        return {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "CallSid": self.call_sid,
            "CallStatus": status,
            "Direction": self.direction,
            "From": self.from_,
            "To": self.to,
            "Caller": self.from_,
            "Called": self.to,
        }

    def _post(
        self, url: str, params: dict[str, str], status: str = "in-progress", bare: bool = False
    ) -> tuple[int, str]:
        base = self._base_params(status)
        if bare:  # a callback about the call, not from it: only who and which
            base = {k: base[k] for k in ("AccountSid", "CallSid")}
        body = {**base, **params}
        signed = url
        if self.sign_base:
            parts = urlsplit(url)
            signed = (
                self.sign_base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
            )
        return self.transport.post(url, body, sign(signed, body, self.token))

    def _request(self, url: str, params: dict[str, str], status: str = "in-progress") -> Turn:
        code, body = self._post(url, params, status)
        if code != 200:
            raise PhoneError(f"HTTP {code} from {urlsplit(url).path}")
        self._url = url
        self.documents.append(body)
        try:
            root = ET.fromstring(body)  # noqa: S314 - our own app's TwiML
        except ET.ParseError as exc:
            raise PhoneError(f"not TwiML: {exc}") from exc
        if root.tag != "Response":
            raise PhoneError(f"TwiML root is <{root.tag}>, not <Response>")
        return self._run(list(root))

    def _run(self, verbs: list[ET.Element]) -> Turn:
        heard: list[str] = []
        languages: list[str] = []

        def say(verb: ET.Element) -> None:
            heard.append((verb.text or "").strip())
            languages.append(verb.get("language", ""))

        queue = verbs or self._rest
        self._rest = []
        while queue:
            verb, *queue = queue
            tag = verb.tag
            if tag == "Say":
                say(verb)
            elif tag in ("Pause", "Play"):
                continue
            elif tag == "Gather":
                nested = [child for child in verb if child.tag == "Say"]
                for child in nested:
                    say(child)
                text = " ".join((child.text or "").strip() for child in nested)
                self._waiting = Waiting("gather", dict(verb.attrib), text)
                self._rest = queue
                return Turn(heard, self._waiting, False, languages)
            elif tag == "Record":
                self._waiting = Waiting("record", dict(verb.attrib))
                self._rest = queue
                return Turn(heard, self._waiting, False, languages)
            elif tag == "Dial":
                self._waiting = Waiting("dial", dict(verb.attrib), (verb.text or "").strip())
                self._rest = queue
                return Turn(heard, self._waiting, False, languages)
            elif tag == "Redirect":
                turn = self._request(self._resolve((verb.text or "").strip()), {})
                return Turn(
                    heard + turn.heard, turn.waiting, turn.ended, languages + turn.languages
                )
            elif tag in ("Hangup", "Reject"):
                break
            else:
                raise PhoneError(f"unexpected TwiML verb <{tag}>")
        self.hang_up()
        return Turn(heard, None, True, languages)


def send_sms(
    transport: Transport,
    base_url: str,
    token: str,
    *,
    from_: str,
    to: str,
    body: str,
    sign_base: str | None = None,
    account_sid: str = "AC" + "0" * 32,
) -> list[str]:
    """Text the app as Twilio would deliver an SMS (signed); returns the reply texts."""
    url = base_url.rstrip("/") + "/sms/incoming"
    signed = (sign_base.rstrip("/") + "/sms/incoming") if sign_base else url
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": account_sid,
        "From": from_,
        "To": to,
        "Body": body,
        "NumMedia": "0",
    }
    code, text = transport.post(url, params, sign(signed, params, token))
    if code != 200:
        raise PhoneError(f"HTTP {code} from /sms/incoming")
    root = ET.fromstring(text)  # noqa: S314 - our own app's TwiML
    return [(m.text or "").strip() for m in root.iter("Message")]
