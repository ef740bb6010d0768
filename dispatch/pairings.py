"""Phone friendships (Telefonpatenschaften): the one owner of a pairing's and its dates'
states, beside :mod:`dispatch.lifecycle` and in the same pattern — the tables are
:data:`dispatch.states.PAIRING` and :data:`dispatch.states.PAIRING_DATE`, :func:`apply` moves
a state by them and runs the row's effects (:data:`EFFECTS`); channels, tasks, the
dashboard and the command line call the named operations below. The caller commits.

At each slot (local time, so a date stays at 10 o'clock across the change to summer time)
the volunteer is called first; when they press 1 the client is called from within that
call and the two are connected, the hotline's number as caller ID both ways, never
recorded. A "no" or no answer of the volunteer moves the date: the client gets a short call
(or an SMS, if they prefer) and staff see it. The client not answering is tried once more
after ``RETRY_DELAY_SECONDS`` (10 minutes), then the volunteer is told and staff see it.
Either side can pause one date (``PAUSE 007``, a key, or staff); the other side is told.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
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
    Channel,
    DateState,
    Kommune,
    Pairing,
    PairingDate,
    PairingStatus,
    Person,
    db,
    utcnow,
)
from models.base import BERLIN
from models.phone import LineType
from models.task import schedule
from models.week import Slot
from prompts import language
from prompts import sms as S

from . import states
from .notify import queue_call, queue_sms
from .states import DateEv, PairingEffect, PairingEv, PairingRow
from .wording import addressed, short_date, volunteer_name
from .work import PairingCall

#: Minutes before the client is called once more (``RETRY_DELAY_SECONDS`` shortens it).
RETRY_MINUTES = 10
#: Tries to reach the client per date.
CLIENT_ATTEMPTS = 2


class NotAllowed(Exception):
    """The event is not allowed in the subject's state; nothing was changed."""


class PairingError(ValueError):
    """A pairing that cannot be made; ``problem`` names why (German words in prompts)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass
class Change:
    subject: Pairing | PairingDate
    row: PairingRow
    actor: Actor
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> PairingDate:
        if not isinstance(self.subject, PairingDate):
            raise TypeError("a pairing's own change has no date")
        return self.subject


def can(subject: Pairing | PairingDate, event: PairingEv | DateEv) -> bool:
    machine = states.PAIRING_MACHINE_OF[type(event)]
    return machine.row_for(getattr(subject, machine.column), event) is not None


def apply(
    session: Session,
    subject: Pairing | PairingDate,
    event: PairingEv | DateEv,
    *,
    actor: Actor = SYSTEM,
    **detail: Any,
) -> Change:
    """Move ``subject`` by its table (:class:`NotAllowed` if the row is missing), then run
    the row's effects."""
    machine = states.PAIRING_MACHINE_OF[type(event)]
    row = machine.row_for(getattr(subject, machine.column), event)
    if row is None:
        raise NotAllowed(f"{machine.name} {subject.id}: {event.value} not allowed")
    setattr(subject, machine.column, row.target)
    change = Change(subject, row, actor, detail)
    for effect in row.effects:
        EFFECTS[effect](session, change)
    return change


# --- when ------------------------------------------------------------------------------------


def slot_times(pairing: Pairing) -> list[Slot]:
    return [(int(day), str(hhmm)) for day, hhmm in pairing.slots]


def next_due(found: Iterable[Slot], after: datetime) -> datetime:
    """The first slot strictly after ``after``, in UTC; each slot is local time that day."""
    wanted = list(found)
    if not wanted:
        raise PairingError("no_slots")
    local = after.astimezone(BERLIN)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        times = sorted(hhmm for weekday, hhmm in wanted if weekday == day.weekday())
        for hhmm in times:
            at = datetime.combine(day, time.fromisoformat(hhmm), tzinfo=BERLIN).astimezone(UTC)
            if at > after:
                return at
    raise PairingError("no_slots")


