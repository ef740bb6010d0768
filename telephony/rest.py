"""Outbound SMS, calls and recordings: the real Twilio client, or the sandbox.

With ``TWILIO_API_BASE`` every REST request of the real ``twilio`` client goes to that
base instead of Twilio's hosts, same paths (staging, the fake server in tests).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.rest import Client

log = logging.getLogger(__name__)

#: Twilio error codes after which retrying the same request cannot succeed.
PERMANENT_ERRORS = {
    "21211",  # invalid 'To' number
    "21214",  # 'To' number cannot be reached
    "21217",  # phone number does not appear to be valid
    "21219",  # 'To' number not verified (trial)
    "21401",  # invalid phone number
    "21407",  # region not enabled
    "21408",  # permission to send to region not enabled
    "21610",  # recipient unsubscribed (replied STOP)
    "21612",  # cannot route to this number
    "21614",  # 'To' is not a mobile number
    "30003",  # unreachable handset
    "30005",  # unknown destination
    "30006",  # landline or unreachable carrier
    "30007",  # filtered as spam
}


class TelephonyError(Exception):
    """A Twilio request failed. ``permanent`` tells whether trying again can help."""

    def __init__(self, message: str, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status

    @property
    def permanent(self) -> bool:
        if self.code in PERMANENT_ERRORS:
            return True
        # 4xx other than rate limiting are our mistake; repeating will not help either.
        return self.status is not None and 400 <= self.status < 500 and self.status != 429


@dataclass(frozen=True)
class Sent:
    """What Twilio (or the sandbox) answered to an outbound SMS or call."""

    sid: str
    status: str


@dataclass(frozen=True)
class CallState:
    """What Twilio knows of a call now (its REST resource)."""

    sid: str
    status: str
    duration: int | None = None
    answered_by: str | None = None
    #: What Twilio charged (positive), once it reports it, and in which currency.
    price: Decimal | None = None
    price_unit: str | None = None


@dataclass(frozen=True)
class MessageState:
    """What Twilio knows of an SMS now (its REST resource)."""

    sid: str
    status: str
    error_code: str | None = None
    to: str = ""
    from_: str = ""
    body: str = ""
    created_at: datetime | None = None
    #: What Twilio charged (positive), once it reports it, and in which currency.
    price: Decimal | None = None
    price_unit: str | None = None


class Telephony(Protocol):
    """What the rest of the app may ask of the phone network."""

    sandbox: bool

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str) -> Sent: ...

    def place_call(
        self, *, to: str, from_: str, url: str, status_callback: str, detect_machine: bool
    ) -> Sent: ...

    def fetch_recording(self, sid: str) -> tuple[bytes, str]: ...

    def delete_recording(self, sid: str) -> None: ...

    def fetch_call(self, sid: str) -> CallState | None:
        """The call as Twilio knows it; ``None`` when Twilio cannot tell (unknown sid,
        or the sandbox, where the Call row is all there is)."""
        ...

    def fetch_message(self, sid: str) -> MessageState | None:
        """The SMS as Twilio knows it; ``None`` when Twilio cannot tell."""
        ...

    def recent_messages(self, *, to: str, from_: str, since: datetime) -> list[MessageState]:
        """SMS from ``from_`` to ``to`` that Twilio accepted since ``since``, newest first."""
        ...

    def cancel_call(self, sid: str) -> str | None:
        """Stop a call that is queued or ringing; returns the call's status afterwards
        (``canceled``, or what it is when it could not be stopped: answered, over)."""
        ...


class ApiBaseHttpClient(TwilioHttpClient):
    """The twilio library's HTTP client, sending to ``base`` instead of *.twilio.com."""

    def __init__(self, base: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base = base.rstrip("/")

    def rewrite(self, url: str) -> str:
        if self.base:
            parts = urlsplit(url)
            if parts.hostname and parts.hostname.endswith("twilio.com"):
                return self.base + parts.path + (f"?{parts.query}" if parts.query else "")
        return url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> TwilioResponse:
        return super().request(method, self.rewrite(url), *args, **kwargs)


def _wrap(exc: Exception) -> TelephonyError:
    if isinstance(exc, TwilioRestException):
        return TelephonyError(
            exc.msg or "Twilio error", code=str(exc.code or ""), status=exc.status
        )
    return TelephonyError(f"{type(exc).__name__}: network error talking to Twilio")


class TwilioTelephony:
    """The real thing, through the official ``twilio`` client."""

    sandbox = False

    def __init__(self, account_sid: str, auth_token: str, api_base: str, timeout: float) -> None:
        self.http = ApiBaseHttpClient(api_base, timeout)
        self.client = Client(account_sid, auth_token, http_client=self.http)
        self.account_sid = account_sid
        self.auth_token = auth_token

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str) -> Sent:
        try:
            msg = self.client.messages.create(
                to=to, from_=from_, body=body, status_callback=status_callback
            )
        except (TwilioRestException, requests.RequestException) as exc:
            raise _wrap(exc) from exc
        return Sent(sid=msg.sid, status=msg.status or "queued")

    def place_call(
        self, *, to: str, from_: str, url: str, status_callback: str, detect_machine: bool
    ) -> Sent:
        extra: dict[str, Any] = {}
        if detect_machine:
            extra["machine_detection"] = "Enable"
        try:
            call = self.client.calls.create(
                to=to,
                from_=from_,
                url=url,
                method="POST",
                status_callback=status_callback,
                status_callback_method="POST",
                status_callback_event=["initiated", "ringing", "answered", "completed"],
                **extra,
            )
        except (TwilioRestException, requests.RequestException) as exc:
            raise _wrap(exc) from exc
        return Sent(sid=call.sid, status=call.status or "queued")

    def fetch_recording(self, sid: str) -> tuple[bytes, str]:
        """The audio, fetched with our credentials (never handed out as a Twilio link)."""
        url = self.http.rewrite(
            f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}.mp3"
        )
        try:
            response = requests.get(
                url, auth=(self.account_sid, self.auth_token), timeout=self.http.timeout
            )
        except requests.RequestException as exc:
            raise _wrap(exc) from exc
        if response.status_code != 200:
            raise TelephonyError("recording not available", status=response.status_code)
        return response.content, response.headers.get("Content-Type", "audio/mpeg")

    def delete_recording(self, sid: str) -> None:
        try:
            self.client.recordings(sid).delete()
        except TwilioRestException as exc:
            if exc.status == 404:  # already gone: that is what we wanted
                return
            raise _wrap(exc) from exc
        except requests.RequestException as exc:
            raise _wrap(exc) from exc

    def fetch_call(self, sid: str) -> CallState | None:
        try:
            call = self.client.calls(sid).fetch()
        except TwilioRestException as exc:
            if exc.status == 404:
                return None
            raise _wrap(exc) from exc
        except requests.RequestException as exc:
            raise _wrap(exc) from exc
        return CallState(
            sid=call.sid or sid,
            status=call.status or "",
            duration=_int_or_none(call.duration),
            answered_by=call.answered_by or None,
            price=_price(call.price),
            price_unit=call.price_unit or None,
        )

    def fetch_message(self, sid: str) -> MessageState | None:
        try:
            message = self.client.messages(sid).fetch()
        except TwilioRestException as exc:
            if exc.status == 404:
                return None
            raise _wrap(exc) from exc
        except requests.RequestException as exc:
            raise _wrap(exc) from exc
        return _message_state(message)

    def recent_messages(self, *, to: str, from_: str, since: datetime) -> list[MessageState]:
        # Filtered by number on Twilio's side; by time here, because a message Twilio has
        # only queued has no DateSent to filter on.
        try:
            found = self.client.messages.list(to=to, from_=from_, limit=RECENT_LIMIT)
        except (TwilioRestException, requests.RequestException) as exc:
            raise _wrap(exc) from exc
        states = [_message_state(m) for m in found]
        return [m for m in states if m.created_at is None or m.created_at >= since]

    def cancel_call(self, sid: str) -> str | None:
        try:
            call = self.client.calls(sid).update(status="canceled")
        except TwilioRestException as exc:
            if exc.status == 404:
                return None
            raise _wrap(exc) from exc
        except requests.RequestException as exc:
            raise _wrap(exc) from exc
        return call.status or None


