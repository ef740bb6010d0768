"""Who to ask: candidates for a request, ranked, in one indexed SQL query.

Candidates are active volunteers of the request's Kommune who help with its category,
meet what the Kommune requires for it (checklist items confirmed, a Führungszeugnis: see
:mod:`dispatch.recognition`), are below the Kommune's monthly limits (people helped, hours:
:mod:`dispatch.helper_limits`), are available on its day(s) (and still this day for "today"), hold fewer open tasks than
their maximum, are not the client, and were not asked for this request before. Ranked by:
helped this client before (continuity), same district, a shared language, fewest offers
in the last 7 days, longest since last asked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, and_, case, cast, exists, func, or_, select
from sqlalchemy.orm import Session, lazyload

from models import (
    HelpRequest,
    Offer,
    Person,
    RequestStatus,
    VolunteerCategory,
    VolunteerStatus,
    When,
    utcnow,
)
from models.base import BERLIN

from .helper_limits import limit_filter
from .recognition import requirement_filter


def day_mask(request: HelpRequest) -> int:
    """Weekday bits (Monday = bit 0) of the days the request is for."""
    mask = 0
    day = request.needed_from
    while day <= request.needed_until:
        mask |= 1 << day.weekday()
        day += timedelta(days=1)
    return mask or 0b1111111


def candidates(
    session: Session, request: HelpRequest, *, limit: int, now: datetime | None = None
) -> list[Person]:
    """Up to ``limit`` volunteers to ask next, best first."""
    now = now or utcnow()
    P = Person
    open_tasks = (
        select(func.count(HelpRequest.id))
        .where(HelpRequest.volunteer_id == P.id, HelpRequest.status == RequestStatus.ASSIGNED)
        .correlate(P)
        .scalar_subquery()
    )
    asked_recently = (
        select(func.count(Offer.id))
        .where(Offer.volunteer_id == P.id, Offer.created_at >= now - timedelta(days=7))
        .correlate(P)
        .scalar_subquery()
    )
    already_asked = select(Offer.volunteer_id).where(Offer.request_id == request.id)
    query = (
        select(P)
        .join(
            VolunteerCategory,
            and_(
                VolunteerCategory.person_id == P.id, VolunteerCategory.category == request.category
            ),
        )
        .where(
            P.kommune_id == request.kommune_id,
            P.is_volunteer.is_(True),
            P.status == VolunteerStatus.ACTIVE,
            P.erased_at.is_(None),
            P.available_days.op("&")(day_mask(request)) != 0,
            P.id.not_in(already_asked),
            open_tasks < P.max_open_tasks,
        )
    )
    query = query.where(
        requirement_filter(request.kommune, request.category, now.astimezone(BERLIN).date()),
        limit_filter(request.kommune, request.client_id, now),
    )
    if request.when == When.TODAY:
        # Still time today: at least an hour before their availability ends.
        query = query.where(P.available_until > now.astimezone(BERLIN).hour + 1)

    ranking = []
    if request.client_id is not None:
        query = query.where(P.id != request.client_id)
        helped_before = exists().where(
            HelpRequest.client_id == request.client_id,
            HelpRequest.volunteer_id == P.id,
            HelpRequest.status.in_((RequestStatus.DONE, RequestStatus.ASSIGNED)),
            HelpRequest.id != request.id,
        )
        ranking.append(case((helped_before, 0), else_=1))
    if request.district:
        ranking.append(case((P.district == request.district, 0), else_=1))
    languages = (request.client.languages if request.client else None) or ["de"]

    def speaks(lang: str) -> object:
        return cast(P.languages, String).like(f'%"{lang}"%')

    # The client's own (first) language best, then any language they share.
    ranking.append(case((speaks(languages[0]), 0), (or_(*map(speaks, languages)), 1), else_=2))
    ranking += [asked_recently, P.last_offered_at.asc().nulls_first(), P.id]
    query = query.options(lazyload(P.category_links)).order_by(*ranking).limit(limit)
    return list(session.scalars(query))
