"""Who has what open: a caller's requests, a volunteer's offers and assignments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import HelpRequest, Offer, Person, RequestStatus

from . import states


def open_requests_of(
    session: Session, kommune_id: int, person: Person | None, phone: str | None
) -> list[HelpRequest]:
    """Open requests of a caller, newest first: by person, or by callback number."""
    query = select(HelpRequest).where(
        HelpRequest.kommune_id == kommune_id, HelpRequest.status.in_(states.OPEN)
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


def open_offers_of(session: Session, volunteer: Person) -> list[Offer]:
    """Offers the volunteer can still say yes to, oldest first."""
    return list(
        session.scalars(
            select(Offer)
            .join(HelpRequest)
            .where(
                Offer.volunteer_id == volunteer.id,
                Offer.status.in_(states.UNANSWERED),
                HelpRequest.status.in_(states.TAKEABLE),
            )
            .order_by(Offer.id)
        )
    )


def held_by(
    session: Session, volunteer: Person, statuses: tuple[str, ...] = (RequestStatus.ASSIGNED,)
) -> list[HelpRequest]:
    """Requests the volunteer has taken (in ``statuses``), oldest first."""
    return list(
        session.scalars(
            select(HelpRequest)
            .where(HelpRequest.volunteer_id == volunteer.id, HelpRequest.status.in_(statuses))
            .order_by(HelpRequest.id)
        )
    )


def assignments_of(session: Session, volunteer: Person) -> list[HelpRequest]:
    """The requests a volunteer has taken and not yet done, the nearest day first (the
    keys of their hotline menu and of the details SMS follow this order)."""
    return list(
        session.scalars(
            select(HelpRequest)
            .where(
                HelpRequest.volunteer_id == volunteer.id,
                HelpRequest.status == RequestStatus.ASSIGNED,
                HelpRequest.client_id.is_not(None),
            )
            .order_by(HelpRequest.needed_from, HelpRequest.id)
        )
    )


def assignment_key(session: Session, request: HelpRequest) -> int:
    """The key that connects the request's volunteer with its client in the hotline's
    menu of their assignments (1 for the nearest)."""
    if request.volunteer is None:
        return 1
    found = [r.id for r in assignments_of(session, request.volunteer)]
    return found.index(request.id) + 1 if request.id in found else len(found) + 1
