"""What needs staff today, and the number beside "Heute" in the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import Session, selectinload

from dispatch import callbacks
from models import (
    BERLIN,
    Call,
    CallbackAttempt,
    CallEvent,
    CheckInDate,
    Flag,
    HelpRequest,
    Pairing,
    PairingDate,
    Recording,
    RequestStatus,
    StaffUser,
    utcnow,
)
from models.flag import PRIORITY


@dataclass
class Callback:
    """A call that waits for staff to call back, with what the caller left."""

    call: Call
    #: The voicemail (and any other recording of the call), newest last.
    recordings: list[Recording] = field(default_factory=list)
    #: What the speech recognition understood during the call.
    speech: list[str] = field(default_factory=list)
    #: The tries to call back so far, oldest first.
    attempts: list[CallbackAttempt] = field(default_factory=list)
    #: Who said "Ich rufe zurück" (name), if anybody.
    claimed_by: str = ""
    #: Staff names by id, for the attempts.
    names: dict[int, str] = field(default_factory=dict)


@dataclass
class Today:
    #: Open flags, each with its request: what staff must do.
    attention: list[Flag]
    callbacks: list[Callback]
    searching: list[HelpRequest]
    assigned: list[HelpRequest]
    #: Assigned for tomorrow: who comes where the day after.
    tomorrow: list[HelpRequest] = field(default_factory=list)
    #: Lists cut at the limit (the rest is on the requests page).
    more: set[str] = field(default_factory=set)
    #: Dates of phone friendships that fell through (moved or missed), not yet seen.
    pairing_dates: list[PairingDate] = field(default_factory=list)
    #: Check-ins with help asked outside office hours or nobody answering: urgent.
    checkins: list[CheckInDate] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.attention) + len(self.callbacks) + len(self.pairing_dates) + len(self.checkins)
        )


def _open_flags(kommune_id: int) -> ColumnElement[bool]:
    return (Flag.kommune_id == kommune_id) & Flag.resolved_at.is_(None)


def today(session: Session, kommune_id: int, limit: int = 50) -> Today:
    """What needs staff first (by reason, then longest waiting), then what is being
    searched, then today's assignments (requests with an open flag are in the first list)."""
    local_today = utcnow().astimezone(BERLIN).date()
    load = (selectinload(HelpRequest.client), selectinload(HelpRequest.volunteer))
    mine = HelpRequest.kommune_id == kommune_id
    unflagged = ~exists().where(Flag.request_id == HelpRequest.id, Flag.resolved_at.is_(None))
    reason_order = case(PRIORITY, value=Flag.reason, else_=len(PRIORITY))
    attention = list(
        session.scalars(
            select(Flag)
            .where(_open_flags(kommune_id))
            .options(selectinload(Flag.request).options(*load))
            .order_by(reason_order, Flag.raised_at, Flag.id)
            .limit(limit + 1)
        )
    )
    queries = {
        "searching": select(HelpRequest)
        .where(
            mine, HelpRequest.status.in_((RequestStatus.NEW, RequestStatus.SEARCHING)), unflagged
        )
        .order_by(HelpRequest.created_at, HelpRequest.id),
        "assigned": select(HelpRequest)
        .where(
            mine,
            HelpRequest.status == RequestStatus.ASSIGNED,
            unflagged,
            HelpRequest.needed_from <= local_today,
        )
        .order_by(HelpRequest.needed_from.desc(), HelpRequest.assigned_at.desc()),
        "tomorrow": select(HelpRequest)
        .where(
            mine,
            HelpRequest.status == RequestStatus.ASSIGNED,
            unflagged,
            HelpRequest.needed_from == local_today + timedelta(days=1),
        )
        .order_by(HelpRequest.assigned_at, HelpRequest.id),
    }
    found = {
        name: list(session.scalars(q.options(*load).limit(limit + 1)))
        for name, q in queries.items()
    }
    callbacks = _callbacks(session, kommune_id, limit + 1)
    more = {name for name, rows in found.items() if len(rows) > limit}
    if len(attention) > limit:
        more.add("attention")
    if len(callbacks) > limit:
        more.add("callbacks")
    return Today(
        attention[:limit],
        callbacks[:limit],
        found["searching"][:limit],
        found["assigned"][:limit],
        found["tomorrow"][:limit],
        more,
        fell_through(session, kommune_id, limit),
        urgent_checkins(session, kommune_id, limit),
    )


