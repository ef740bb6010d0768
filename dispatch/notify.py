"""Outbound SMS and calls are rows first: a Message or Call with status ``queued`` and
a task that hands it to telephony. Committing the row is the promise to send it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models import Call, Kommune, Message, Task
from models.message import MAX_BODY
from sms.gsm import to_gsm


def queue_sms(
    session: Session,
    *,
    kommune: Kommune,
    to: str,
    body: str,
    purpose: str,
    person_id: int | None = None,
    request_id: int | None = None,
    offer_id: int | None = None,
    key: str | None = None,
) -> Message:
    """Store an outbound SMS and the task that sends it. ``key`` makes it idempotent:
    the same key never sends twice."""
    message = Message(
        kommune_id=kommune.id,
        direction="outbound",
        from_number=kommune.caller_id,
        to_number=to,
        body=to_gsm(body)[:MAX_BODY],
        person_id=person_id,
        request_id=request_id,
        offer_id=offer_id,
        purpose=purpose,
        status="queued",
    )
    session.add(message)
    session.flush()
    Task.ensure(session, "send_message", message.id, key=key and f"send_message:{key}")
    return message


def queue_call(
    session: Session,
    *,
    kommune: Kommune,
    to: str,
    purpose: str,
    person_id: int | None = None,
    request_id: int | None = None,
    offer_id: int | None = None,
    language: str = "de",
    attempt: int = 1,
    due_at: datetime | None = None,
    key: str | None = None,
) -> Call:
    """Store an outbound call and the task that places it."""
    call = Call(
        kommune_id=kommune.id,
        direction="outbound",
        purpose=purpose,
        from_number=kommune.caller_id,
        to_number=to,
        person_id=person_id,
        request_id=request_id,
        offer_id=offer_id,
        language=language,
        status="queued",
        attempt=attempt,
    )
    session.add(call)
    session.flush()
    Task.ensure(session, "place_call", call.id, key=key and f"place_call:{key}", due_at=due_at)
    return call
