"""What an SMS webhook carries, parsed once and cut to sane sizes."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from models.message import MAX_BODY


@dataclass(frozen=True)
class SmsInput:
    message_sid: str
    from_raw: str | None
    to_raw: str | None
    body: str
    status: str | None
    error_code: str | None

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> SmsInput:
        def field(name: str, limit: int = 40) -> str | None:
            value = (form.get(name) or "").strip()[:limit]
            return value or None

        return cls(
            message_sid=field("MessageSid") or field("SmsSid") or "",
            from_raw=field("From"),
            to_raw=field("To"),
            body=(form.get("Body") or "")[:MAX_BODY],
            status=field("MessageStatus") or field("SmsStatus"),
            error_code=field("ErrorCode", 10),
        )
