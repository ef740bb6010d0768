"""What the Telefonpatenschaften pages read: the people who can be paired, the Kommune's
pairings with their next date and what came of the dates so far."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import DateState, Pairing, PairingDate, Person


def people(session: Session, kommune: int) -> list[Person]:
    """The Kommune's people (not erased), by name."""
    return list(
        session.scalars(
            select(Person)
            .where(Person.kommune_id == kommune, Person.erased_at.is_(None))
            .order_by(Person.name)
        )
    )


@dataclass
class PairingRow:
    pairing: Pairing
    next_date: PairingDate | None
    #: Dates per state so far.
    counts: dict[str, int]


def pairings_list(session: Session, kommune: int) -> list[PairingRow]:
    """The Kommune's pairings, running ones first, with their next date and what came of
    the dates so far (two statements for the counts and the next dates)."""
    found = list(
        session.scalars(
            select(Pairing)
            .where(Pairing.kommune_id == kommune)
            .options(selectinload(Pairing.client), selectinload(Pairing.volunteer))
            .order_by(Pairing.status, Pairing.id)
        )
    )
    ids = [p.id for p in found]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for pairing_id, state, n in session.execute(
            select(PairingDate.pairing_id, PairingDate.state, func.count())
            .where(PairingDate.pairing_id.in_(ids))
            .group_by(PairingDate.pairing_id, PairingDate.state)
        ):
            counts[pairing_id][state] = n
    upcoming: dict[int, PairingDate] = {}
    if ids:
        for date in session.scalars(
            select(PairingDate)
            .where(PairingDate.pairing_id.in_(ids), PairingDate.state == DateState.PLANNED)
            .order_by(PairingDate.due_at)
        ):
            upcoming.setdefault(date.pairing_id, date)
    return [PairingRow(p, upcoming.get(p.id), counts[p.id]) for p in found]
