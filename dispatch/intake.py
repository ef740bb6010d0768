"""Taking a request, by phone, SMS or staff."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, ActorKind, HelpRequest, Kommune, Person, Recording, utcnow
from models.request import window_for
from prompts import dashboard as T

from . import lifecycle, limits
from .queries import open_requests_of
from .states import RequestEv


class OverLimit(Exception):
    """The client has as many open requests as they may have (``count``); nothing was
    taken, ``newest`` (their newest open request) is flagged for staff to call them."""

    def __init__(self, newest: HelpRequest, count: int) -> None:
        super().__init__(f"client has {count} open requests")
        self.newest = newest
        self.count = count


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
    defaults to the client.

    A client who asks themselves (``actor`` is the client: by phone or SMS) while they have
    ``OPEN_REQUESTS_PER_CLIENT`` requests open gets :class:`OverLimit` instead: nothing is
    searched, staff are flagged (with what was asked) to call them; the caller commits
    that flag. Staff may always add a request."""
    if client is not None and actor is not None and actor.kind == ActorKind.CLIENT:
        _check_limit(session, kommune, client, category, when, description, actor)
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


def _check_limit(
    session: Session,
    kommune: Kommune,
    client: Person,
    category: str,
    when: str,
    description: str,
    actor: Actor,
) -> None:
    open_now = open_requests_of(session, kommune.id, client, None)
    if len(open_now) < limits.open_requests_per_client():
        return
    note = T.OVER_LIMIT_NOTE(
        category=str(T.CATEGORY.get(category, category)),
        when=str(T.WHEN.get(when, when)),
        text=description.strip()[:300],
    ).strip()
    lifecycle.over_limit(session, open_now[0], actor=actor, note=note)
    raise OverLimit(open_now[0], len(open_now))


def attach_recordings(session: Session, request: HelpRequest, call_id: int) -> None:
    """Recordings made in the call before the request existed now belong to it."""
    for recording in session.scalars(
        select(Recording).where(Recording.call_id == call_id, Recording.request_id.is_(None))
    ):
        recording.request_id = request.id
