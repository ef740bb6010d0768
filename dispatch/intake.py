"""Taking a request, by phone, SMS or staff."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, HelpRequest, Kommune, Person, Recording, utcnow
from models.request import window_for

from . import lifecycle
from .states import RequestEv


def open_request(
    session: Session,
    *,
    kommune: Kommune,
    client: Person | None,
    category: str,
    when: str,
    actor: Actor | None = None,
    description: str = "",
    channel: str = "call",
    call_id: int | None = None,
    caller_name: str = "",
    caller_address: str = "",
    callback_phone: str | None = None,
    pin_missing: bool = False,
) -> HelpRequest:
    """Create a request. A known client's goes to dispatch at once; an unknown caller's
    waits for staff to verify them (status ``review``), and so does one from the number of
    a person "mit PIN" who did not type it (``pin_missing``, flagged as such). ``actor``
    defaults to the client."""
    start, end = window_for(when, utcnow())
    request = HelpRequest(
        kommune_id=kommune.id,
        kommune=kommune,
        ref=HelpRequest.new_ref(session, kommune.id),
        client_id=client.id if client else None,
        category=category,
        when=when,
        needed_from=start,
        needed_until=end,
        description=description,
        district=client.district if client else "",
        channel=channel,
        call_id=call_id,
        caller_name=caller_name,
        caller_address=caller_address,
        callback_phone=callback_phone,
    )
    session.add(request)
    if client is not None:
        client.is_client = True
    if client is not None:
        event = RequestEv.SUBMIT
    else:
        event = RequestEv.SUBMIT_PIN_MISSING if pin_missing else RequestEv.SUBMIT_UNKNOWN
    actor = actor or Actor.client(client.id if client else None)
    lifecycle.apply(session, request, event, actor=actor, channel=channel)
    return request


def attach_recordings(session: Session, request: HelpRequest, call_id: int) -> None:
    """Recordings made in the call before the request existed now belong to it."""
    for recording in session.scalars(
        select(Recording).where(Recording.call_id == call_id, Recording.request_id.is_(None))
    ):
        recording.request_id = request.id
