"""The daily check-in call (Telefonkette): the one owner of its states, beside
:mod:`dispatch.lifecycle` and :mod:`dispatch.pairings` in the same pattern — the table is
:data:`dispatch.states.CHECKIN_DATE`, :func:`apply` moves a check-in by it and runs the
row's effects (:data:`EFFECTS`); channels, tasks and the dashboard call the operations
below. The caller commits.

At each of a client's times (local, "täglich 9:30", "Mo-Fr 9:30") we call: "Ist bei Ihnen
alles in Ordnung? Dann drücken Sie die 1. Wenn Sie Hilfe brauchen, drücken Sie die 2." 1
ends the call kindly; 2 connects to the team in office hours, else raises an urgent flag
and calls the trusted contact. No answer is tried twice more, ``RETRY_DELAY_SECONDS``
apart (10 minutes); then the trusted contact is called and texted ("… hat heute nicht
abgenommen. Bitte schauen Sie nach.") and staff see it on Heute. Paused check-ins
("Ich bin verreist") are not called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    SYSTEM,
    Actor,
    AuditEntry,
    Call,
    CallPurpose,
    CheckInDate,
    CheckInState,
    Person,
    db,
    utcnow,
)
from models import phone as phones
from models.phone import LineType
from models.task import schedule
from models.week import Slot
from prompts import language
from prompts import sms as S

from . import states
from .notify import queue_call, queue_sms
from .pairings import NotAllowed, PairingError, next_due
from .states import CheckInEffect, CheckInEv, PairingRow
from .work import CheckInCall

#: Calls per check-in before the trusted contact is told.
ATTEMPTS = 3


@dataclass
class Change:
    date: CheckInDate
    row: PairingRow
    actor: Actor
    detail: dict[str, Any] = field(default_factory=dict)


def can(date: CheckInDate, event: CheckInEv) -> bool:
    return states.CHECKIN_DATE.row_for(date.state, event) is not None


def apply(
    session: Session, date: CheckInDate, event: CheckInEv, *, actor: Actor = SYSTEM
) -> Change:
    row = states.CHECKIN_DATE.row_for(date.state, event)
    if row is None:
        raise NotAllowed(f"checkin {date.id}: {event.value} not allowed in {date.state}")
    date.state = row.target
    change = Change(date, row, actor)
    for effect in row.effects:
        EFFECTS[CheckInEffect(effect)](session, change)
    return change


def retry_delay() -> timedelta:
    seconds = current_app.config.get("RETRY_DELAY_SECONDS")
    return timedelta(seconds=int(seconds)) if seconds is not None else timedelta(minutes=10)


# --- staff set it up -------------------------------------------------------------------------------


def slot_times(person: Person) -> list[Slot]:
    return [(int(day), str(hhmm)) for day, hhmm in (person.checkin_slots or [])]


def set_up(
    session: Session,
    person: Person,
    found: list[Slot] | None,
    *,
    contact_name: str,
    contact_phone: str | None,
    actor: Actor,
    via: str = "",
) -> None:
    """Give ``person`` check-in calls at ``found`` (``None`` or empty: none any more) with
    their trusted contact; the next call is planned, the audit log names who did it."""
    if not person.is_client or person.erased_at is not None:
        raise PairingError("not_a_client")
    slots = [[day, hhmm] for day, hhmm in sorted(set(found or []))] or None
    person.checkin_slots = slots
    person.contact_name = " ".join(contact_name.split())[:120]
    person.contact_phone = contact_phone
    reschedule(session, person, actor=actor)
    session.add(
        AuditEntry(
            staff_user_id=actor.staff_user_id,
            kommune_id=person.kommune_id,
            action="update",
            subject_type="person",
            subject_id=person.id,
            person_id=person.id,
            detail={"fields": ["checkin_slots", "contact_name", "contact_phone"]}
            | ({"via": via} if via else {}),
        )
    )


def reschedule(session: Session, person: Person, *, actor: Actor = SYSTEM) -> None:
    """The person's check-in times changed (staff, an import): a planned call at a time
    that is gone is dropped, the next one planned."""
    new = slot_times(person)
    for date in _planned(session, person):
        if new and next_due(new, date.due_at - timedelta(seconds=1)) == date.due_at:
            continue  # still one of its times
        date.note = "changed"
        apply(session, date, CheckInEv.DROP, actor=actor)
    if new:
        plan(session, person)


def _planned(session: Session, person: Person) -> list[CheckInDate]:
    return list(
        session.scalars(
            select(CheckInDate).where(
                CheckInDate.person_id == person.id, CheckInDate.state == CheckInState.PLANNED
            )
        )
    )


def plan(session: Session, person: Person, after: datetime | None = None) -> CheckInDate | None:
    """The person's next check-in after ``after`` (default now), once, with its task."""
    found = slot_times(person)
    if not found or person.erased_at is not None:
        return None
    due = next_due(found, after or utcnow())
    date = session.scalar(
        select(CheckInDate).where(CheckInDate.person_id == person.id, CheckInDate.due_at == due)
    )
    if date is None:
        date = CheckInDate(
            kommune_id=person.kommune_id,
            person_id=person.id,
            due_at=due,
            state=CheckInState.PLANNED,
        )
        session.add(date)
        session.flush()
    schedule(session, CheckInCall(date.id), due_at=due)
    return date


def next_checkin(session: Session, person: Person) -> CheckInDate | None:
    return session.scalar(
        select(CheckInDate)
        .where(CheckInDate.person_id == person.id, CheckInDate.state == CheckInState.PLANNED)
        .order_by(CheckInDate.due_at)
        .limit(1)
    )