#: How many of the latest SMS to one number are looked through before sending it again.
RECENT_LIMIT = 50


def _int_or_none(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _message_state(message: Any) -> MessageState:
    return MessageState(
        sid=message.sid,
        status=message.status or "",
        error_code=str(message.error_code) if message.error_code else None,
        to=message.to or "",
        from_=message.from_ or "",
        body=message.body or "",
        created_at=message.date_created,
        price=_price(message.price),
        price_unit=message.price_unit or None,
    )


def _price(value: Any) -> Decimal | None:
    """Twilio reports a charge as a negative amount ("-0.07500"), or nothing yet."""
    if value in (None, ""):
        return None
    try:
        return abs(Decimal(str(value)))
    except ArithmeticError:
        return None


class SandboxTelephony:
    """No network: outbound SMS and calls are only recorded (the Message and Call rows
    already hold everything), recordings are WAV files under ``instance/sandbox``."""

    sandbox = True

    def __init__(self, instance_path: str) -> None:
        self.recordings = Path(instance_path) / "sandbox" / "recordings"

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str) -> Sent:
        return Sent(sid="SM" + secrets.token_hex(16), status="sent")

    def place_call(
        self, *, to: str, from_: str, url: str, status_callback: str, detect_machine: bool
    ) -> Sent:
        # Nobody rings: `nachbarruf call --answer ID` or the browser phone picks it up.
        return Sent(sid="CA" + secrets.token_hex(16), status="queued")

    def recording_path(self, sid: str) -> Path:
        if not sid.isalnum():
            raise TelephonyError("bad recording id", status=400)
        return self.recordings / f"{sid}.wav"

    def fetch_recording(self, sid: str) -> tuple[bytes, str]:
        path = self.recording_path(sid)
        if not path.exists():
            raise TelephonyError("recording not available", status=404)
        return path.read_bytes(), "audio/wav"

    def delete_recording(self, sid: str) -> None:
        self.recording_path(sid).unlink(missing_ok=True)

    # Nothing goes out in the sandbox: the rows are all there is to know, and a call
    # nobody picks up ends by itself (SandboxNoAnswer).

    def fetch_call(self, sid: str) -> CallState | None:
        return None

    def fetch_message(self, sid: str) -> MessageState | None:
        return None

    def recent_messages(self, *, to: str, from_: str, since: datetime) -> list[MessageState]:
        return []

    def cancel_call(self, sid: str) -> str | None:
        return "canceled"
