"""What Twilio's webhooks carry, read once (the only place that knows their form fields
and codes), cut to sane sizes and handed on as neutral values."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from models.message import MAX_BODY

#: Longest speech result we keep; a webhook may carry anything.
MAX_SPEECH = 500
MAX_FIELD = 200

#: Twilio's error for a number that unsubscribed at the carrier (replied STOP there).
UNSUBSCRIBED = "21610"


def unsubscribed(error_code: str | None) -> bool:
    """The recipient told their carrier to stop our SMS: sending again is pointless."""
    return error_code == UNSUBSCRIBED


def by_machine(answered_by: str | None) -> bool:
    """Answering-machine detection says a machine (or a fax) took the call."""
    return answered_by is not None and answered_by.startswith(("machine", "fax"))


#: Largest row id the database stores (a 32-bit integer column).
MAX_ID = 2**31 - 1


def row_id(raw: str | None) -> int | None:
    """An id of ours that came back in a callback URL, or ``None`` when it is no id at all."""
    if raw is None or not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def _clean(value: str) -> str:
    # A NUL byte is no text (PostgreSQL refuses it); nobody types or says one.
    return value.replace("\x00", "")


def _field(form: MultiDict[str, str], name: str, limit: int = MAX_FIELD) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    value = _clean(value).strip()[:limit]
    return value or None


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class VoiceInput:
    """The parts of a voice webhook the dialogue uses."""

    call_sid: str
    from_raw: str | None
    to_raw: str | None
    digits: str | None
    speech: str | None
    confidence: float | None
    recording_sid: str | None
    recording_url: str | None
    recording_duration: int | None
    recording_status: str | None
    dial_status: str | None
    #: Seconds the ``<Dial>``ed party talked (``DialCallDuration``).
    dial_duration: int | None
    call_status: str | None
    duration: int | None
    answered_by: str | None

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> VoiceInput:
        digits = _field(form, "Digits", 40)
        if digits is not None:
            digits = "".join(ch for ch in digits if ch in "0123456789*#") or None
        return cls(
            call_sid=_field(form, "CallSid", 40) or "",
            from_raw=_field(form, "From", 40),
            to_raw=_field(form, "To", 40),
            digits=digits,
            speech=_field(form, "SpeechResult", MAX_SPEECH),
            confidence=_float(_field(form, "Confidence", 20)),
            recording_sid=_field(form, "RecordingSid", 40),
            recording_url=_field(form, "RecordingUrl", 300),
            recording_duration=_int(_field(form, "RecordingDuration", 10)),
            recording_status=_field(form, "RecordingStatus", 20),
            dial_status=_field(form, "DialCallStatus", 20),
            dial_duration=_int(_field(form, "DialCallDuration", 10)),
            call_status=_field(form, "CallStatus", 20),
            duration=_int(_field(form, "CallDuration", 10)),
            answered_by=_field(form, "AnsweredBy", 30),
        )

    @property
    def silent(self) -> bool:
        """Nothing pressed and nothing said (as opposed to something not understood)."""
        return not self.digits and not self.speech

    @property
    def by_machine(self) -> bool:
        return by_machine(self.answered_by)


@dataclass(frozen=True)
class SmsInput:
    """The parts of an SMS webhook (incoming message or delivery report) we use."""

    message_sid: str
    from_raw: str | None
    to_raw: str | None
    body: str
    status: str | None
    error_code: str | None

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> SmsInput:
        return cls(
            message_sid=_field(form, "MessageSid", 40) or _field(form, "SmsSid", 40) or "",
            from_raw=_field(form, "From", 40),
            to_raw=_field(form, "To", 40),
            body=_clean(form.get("Body") or "")[:MAX_BODY],
            status=_field(form, "MessageStatus", 40) or _field(form, "SmsStatus", 40),
            error_code=_field(form, "ErrorCode", 10),
        )
