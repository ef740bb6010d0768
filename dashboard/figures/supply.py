"""Supply beside need, per district (and topic): the active offers there, the requests and
information searches (phone, SMS) from there in the period, and the requests that found
nobody. Districts are compared folded ("Süd" = "Sued"), so people's, requests' and offers'
spellings meet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from models import (
    Angebot,
    AngebotStatus,
    District,
    HelpRequest,
    InfoSearch,
    RequestEvent,
    RequestStatus,
    TaxonomyTerm,
    TermKind,
)
from models.angebot import angebot_districts, angebot_terms
from models.folding import fold_words
from prompts import dashboard as T

from .queries import Period


def _key(name: str | None) -> str:
    return " ".join(fold_words(name))


@dataclass
class Supply:
    #: district, active offers, information searches, requests, requests without a volunteer
    districts: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    #: district, topic, active offers, information searches
    topics: list[tuple[str, str, int, int]] = field(default_factory=list)


def compute(session: Session, kommune_id: int, period: Period) -> Supply:
    start, end = period.bounds
    names: dict[str, str] = {}

    def name_of(raw: str | None) -> str:
        key = _key(raw)
        if key not in names:
            names[key] = raw or str(T.NO_DISTRICT)
        return key

    for district in session.scalars(select(District).where(District.kommune_id == kommune_id)):
        names[district.key] = district.name
    offers: dict[str, int] = defaultdict(int)
    offer_topics: dict[tuple[str, int], int] = defaultdict(int)
    active = (Angebot.kommune_id == kommune_id) & (Angebot.status == AngebotStatus.ACTIVE)
    for key, n in session.execute(
        select(District.key, func.count(Angebot.id))
        .join(angebot_districts, angebot_districts.c.district_id == District.id)
        .join(Angebot, Angebot.id == angebot_districts.c.angebot_id)
        .where(active)
        .group_by(District.key)
    ):
        offers[key] += int(n)
    for key, topic_id, n in session.execute(
        select(District.key, angebot_terms.c.term_id, func.count(Angebot.id))
        .join(angebot_districts, angebot_districts.c.district_id == District.id)
        .join(Angebot, Angebot.id == angebot_districts.c.angebot_id)
        .join(angebot_terms, angebot_terms.c.angebot_id == Angebot.id)
        .where(active)
        .group_by(District.key, angebot_terms.c.term_id)
    ):
        offer_topics[(key, topic_id)] += int(n)
    searches: dict[str, int] = defaultdict(int)
    search_topics: dict[tuple[str, int], int] = defaultdict(int)
    for district, topic_id, n in session.execute(
        select(InfoSearch.district, InfoSearch.topic_id, func.sum(InfoSearch.count))
        .where(
            InfoSearch.kommune_id == kommune_id,
            InfoSearch.day >= period.start,
            InfoSearch.day <= period.end,
        )
        .group_by(InfoSearch.district, InfoSearch.topic_id)
    ):
        key = name_of(district)
        searches[key] += int(n or 0)
        search_topics[(key, topic_id)] += int(n or 0)
    in_period = (
        (HelpRequest.kommune_id == kommune_id)
        & (HelpRequest.created_at >= start)
        & (HelpRequest.created_at < end)
    )
    requests: dict[str, int] = defaultdict(int)
    for district, n in session.execute(
        select(HelpRequest.district, func.count(HelpRequest.id))
        .where(in_period)
        .group_by(HelpRequest.district)
    ):
        requests[name_of(district)] += int(n)
    escalated = exists().where(
        RequestEvent.request_id == HelpRequest.id, RequestEvent.kind == "escalated"
    )
    unmatched: dict[str, int] = defaultdict(int)
    for district, n in session.execute(
        select(HelpRequest.district, func.count(HelpRequest.id))
        .where(
            in_period,
            HelpRequest.assigned_at.is_(None),
            (HelpRequest.status == RequestStatus.UNMATCHED) | escalated,
        )
        .group_by(HelpRequest.district)
    ):
        unmatched[name_of(district)] += int(n)
    keys = set(offers) | set(searches) | set(requests)
    rows = [
        (names.get(k) or str(T.NO_DISTRICT), offers[k], searches[k], requests[k], unmatched[k])
        for k in keys
    ]
    rows.sort(key=lambda r: (-(r[2] + r[3]), r[0]))
    topics = {
        t.id: t.name
        for t in session.scalars(
            select(TaxonomyTerm).where(
                TaxonomyTerm.kommune_id == kommune_id, TaxonomyTerm.kind == TermKind.TOPIC
            )
        )
    }
    pairs = {(k, t) for k, t in offer_topics if t in topics} | set(search_topics)
    topic_rows = [
        (
            names.get(k) or str(T.NO_DISTRICT),
            topics.get(t, str(T.NO_TOPIC)),
            offer_topics.get((k, t), 0),
            search_topics.get((k, t), 0),
        )
        for k, t in pairs
    ]
    topic_rows.sort(key=lambda r: (r[0], r[1]))
    return Supply(districts=rows, topics=topic_rows)


def tables(supply: Supply) -> dict[str, tuple[list[str], list[list[Any]]]]:
    return {
        "supply": (
            [
                str(T.COL_DISTRICT),
                str(T.COL_OFFERS_ACTIVE),
                str(T.COL_INFO_SEARCHES),
                str(T.COL_REQUESTS_FROM),
                str(T.COL_UNMATCHED),
            ],
            [list(row) for row in supply.districts],
        ),
        "supply_topics": (
            [
                str(T.COL_DISTRICT),
                str(T.COL_TOPIC),
                str(T.COL_OFFERS_ACTIVE),
                str(T.COL_INFO_SEARCHES),
            ],
            [list(row) for row in supply.topics],
        ),
    }