def _urgent(kommune_id: int) -> ColumnElement[bool]:
    return (CheckInDate.kommune_id == kommune_id) & CheckInDate.needs_staff.is_(True)


def urgent_checkins(session: Session, kommune_id: int, limit: int = 50) -> list[CheckInDate]:
    """Check-ins where help was asked outside office hours or nobody answered: urgent,
    oldest first, until staff mark them seen."""
    return list(
        session.scalars(
            select(CheckInDate)
            .where(_urgent(kommune_id))
            .options(selectinload(CheckInDate.person))
            .order_by(CheckInDate.due_at)
            .limit(limit)
        )
    )


def _fell_through(kommune_id: int) -> ColumnElement[bool]:
    return (Pairing.kommune_id == kommune_id) & PairingDate.needs_staff.is_(True)


def fell_through(session: Session, kommune_id: int, limit: int = 50) -> list[PairingDate]:
    """Dates of phone friendships that were moved or missed and that staff have not looked
    at yet, oldest first."""
    return list(
        session.scalars(
            select(PairingDate)
            .join(Pairing)
            .where(_fell_through(kommune_id))
            .options(
                selectinload(PairingDate.pairing).options(
                    selectinload(Pairing.client), selectinload(Pairing.volunteer)
                )
            )
            .order_by(PairingDate.due_at)
            .limit(limit)
        )
    )


def _callbacks(session: Session, kommune_id: int, limit: int) -> list[Callback]:
    """Calls waiting for a callback, oldest first, with their recordings and recognised
    speech (three statements for all of them)."""
    calls = list(
        session.scalars(
            select(Call)
            .where(Call.kommune_id == kommune_id, Call.needs_callback.is_(True))
            .options(selectinload(Call.person), selectinload(Call.recordings))
            .order_by(Call.started_at)
            .limit(limit)
        )
    )
    rows = {call.id: Callback(call, list(call.recordings)) for call in calls}
    if rows:
        for call_id, speech in session.execute(
            select(CallEvent.call_id, CallEvent.speech)
            .where(CallEvent.call_id.in_(rows), CallEvent.speech.is_not(None))
            .order_by(CallEvent.call_id, CallEvent.seq)
        ):
            if speech:
                rows[call_id].speech.append(speech)
        for call_id, tried in callbacks.attempts(session, list(rows)).items():
            rows[call_id].attempts = tried
        staff_ids = {c.callback_claimed_by_id for c in calls} | {
            a.staff_user_id for r in rows.values() for a in r.attempts
        }
        names = {
            s.id: s.name or s.email
            for s in session.scalars(select(StaffUser).where(StaffUser.id.in_(staff_ids - {None})))
        }
        for row in rows.values():
            row.claimed_by = names.get(row.call.callback_claimed_by_id, "")
            row.names = names
    return list(rows.values())


def attention_count(session: Session, kommune_id: int) -> int:
    """For the navigation badge."""
    flags = session.scalar(select(func.count(Flag.id)).where(_open_flags(kommune_id)))
    calls = session.scalar(
        select(func.count(Call.id)).where(
            Call.kommune_id == kommune_id, Call.needs_callback.is_(True)
        )
    )
    dates = session.scalar(
        select(func.count(PairingDate.id)).join(Pairing).where(_fell_through(kommune_id))
    )
    urgent = session.scalar(select(func.count(CheckInDate.id)).where(_urgent(kommune_id)))
    return int(flags or 0) + int(calls or 0) + int(dates or 0) + int(urgent or 0)
