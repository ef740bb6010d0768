"""The directory's search, behind one function for the public page, the phone and SMS.

Words are folded like the index (:func:`models.folding.fold`: "Straße" = "Strasse",
"Müller" = "Mueller" = "Muller") and matched as word beginnings after German stemming, so
"Pflege" finds "Pflegedienst" and "Pflegedienste" finds "Pflegedienst":

- SQLite: the FTS5 table ``angebote_fts`` (rowid = offer id), the query's words stemmed
  with the Snowball German stemmer and matched as prefixes, ranked by ``bm25`` (the name
  and organisation weigh five times the rest);
- PostgreSQL: the generated ``tsvector`` column ``search_vector`` (German stemming over
  ``unaccent``), ``to_tsquery('german', 'word:*')``, ranked by ``ts_rank``.

Filters: topic, target group, district, "open now". Ranking: offers that serve the
district the person is in first, then those open now, then the text match, then the name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

import holidays
import snowballstemmer
from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    column,
    false,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from models import BERLIN, Angebot, AngebotHours, AngebotStatus, Kommune, utcnow
from models.angebot import angebot_districts, angebot_terms
from models.folding import fold_words

#: Words of a query looked at (a longer query is cut).
MAX_WORDS = 8


@dataclass(frozen=True)
class Query:
    """What is searched. ``near`` (a district id) ranks offers there first."""

    words: str = ""
    topic_id: int | None = None
    target_group_id: int | None = None
    district_id: int | None = None
    open_now: bool = False
    near: int | None = None
    limit: int = 20
    offset: int = 0


@dataclass
class Found:
    offers: list[Angebot]
    #: How many offers match in all (for "N Angebote", paging).
    total: int
    #: Of ``offers``, those open at the time of the search.
    open_ids: set[int] = field(default_factory=set)
    #: The time the search was made for.
    at: datetime | None = None


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


def query_words(text: str) -> list[str]:
    """The folded words of a query, each once, at most :data:`MAX_WORDS`."""
    return list(dict.fromkeys(w for w in fold_words(text) if w))[:MAX_WORDS]


_FTS = table("angebote_fts", column("rowid"))


def _text_match(
    session: Session, words: list[str]
) -> tuple[Any, ColumnElement[float], ColumnElement[bool]]:
    """A selectable of (id, rank) of the offers matching ``words`` (rank lower = better),
    and a plain condition for counting them (SQLite would run the ranked match once per
    offer when counting over the join)."""
    if session.get_bind().dialect.name == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'german'::regconfig"), " & ".join(f"{w}:*" for w in words)
        )
        vector = literal_column("angebote.search_vector")
        matches = (
            select(Angebot.id.label("id"), (-func.ts_rank(vector, tsquery)).label("rank"))
            .where(vector.op("@@")(tsquery))
            .subquery("matches")
        )
        return matches, matches.c.rank, vector.op("@@")(tsquery)
    stemmer = _stemmer()
    terms = " ".join(f'"{stemmer.stemWord(w) or w}"*' for w in words)
    fts = literal_column("angebote_fts")
    matches = (
        select(_FTS.c.rowid.label("id"), func.bm25(fts, 5.0, 1.0).label("rank"))
        .select_from(_FTS)
        .where(fts.op("MATCH")(terms))
        .subquery("matches")
    )
    matching = select(_FTS.c.rowid).where(fts.op("MATCH")(terms))
    return matches, matches.c.rank, Angebot.id.in_(matching)


def open_at(at: datetime, holiday: bool) -> ColumnElement[bool]:
    """SQL: the offer (``Angebot``) is open at ``at`` (never on a public holiday). An IN
    list, which the database builds once per query, not a test per offer."""
    if holiday:
        return false()
    local = at.astimezone(BERLIN)
    minute = local.hour * 60 + local.minute
    return Angebot.id.in_(
        select(AngebotHours.angebot_id).where(
            AngebotHours.weekday == local.weekday(),
            AngebotHours.opens <= minute,
            AngebotHours.closes > minute,
        )
    )


def _filtered(kommune_id: int, query: Query, open_now: ColumnElement[bool]) -> Select:
    stmt = select(Angebot.id).where(
        Angebot.kommune_id == kommune_id, Angebot.status == AngebotStatus.ACTIVE
    )
    # IN (…) rather than EXISTS: the database reads the short list of offers of a topic or
    # district from its index instead of testing every offer of the Kommune.
    for term_id in (query.topic_id, query.target_group_id):
        if term_id:
            stmt = stmt.where(
                Angebot.id.in_(
                    select(angebot_terms.c.angebot_id).where(angebot_terms.c.term_id == term_id)
                )
            )
    if query.district_id:
        stmt = stmt.where(
            Angebot.id.in_(
                select(angebot_districts.c.angebot_id).where(
                    angebot_districts.c.district_id == query.district_id
                )
            )
        )
    if query.open_now:
        stmt = stmt.where(open_now)
    return stmt


def search(session: Session, kommune: Kommune, query: Query, at: datetime | None = None) -> Found:
    """The active offers of ``kommune`` that match ``query``, best first, one page of them."""
    at = at or utcnow()
    holiday = kommune.is_holiday(at)
    open_now = open_at(at, holiday)
    stmt = _filtered(kommune.id, query, open_now)
    words = query_words(query.words)
    rank: ColumnElement[float] | None = None
    counted = stmt
    if words:
        matches, rank, matching = _text_match(session, words)
        counted = stmt.where(matching)
        stmt = stmt.join(matches, matches.c.id == Angebot.id)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    order: list[ColumnElement[object]] = []
    if query.near:
        near = Angebot.id.in_(
            select(angebot_districts.c.angebot_id).where(
                angebot_districts.c.district_id == query.near
            )
        )
        order.append(case((near, 0), else_=1))
    if not query.open_now and not holiday:
        order.append(case((open_now, 0), else_=1))
    if rank is not None:
        order.append(rank)
    order += [Angebot.name, Angebot.id]
    ids = list(session.scalars(stmt.order_by(*order).limit(query.limit).offset(query.offset)))
    offers = load(session, ids)
    closed = holidays_of(kommune)
    open_ids = {o.id for o in offers if o.is_open(at, closed)}
    return Found(offers=offers, total=int(total), open_ids=open_ids, at=at)


@lru_cache(maxsize=64)
def _holidays(state: str, year: int) -> frozenset[date]:
    return frozenset(holidays.Germany(subdiv=state, years=year))


def holidays_of(kommune: Kommune) -> Callable[[date], bool]:
    """Whether a day is a public holiday in the Kommune's Land (offers are closed then)."""
    state = kommune.state
    return lambda day: day in _holidays(state, day.year)


def load(session: Session, ids: list[int]) -> list[Angebot]:
    """The offers with these ids, in this order, with what a list shows of them."""
    if not ids:
        return []
    found = {
        a.id: a
        for a in session.scalars(
            select(Angebot)
            .where(Angebot.id.in_(ids))
            .options(
                joinedload(Angebot.organization),
                selectinload(Angebot.hours),
                selectinload(Angebot.terms),
                selectinload(Angebot.districts),
            )
        )
    }
    return [found[i] for i in ids if i in found]
