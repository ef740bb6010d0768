"""Outbound SMS and calls are rows first: a Message or Call with status ``queued`` and
a task that hands it to telephony. Committing the row is the promise to send it.

``about`` names what the SMS or call is for, together with its purpose (an offer's id,
a request and an attempt, …): the same purpose and ``about`` never go out twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from models import Call, Kommune, Message
from models.message import MAX_BODY
from models.task import schedule
from prompts.text import for_sms

from .work import PlaceCall, SendMessage

R = TypeVar("R", Message, Call)


def _about(purpose: str, about: tuple[object, ...]) -> str:
    return ":".join([purpose, *(str(x) for x in about)])


def queue_sms(
    session: Session,
    *,
    kommune: Kommune,
    to: str,
    body: str,
    purpose: str,
    about: tuple[object, ...],
    person_id: int | None = None,
    request_id: int | None = None,
    offer_id: int | None = None,
) -> Message:
    """Store an outbound SMS and the task that sends it (once per purpose and ``about``)."""
    message = Message(
        kommune_id=kommune.id,
        direction="outbound",
        from_number=kommune.caller_id,
        to_number=to,
        body=for_sms(body)[:MAX_BODY],
        person_id=person_id,
        request_id=request_id,
        offer_id=offer_id,
        purpose=purpose,
        status="queued",
    )
    session.add(message)
    session.flush()
    task = schedule(session, SendMessage(message.id, _about(purpose, about)))
    return _earlier(session, message, task.ref_id)


def queue_call(
    session: Session,
    *,
    kommune: Kommune,
    to: str,
    purpose: str,
    about: tuple[object, ...],
    person_id: int | None = None,
    request_id: int | None = None,
    offer_id: int | None = None,
    language: str = "de",
    attempt: int = 1,
    due_at: datetime | None = None,
    pairing_date_id: int | None = None,
    checkin_date_id: int | None = None,
) -> Call:
    """Store an outbound call and the task that places it (once per purpose and ``about``)."""
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
        pairing_date_id=pairing_date_id,
        checkin_date_id=checkin_date_id,
    )
    session.add(call)
    session.flush()
    task = schedule(session, PlaceCall(call.id, _about(purpose, about)), due_at=due_at)
    return _earlier(session, call, task.ref_id)


def _earlier(session: Session, row: R, queued_id: int | None) -> R:
    """If the same thing was queued before (a task run twice), the earlier row stands and
    the new one is dropped: nothing shows up as queued that will never be sent."""
    if queued_id == row.id:
        return row
    session.delete(row)
    return session.get_one(type(row), queued_id)