def retry_delay() -> timedelta:
    seconds = current_app.config.get("RETRY_DELAY_SECONDS")
    return timedelta(seconds=int(seconds)) if seconds is not None else timedelta(minutes=10)


# --- staff set them up ------------------------------------------------------------------------


def create(
    session: Session,
    kommune: Kommune,
    client: Person,
    volunteer: Person,
    found: list[Slot],
    *,
    actor: Actor,
    via: str = "",
) -> Pairing:
    """Pair ``client`` and ``volunteer`` at the weekly ``found`` slots: the first date is
    planned, mobiles get an SMS with the pairing's number, the audit log names who did it."""
    if client.kommune_id != kommune.id or volunteer.kommune_id != kommune.id:
        raise PairingError("other_kommune")
    if not client.is_client or client.erased_at is not None:
        raise PairingError("not_a_client")
    if not volunteer.is_volunteer or volunteer.erased_at is not None:
        raise PairingError("not_a_volunteer")
    if client.id == volunteer.id:
        raise PairingError("same_person")
    if not found:
        raise PairingError("no_slots")
    pairing = Pairing(
        kommune_id=kommune.id,
        client_id=client.id,
        volunteer_id=volunteer.id,
        slots=[[day, hhmm] for day, hhmm in sorted(set(found))],
        created_by=str(actor),
    )
    session.add(pairing)
    session.flush()
    _plan_after(session, pairing, utcnow())
    _audit(session, pairing, "create", actor, via=via, slots=pairing.slots_text)
    for person, other in ((volunteer, client), (client, volunteer)):
        if person.line_type != LineType.MOBILE or person.channel == Channel.CALL:
            continue
        with language(person.language):
            name = addressed(other) if other is client else volunteer_name(other)
            body = S.PAIRING_WELCOME(ref=pairing.ref, name=name, slots=pairing.slots_text)
        queue_sms(
            session,
            kommune=kommune,
            to=person.phone,
            body=body,
            purpose="pairing",
            person_id=person.id,
            about=(pairing.id, person.id),
        )
    return pairing


def end(session: Session, pairing: Pairing, *, actor: Actor, via: str = "") -> None:
    """No more dates; the planned ones are not called (the task finds the pairing ended)."""
    apply(session, pairing, PairingEv.END, actor=actor)
    pairing.ended_at = utcnow()
    _audit(session, pairing, "end", actor, via=via)


def _audit(session: Session, pairing: Pairing, what: str, actor: Actor, **detail: Any) -> None:
    session.add(
        AuditEntry(
            staff_user_id=actor.staff_user_id,
            kommune_id=pairing.kommune_id,
            action="create" if what == "create" else "update",
            subject_type="pairing",
            subject_id=pairing.id,
            person_id=pairing.client_id,
            detail={"change": what, **{k: v for k, v in detail.items() if v}},
        )
    )


def _plan_after(session: Session, pairing: Pairing, after: datetime) -> PairingDate | None:
    """The pairing's next date after ``after`` (once), with the task that calls at its time."""
    if pairing.status != PairingStatus.ACTIVE:
        return None
    due = next_due(slot_times(pairing), after)
    date = session.scalar(
        select(PairingDate).where(PairingDate.pairing_id == pairing.id, PairingDate.due_at == due)
    )
    if date is None:
        date = PairingDate(pairing_id=pairing.id, due_at=due, state=DateState.PLANNED)
        session.add(date)
        session.flush()
    schedule(session, PairingCall(date.id), due_at=due)
    return date


def next_date(session: Session, pairing: Pairing) -> PairingDate | None:
    """The pairing's next planned date."""
    return session.scalar(
        select(PairingDate)
        .where(PairingDate.pairing_id == pairing.id, PairingDate.state == DateState.PLANNED)
        .order_by(PairingDate.due_at)
        .limit(1)
    )


