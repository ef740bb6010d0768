"""The Kommune's monthly limits for a Nachbarschaftshelfer*in (some Länder set them): at most
``Kommune.helper_max_people`` different people helped and at most
``Kommune.helper_max_hours`` hours per local month (Europe/Berlin).

What counts in a month: the clients of the volunteer's requests done that month or still
assigned to them (help under way), and the time spent of the requests done that month (as
on the monthly statements). A volunteer at a limit is not offered requests
(:func:`limit_filter`, part of the one matching query) — except, for the people limit,
requests of a client they already help this month (a request without a known client yet
counts as a new person). The person page says why
(:func:`reached`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from models import BERLIN, HelpRequest, Kommune, Person, RequestStatus


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The local month ``now`` falls in, as UTC [start, end)."""
    first = now.astimezone(BERLIN).date().replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return tuple(  # type: ignore[return-value]
        datetime.combine(day, time(), BERLIN).astimezone(UTC) for day in (first, following)
    )


def _helped_this_month(request: Any, volunteer_id: Any, start: datetime, end: datetime) -> Any:
    """The condition: ``request`` is the volunteer's, done this month or under way."""
    return and_(
        request.volunteer_id == volunteer_id,
        or_(
            request.status == RequestStatus.ASSIGNED,
            and_(
                request.status == RequestStatus.DONE,
                request.done_at >= start,
                request.done_at < end,
            ),
        ),
    )


def _minutes_done(request: Any, volunteer_id: Any, start: datetime, end: datetime) -> Any:
    return and_(
        request.volunteer_id == volunteer_id,
        request.status == RequestStatus.DONE,
        request.done_at >= start,
        request.done_at < end,
        request.minutes_spent.is_not(None),
    )


def limit_filter(
    kommune: Kommune, client_id: int | None, now: datetime, person: Any = Person
) -> ColumnElement[bool]:
    """The SQL condition a volunteer (``person``: the Person entity or an alias) meets to be
    offered a request of ``client_id`` this month: below the Kommune's hours, and below its
    number of people unless the client is one of those already helped this month. Correlated
    subqueries only (no query of its own); always true without limits."""
    start, end = month_bounds(now)
    conditions = []
    if kommune.helper_max_hours is not None:
        r = aliased(HelpRequest)
        minutes = (
            select(func.coalesce(func.sum(r.minutes_spent), 0))
            .where(_minutes_done(r, person.id, start, end))
            .correlate(person)
            .scalar_subquery()
        )
        conditions.append(minutes < kommune.helper_max_hours * 60)
    if kommune.helper_max_people is not None:
        r = aliased(HelpRequest)
        people = (
            select(func.count(func.distinct(r.client_id)))
            .where(_helped_this_month(r, person.id, start, end), r.client_id.is_not(None))
            .correlate(person)
            .scalar_subquery()
        )
        below = people < kommune.helper_max_people
        if client_id is None:
            conditions.append(below)
        else:
            known = aliased(HelpRequest)
            already = (
                select(known.id)
                .where(_helped_this_month(known, person.id, start, end))
                .where(known.client_id == client_id)
                .correlate(person)
                .exists()
            )
            conditions.append(or_(already, below))
    return and_(true(), *conditions)


@dataclass(frozen=True)
class MonthUse:
    """What a volunteer used of the Kommune's limits this month."""

    people: int
    minutes: int
    #: The limits reached: "people" and/or "hours".
    reached: tuple[str, ...]
    #: The Kommune's limits (``None``: none).
    max_people: int | None = None
    max_hours: int | None = None

    @property
    def hours(self) -> str:
        """The time spent in hours as German staff write it ("2", "2,5")."""
        return f"{self.minutes / 60:.1f}".replace(".", ",").removesuffix(",0")


def use(session: Session, person: Person, kommune: Kommune, now: datetime) -> MonthUse:
    """People helped and minutes spent this month, and which limits that reaches."""
    start, end = month_bounds(now)
    r = HelpRequest
    people = session.scalar(
        select(func.count(func.distinct(r.client_id))).where(
            _helped_this_month(r, person.id, start, end), r.client_id.is_not(None)
        )
    )
    minutes = session.scalar(
        select(func.coalesce(func.sum(r.minutes_spent), 0)).where(
            _minutes_done(r, person.id, start, end)
        )
    )
    reached = []
    if kommune.helper_max_people is not None and people >= kommune.helper_max_people:
        reached.append("people")
    if kommune.helper_max_hours is not None and minutes >= kommune.helper_max_hours * 60:
        reached.append("hours")
    return MonthUse(
        int(people or 0),
        int(minutes or 0),
        tuple(reached),
        kommune.helper_max_people,
        kommune.helper_max_hours,
    )
