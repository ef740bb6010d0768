"""The callback list: callers who wait for staff to call back (a voicemail, "call me back",
a transfer nobody answered, a daily check-in the client did not answer). Staff claim one ("Ich rufe zurück") and record how it went; it
leaves the list only with an outcome that settles it (reached, or done) — "not reached"
keeps it there for a later try."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Actor, Call, CallbackAttempt, CallbackOutcome, CheckInDate, utcnow

from . import checkins

#: Outcomes that take a call off the list.
SETTLING = frozenset({CallbackOutcome.REACHED, CallbackOutcome.DONE})


class NotWaiting(Exception):
    """The call is not (or no longer) on the callback list."""


def claim(call: Call, staff_user_id: int) -> None:
    """A staff member says they call back now (another's claim is taken over)."""
    if not call.needs_callback:
        raise NotWaiting(call.id)
    call.callback_claimed_by_id = staff_user_id
    call.callback_claimed_at = utcnow()


def record(
    session: Session, call: Call, outcome: CallbackOutcome, *, staff_user_id: int, note: str = ""
) -> CallbackAttempt:
    """How a callback went; a settling outcome takes the call off the list, "not reached"
    keeps it there unclaimed."""
    if not call.needs_callback:
        raise NotWaiting(call.id)
    attempt = CallbackAttempt(
        call_id=call.id, staff_user_id=staff_user_id, outcome=outcome, note=note.strip()
    )
    session.add(attempt)
    call.callback_claimed_by_id = None
    call.callback_claimed_at = None
    if outcome in SETTLING:
        call.needs_callback = False
        if call.checkin_date_id is not None:
            date = session.get(CheckInDate, call.checkin_date_id)
            if date is not None:
                checkins.called_back(session, date, actor=Actor.staff(staff_user_id))
    session.flush()
    return attempt


def attempts(session: Session, call_ids: list[int]) -> dict[int, list[CallbackAttempt]]:
    """The tries so far per call, oldest first."""
    found: dict[int, list[CallbackAttempt]] = {i: [] for i in call_ids}
    if call_ids:
        for attempt in session.scalars(
            select(CallbackAttempt)
            .where(CallbackAttempt.call_id.in_(call_ids))
            .order_by(CallbackAttempt.at, CallbackAttempt.id)
        ):
            found[attempt.call_id].append(attempt)
    return found