def pairings_of(session: Session, person: Person) -> list[Pairing]:
    """The person's active pairings (as client or volunteer), oldest first."""
    return list(
        session.scalars(
            select(Pairing)
            .where(
                Pairing.status == PairingStatus.ACTIVE,
                (Pairing.client_id == person.id) | (Pairing.volunteer_id == person.id),
            )
            .order_by(Pairing.id)
        )
    )


# --- a date -------------------------------------------------------------------------------------


def pairing_call(date_id: int, attempt: int) -> None:
    """The task of a date (:class:`~dispatch.work.PairingCall`): its own session, commits."""
    session = db.session
    date = session.get(PairingDate, date_id)
    if date is not None:
        date_due(session, date, attempt)
    session.commit()


def date_due(session: Session, date: PairingDate, attempt: int) -> None:
    """The task at a date's time (or its retry's): call the volunteer — unless the pairing
    ended or the date was paused (then only the next one is planned). Running it twice
    does nothing twice."""
    pairing = date.pairing
    if pairing.status != PairingStatus.ACTIVE:
        return
    if date.state == DateState.SKIPPED:
        _plan_after(session, pairing, date.due_at)
        return
    if attempt == 1 and date.state == DateState.PLANNED:
        apply(session, date, DateEv.CALL, attempt=1)
    elif attempt > 1 and date.state == DateState.RETRY and date.attempt == attempt:
        apply(session, date, DateEv.CALL, attempt=attempt)


def skip(session: Session, date: PairingDate, *, actor: Actor) -> None:
    """One side (or staff) pauses this date; the other side is told."""
    date.note = str(actor)
    apply(session, date, DateEv.SKIP, actor=actor)


def skip_next(session: Session, pairing: Pairing, *, actor: Actor) -> PairingDate | None:
    """Pause the pairing's next planned date (``None`` if there is none)."""
    date = next_date(session, pairing)
    if date is not None:
        skip(session, date, actor=actor)
    return date


def volunteer_accepts(session: Session, date: PairingDate) -> bool:
    """The volunteer pressed 1: the client is called next (False if it is too late)."""
    if not can(date, DateEv.ACCEPT):
        return False
    apply(session, date, DateEv.ACCEPT, actor=Actor.volunteer(date.pairing.volunteer_id))
    return True


def volunteer_declines(session: Session, date: PairingDate) -> None:
    if can(date, DateEv.DECLINE):
        date.note = "declined"
        apply(session, date, DateEv.DECLINE, actor=Actor.volunteer(date.pairing.volunteer_id))


def volunteer_unreached(session: Session, date: PairingDate, reason: str) -> None:
    """The volunteer's call ended before they chose (no answer, busy, a machine)."""
    if can(date, DateEv.UNREACHED):
        date.note = reason[:40]
        apply(session, date, DateEv.UNREACHED)


def connected(
    session: Session, date: PairingDate, call: Call, *, answered: bool, seconds: int
) -> str:
    """The ``<Dial>`` to the client from the volunteer's ``call`` ended: held, tried again
    later, or missed (returns the event, for what the volunteer hears). The call log says
    who talked to whom and how long."""
    call.bridged_person_id = date.pairing.client_id
    call.bridged_seconds = seconds if answered else 0
    call.outcome = "bridged" if answered else "bridge_no_answer"
    if answered:
        date.seconds = seconds
        apply(session, date, DateEv.HELD, seconds=seconds)
        return DateEv.HELD
    if date.attempt < CLIENT_ATTEMPTS:
        apply(session, date, DateEv.NO_ANSWER)
        return DateEv.NO_ANSWER
    date.note = "client_no_answer"
    apply(session, date, DateEv.GIVE_UP)
    return DateEv.GIVE_UP


def seen(session: Session, date: PairingDate, *, actor: Actor) -> None:
    """Staff looked at a date that fell through: it leaves Heute."""
    apply(session, date, DateEv.SEEN, actor=actor)


# --- effects ----------------------------------------------------------------------------------------


