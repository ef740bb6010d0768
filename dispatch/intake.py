"""Taking a request (by phone, SMS or staff) and cancelling one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    OPEN_STATUSES,
    HelpRequest,
    Kommune,
    Person,
    Recording,
    RequestStatus,
    Task,
    utcnow,
)
from models.request import window_for


def open_request(
    session: Session,
    *,
    kommune: Kommune,
    client: Person | None,
    category: str,
    when: str,
    description: str = "",
    channel: str = "call",
    call_id: int | None = None,
    caller_name: str = "",
    caller_address: str = "",
    callback_phone: str | None = None,
    actor: str = "client",
) -> HelpRequest:
    """Create a request. A known client's goes to dispatch at once; an unknown caller's
    waits for staff to verify them (status ``review``)."""
    now = utcnow()
    start, end = window_for(when, now)
    request = HelpRequest(
        kommune_id=kommune.id,
        ref=HelpRequest.new_ref(session, kommune.id),
        client_id=client.id if client else None,
        category=category,
        when=when,
        needed_from=start,
        needed_until=end,
        description=description,
        district=client.district if client else "",
        status=RequestStatus.NEW if client else RequestStatus.REVIEW,
        channel=channel,
        call_id=call_id,
        caller_name=caller_name,
        caller_address=caller_address,
        callback_phone=callback_phone,
    )
    session.add(request)
    request.log("created", actor=actor, channel=channel)
    if client is None:
        request.flag("review")
    else:
        client.is_client = True
    session.flush()
    if client is not None:
        start_search(session, request)
    return request


def start_search(session: Session, request: HelpRequest) -> None:
    """Hand a ready request to dispatch: the first round runs as soon as a worker can."""
    Task.ensure(session, "dispatch_round", request.id, key=f"dispatch_round:{request.id}:1")


def attach_recordings(session: Session, request: HelpRequest, call_id: int) -> None:
    """Recordings made in the call before the request existed now belong to it."""
    for recording in session.scalars(
        select(Recording).where(Recording.call_id == call_id, Recording.request_id.is_(None))
    ):
        recording.request_id = request.id


def open_requests_of(
    session: Session, kommune_id: int, person: Person | None, phone: str | None
) -> list[HelpRequest]:
    """Open requests of a caller, newest first: by person, or by callback number."""
    query = select(HelpRequest).where(
        HelpRequest.kommune_id == kommune_id, HelpRequest.status.in_(OPEN_STATUSES)
    )
    if person is not None:
        query = query.where(HelpRequest.client_id == person.id)
    elif phone:
        query = query.where(HelpRequest.client_id.is_(None), HelpRequest.callback_phone == phone)
    else:
        return []
    return list(
        session.scalars(query.order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc()))
    )
