"""What the Anrufkette page reads: the clients who can get a daily check-in, and those who
have one with their next and last call."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import checkins
from models import CheckInDate, CheckInState, Person


def clients(session: Session, kommune: int) -> list[Person]:
    """The Kommune's clients (not erased), by name."""
    return list(
        session.scalars(
            select(Person)
            .where(
                Person.kommune_id == kommune,
                Person.is_client.is_(True),
                Person.erased_at.is_(None),
            )
            .order_by(Person.name)
        )
    )


@dataclass
class CheckInRow:
    person: Person
    next_call: CheckInDate | None
    last: CheckInDate | None


def rows(session: Session, kommune: int) -> list[CheckInRow]:
    """The clients with a daily check-in, with their next call and how the last one went."""
    people = list(
        session.scalars(
            select(Person)
            .where(
                Person.kommune_id == kommune,
                Person.checkin_slots.is_not(None),
                Person.erased_at.is_(None),
            )
            .order_by(Person.name)
        )
    )
    rows = []
    for person in people:
        last = session.scalar(
            select(CheckInDate)
            .where(CheckInDate.person_id == person.id, CheckInDate.state != CheckInState.PLANNED)
            .order_by(CheckInDate.due_at.desc())
            .limit(1)
        )
        rows.append(CheckInRow(person, checkins.next_checkin(session, person), last))
    return rows