def _call_volunteer(session: Session, change: Change) -> None:
    date = change.date
    pairing = date.pairing
    volunteer = pairing.volunteer
    queue_call(
        session,
        kommune=pairing.kommune,
        to=volunteer.phone,
        purpose=CallPurpose.PAIRING,
        person_id=volunteer.id,
        about=(date.id, date.attempt),
        language=volunteer.language,
        attempt=date.attempt,
        pairing_date_id=date.id,
    )


def _plan_next(session: Session, change: Change) -> None:
    date = change.date
    _plan_after(session, date.pairing, date.due_at)


def _tell_client_moved(session: Session, change: Change) -> None:
    """A short call to the client (an SMS if they prefer one): today's chat falls through."""
    date = change.date
    pairing = date.pairing
    client = pairing.client
    if client.erased_at is not None:
        return
    if client.channel == Channel.SMS:
        with language(client.language):
            body = S.PAIRING_MOVED(name=volunteer_name(pairing.volunteer))
        queue_sms(
            session,
            kommune=pairing.kommune,
            to=client.phone,
            body=body,
            purpose="pairing_moved",
            person_id=client.id,
            about=(date.id,),
        )
        return
    queue_call(
        session,
        kommune=pairing.kommune,
        to=client.phone,
        purpose=CallPurpose.PAIRING_NOTICE,
        person_id=client.id,
        about=(date.id,),
        language=client.language,
        pairing_date_id=date.id,
    )


def _tell_other_skipped(session: Session, change: Change) -> None:
    """Whoever did not pause the date hears of it (both, when staff paused it): an SMS to a
    mobile, else a short call."""
    date = change.date
    pairing = date.pairing
    told = [
        person
        for person in (pairing.client, pairing.volunteer)
        if change.actor not in (Actor.client(person.id), Actor.volunteer(person.id))
    ]
    local = date.due_at.astimezone(BERLIN)
    for person in told:
        if person.erased_at is not None:
            continue
        if person.line_type == LineType.MOBILE and person.channel != Channel.CALL:
            other = (
                volunteer_name(pairing.volunteer)
                if person.id == pairing.client_id
                else addressed(pairing.client)
            )
            with language(person.language):
                body = S.PAIRING_SKIPPED_BY_OTHER(
                    name=other, day=short_day(local), time=local.strftime("%H:%M")
                )
            queue_sms(
                session,
                kommune=pairing.kommune,
                to=person.phone,
                body=body,
                purpose="pairing_skipped",
                person_id=person.id,
                about=(date.id, person.id),
            )
            continue
        queue_call(
            session,
            kommune=pairing.kommune,
            to=person.phone,
            purpose=CallPurpose.PAIRING_NOTICE,
            person_id=person.id,
            about=(date.id, "skipped", person.id),
            language=person.language,
            pairing_date_id=date.id,
        )


def short_day(local: datetime) -> str:
    """ "Di 24.11." """
    return short_date(local.date())


def _retry_later(session: Session, change: Change) -> None:
    date = change.date
    date.attempt += 1
    schedule(session, PairingCall(date.id, date.attempt), due_at=utcnow() + retry_delay())


def _needs_staff(session: Session, change: Change) -> None:
    change.date.needs_staff = True


def _seen(session: Session, change: Change) -> None:
    change.date.needs_staff = False


EFFECTS: dict[PairingEffect, Callable[[Session, Change], None]] = {
    PairingEffect.CALL_VOLUNTEER: _call_volunteer,
    PairingEffect.PLAN_NEXT: _plan_next,
    PairingEffect.TELL_CLIENT_MOVED: _tell_client_moved,
    PairingEffect.TELL_OTHER_SKIPPED: _tell_other_skipped,
    PairingEffect.RETRY_LATER: _retry_later,
    PairingEffect.NEEDS_STAFF: _needs_staff,
    PairingEffect.SEEN: _seen,
}
