"""Outbound SMS and calls are rows first: a Message or Call with status ``queued`` and
a task that hands it to telephony. Committing the row is the promise to send it."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from models import Call, Kommune, Message, Task
from models.message import MAX_BODY
from sms.gsm import to_gsm

R = TypeVar("R", Message, Call)


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
    return _with_task(session, message, "send_message", key)


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
    return _with_task(session, call, "place_call", key, due_at)


def _with_task(
    session: Session, row: R, kind: str, key: str | None, due_at: datetime | None = None
) -> R:
    """Store ``row`` with the task that sends it. If the key was queued before (a task run
    twice), the earlier row stands and the new one is dropped: nothing shows up as queued
    that will never be sent."""
    session.add(row)
    session.flush()
    task = Task.ensure(session, kind, row.id, key=key and f"{kind}:{key}", due_at=due_at)
    if task.ref_id == row.id:
        return row
    session.delete(row)
    return session.get_one(type(row), task.ref_id)
