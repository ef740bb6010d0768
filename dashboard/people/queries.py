"""People: the filtered list and one person's history."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import Call, HelpRequest, Offer, Person, RequestStatus
from models import phone as phones

from ..common import PAGE_SIZE, contains


@dataclass
class PeoplePage:
    people: list[Person]
    page: int
    more: bool


def people(
    session: Session,
    kommune_id: int,
    *,
    q: str = "",
    role: str = "",
    status: str = "",
    page: int = 1,
) -> PeoplePage:
    query = select(Person).where(Person.kommune_id == kommune_id, Person.erased_at.is_(None))
    text = q.strip()
    if text:
        number = phones.parse_or_none(text)
        digits = re.sub(r"\D", "", text)
        if number:
            query = query.where(Person.phone == number)
        elif digits and len(digits) >= 3 and not re.search(r"[^\d\s/+()-]", text):
            query = query.where(contains(Person.phone, digits.lstrip("0")))
        else:
            query = query.where(contains(Person.name, text))
    if role == "client":
        query = query.where(Person.is_client.is_(True))
    elif role == "volunteer":
        query = query.where(Person.is_volunteer.is_(True))
    if status:
        query = query.where(Person.status == status)
    page = max(1, page)
    found = list(
        session.scalars(
            query.order_by(Person.name, Person.id)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return PeoplePage(found[:PAGE_SIZE], page, len(found) > PAGE_SIZE)


@dataclass
class History:
    as_client: list[HelpRequest]
    as_volunteer: list[HelpRequest]
    offers: list[Offer]
    offer_counts: dict[str, int]
    calls: list[Call]
    open_tasks: int


def history(session: Session, person: Person, limit: int = 50) -> History:
    as_client = list(
        session.scalars(
            select(HelpRequest)
            .where(HelpRequest.client_id == person.id)
            .order_by(HelpRequest.created_at.desc())
            .limit(limit)
        )
    )
    as_volunteer = list(
        session.scalars(
            select(HelpRequest)
            .where(HelpRequest.volunteer_id == person.id)
            .options(selectinload(HelpRequest.client))
            .order_by(HelpRequest.created_at.desc())
            .limit(limit)
        )
    )
    offers = list(
        session.scalars(
            select(Offer)
            .where(Offer.volunteer_id == person.id)
            .options(selectinload(Offer.request))
            .order_by(Offer.created_at.desc())
            .limit(limit)
        )
    )
    counts = dict(
        session.execute(
            select(Offer.status, func.count(Offer.id))
            .where(Offer.volunteer_id == person.id)
            .group_by(Offer.status)
        ).all()
    )
    calls = list(
        session.scalars(
            select(Call)
            .where(Call.person_id == person.id)
            .order_by(Call.started_at.desc())
            .limit(20)
        )
    )
    open_tasks = sum(1 for r in as_volunteer if r.status == RequestStatus.ASSIGNED)
    return History(as_client, as_volunteer, offers, counts, calls, open_tasks)