def pause(session: Session, person: Person, *, paused: bool, actor: Actor) -> None:
    """ "Ich bin verreist": no check-in calls until resumed (by the client or staff)."""
    person.checkin_paused = paused
    session.add(
        AuditEntry(
            staff_user_id=actor.staff_user_id,
            kommune_id=person.kommune_id,
            action="update",
            subject_type="person",
            subject_id=person.id,
            person_id=person.id,
            detail={"change": "pause" if paused else "resume"},
        )
    )


# --- a check-in ------------------------------------------------------------------------------------


def checkin_call(date_id: int, attempt: int) -> None:
    """The task of a check-in (:class:`~dispatch.work.CheckInCall`): its own session."""
    session = db.session
    date = session.get(CheckInDate, date_id)
    if date is not None:
        due(session, date, attempt)
    session.commit()


def due(session: Session, date: CheckInDate, attempt: int) -> None:
    """A check-in's time (or its retry's) came: call the client — unless the check-ins
    were paused, ended or changed (then only the next one is planned). Idempotent."""
    person = date.person
    if not person.checkin_slots or person.erased_at is not None:
        return
    if attempt == 1 and date.state == CheckInState.PLANNED:
        if person.checkin_paused:
            date.note = "paused"
            apply(session, date, CheckInEv.SKIP)
        else:
            apply(session, date, CheckInEv.CALL)
    elif attempt > 1 and date.state == CheckInState.RETRY and date.attempt == attempt:
        apply(session, date, CheckInEv.CALL)


def answered_ok(session: Session, date: CheckInDate) -> None:
    if can(date, CheckInEv.OK):
        apply(session, date, CheckInEv.OK, actor=Actor.client(date.person_id))


def asked_for_help(session: Session, date: CheckInDate, *, team_answers: bool) -> None:
    """2: the team takes the call (office hours), else staff are flagged urgently and the
    trusted contact is called."""
    event = CheckInEv.HELP_TEAM if team_answers else CheckInEv.HELP_ALONE
    if can(date, event):
        apply(session, date, event, actor=Actor.client(date.person_id))


def not_answered(session: Session, date: CheckInDate, reason: str) -> None:
    """The call ended without an answer (no answer, busy, a machine, hung up)."""
    if date.state != CheckInState.CALLING:
        return
    date.note = reason[:40]
    apply(session, date, CheckInEv.NO_ANSWER if date.attempt < ATTEMPTS else CheckInEv.GIVE_UP)


def seen(session: Session, date: CheckInDate, *, actor: Actor) -> None:
    apply(session, date, CheckInEv.SEEN, actor=actor)


# --- effects -----------------------------------------------------------------------------------------


def _call_client(session: Session, change: Change) -> None:
    date = change.date
    person = date.person
    queue_call(
        session,
        kommune=person.kommune,
        to=person.phone,
        purpose=CallPurpose.CHECKIN,
        person_id=person.id,
        about=(date.id, date.attempt),
        language=person.language,
        attempt=date.attempt,
        checkin_date_id=date.id,
    )


def _plan_next(session: Session, change: Change) -> None:
    date = change.date
    plan(session, date.person, date.due_at)


def _retry_later(session: Session, change: Change) -> None:
    date = change.date
    date.attempt += 1
    schedule(session, CheckInCall(date.id, date.attempt), due_at=utcnow() + retry_delay())


def _tell_contact(session: Session, change: Change) -> None:
    """The trusted contact is called (and texted, on a mobile): help asked, or no answer."""
    date = change.date
    person = date.person
    number = person.contact_phone
    if not number:
        return  # staff see the urgent flag; there is nobody else to tell
    queue_call(
        session,
        kommune=person.kommune,
        to=number,
        purpose=CallPurpose.TRUSTED,
        about=(date.id, date.state),
        checkin_date_id=date.id,
    )
    if phones.line_type(number) == LineType.MOBILE:
        with language("de"):
            prompt = S.CHECKIN_HELP if date.state == CheckInState.HELP else S.CHECKIN_UNREACHED
            body = prompt(name=person.name)
        queue_sms(
            session,
            kommune=person.kommune,
            to=number,
            body=body,
            purpose="trusted",
            about=(date.id, date.state),
        )


def _urgent(session: Session, change: Change) -> None:
    change.date.needs_staff = True


def _seen(session: Session, change: Change) -> None:
    change.date.needs_staff = False


def _call_back(session: Session, change: Change) -> None:
    """Nobody answered: the last call to the client joins the callback list (who, when),
    which it leaves only with an outcome (:func:`dispatch.callbacks.record`)."""
    date = change.date
    last = session.scalar(
        select(Call)
        .where(Call.checkin_date_id == date.id, Call.purpose == CallPurpose.CHECKIN)
        .order_by(Call.attempt.desc(), Call.id.desc())
        .limit(1)
    )
    if last is not None:
        last.needs_callback = True


def called_back(session: Session, date: CheckInDate, *, actor: Actor) -> None:
    """Staff settled the callback of an unanswered check-in: its urgent flag is seen too."""
    if date.needs_staff and can(date, CheckInEv.SEEN):
        apply(session, date, CheckInEv.SEEN, actor=actor)


EFFECTS: dict[CheckInEffect, Callable[[Session, Change], None]] = {
    CheckInEffect.CALL_CLIENT: _call_client,
    CheckInEffect.PLAN_NEXT: _plan_next,
    CheckInEffect.RETRY_LATER: _retry_later,
    CheckInEffect.TELL_CONTACT: _tell_contact,
    CheckInEffect.URGENT: _urgent,
    CheckInEffect.SEEN: _seen,
    CheckInEffect.CALL_BACK: _call_back,
}
