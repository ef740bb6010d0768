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
    #: Whether ``Found.total`` counts every match (the public page says how many); without
    #: it, only whether there are more than this page is known.
    count: bool = True


@dataclass
class Found:
    offers: list[Angebot]
    #: How many offers match in all (for "N Angebote"); None when not counted.
    total: int | None
    #: Of ``offers``, those open at the time of the search.
    open_ids: set[int] = field(default_factory=set)
    #: The time the search was made for.
    at: datetime | None = None
    #: Whether more offers match after this page.
    more: bool = False


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


def query_words(text: str) -> list[str]:
    """The folded words of a query, each once, at most :data:`MAX_WORDS`."""
    return list(dict.fromkeys(w for w in fold_words(text) if w))[:MAX_WORDS]


_FTS = table("angebote_fts", column("rowid"))


def _text_match(
    session: Session, words: list[str]
) -> tuple[Callable[[Select], Select], ColumnElement[float]]:
    """How to limit a query to the offers matching ``words``, and their rank (lower =
    better). The rank is an expression of the matched row, so the database works it out
    only for the offers that pass the other filters, not for every offer the words match."""
    if session.get_bind().dialect.name == "postgresql":
        tsquery = func.to_tsquery(
            literal_column("'german'::regconfig"), " & ".join(f"{w}:*" for w in words)
        )
        vector = literal_column("angebote.search_vector")
        return (lambda stmt: stmt.where(vector.op("@@")(tsquery))), -func.ts_rank(vector, tsquery)
    stemmer = _stemmer()
    terms = " ".join(f'"{stemmer.stemWord(w) or w}"*' for w in words)
    fts = literal_column("angebote_fts")

    def match(stmt: Select) -> Select:
        return stmt.join(_FTS, _FTS.c.rowid == Angebot.id).where(fts.op("MATCH")(terms))

    return match, func.bm25(fts, 5.0, 1.0)


def open_at(at: datetime, holiday: bool, *, few: bool) -> ColumnElement[bool]:
    """SQL: the offer (``Angebot``) is open at ``at`` (never on a public holiday). For
    ``few`` offers (a district's, a topic's, the matches of words) a look at each one's own
    hours; for all offers of a Kommune one list of the offers open now (the database builds
    it once per query, from every span of the weekday)."""
    if holiday:
        return false()
    local = at.astimezone(BERLIN)
    minute = local.hour * 60 + local.minute
    spans = select(AngebotHours.angebot_id).where(
        AngebotHours.weekday == local.weekday(),
        AngebotHours.opens <= minute,
        AngebotHours.closes > minute,
    )
    if few:
        return spans.where(AngebotHours.angebot_id == Angebot.id).exists()
    return Angebot.id.in_(spans)


def _in_district(district_id: int) -> ColumnElement[bool]:
    return Angebot.id.in_(
        select(angebot_districts.c.angebot_id).where(angebot_districts.c.district_id == district_id)
    )


def _filtered(
    kommune_id: int,
    query: Query,
    open_now: ColumnElement[bool],
    *first: ColumnElement[bool],
) -> Select:
    """The offers passing the filters. IN (…) rather than EXISTS: the database reads the
    short list of offers of a district or topic from its index instead of testing every
    offer of the Kommune. SQLite drives the query from the first such list in the WHERE
    clause, so the shortest comes first: ``first``, then the district's, then the topic's."""
    conditions = list(first)
    if query.district_id:
        conditions.append(_in_district(query.district_id))
    for term_id in (query.topic_id, query.target_group_id):
        if term_id:
            conditions.append(
                Angebot.id.in_(
                    select(angebot_terms.c.angebot_id).where(angebot_terms.c.term_id == term_id)
                )
            )
    if query.open_now:
        conditions.append(open_now)
    return select(Angebot.id).where(
        *conditions, Angebot.kommune_id == kommune_id, Angebot.status == AngebotStatus.ACTIVE
    )


def search(session: Session, kommune: Kommune, query: Query, at: datetime | None = None) -> Found:
    """The active offers of ``kommune`` that match ``query``, best first, one page of them."""
    at = at or utcnow()
    holiday = kommune.is_holiday(at)
    words = query_words(query.words)
    few = bool(words or query.district_id or query.near or query.topic_id)
    open_now = open_at(at, holiday, few=few)
    order: list[ColumnElement[object]] = []
    if not query.open_now and not holiday:
        order.append(case((open_now, 0), else_=1))

    match: Callable[[Select], Select] | None = None
    if words:
        match, rank = _text_match(session, words)
        order.append(rank)
    order += [Angebot.name, Angebot.id]

    def filtered(*first: ColumnElement[bool]) -> Select:
        stmt = _filtered(kommune.id, query, open_now, *first)
        return match(stmt) if match else stmt

    def count(counted: Select) -> int:
        return session.scalar(select(func.count()).select_from(counted.subquery())) or 0

    def ids(selected: Select, offset: int, limit: int) -> list[int]:
        return list(session.scalars(selected.order_by(*order).limit(limit).offset(offset)))

    # One row more than the page tells whether there are more without counting them all.
    want = query.limit + 1
    if query.near and query.near != query.district_id:
        # Nearest first: the offers serving the caller's district, then the others — two
        # short reads instead of sorting every match of the Kommune by where it is.
        near = _in_district(query.near)
        page = ids(filtered(near), query.offset, want)
        if len(page) < want:
            # The page begins among the others when it is past the last near one.
            skip = query.offset - count(filtered(near)) if query.offset and not page else 0
            page += ids(filtered(~near), max(0, skip), want - len(page))
    else:
        page = ids(filtered(), query.offset, want)
    more = len(page) > query.limit
    page = page[: query.limit]
    total = count(filtered()) if query.count else None
    offers = load(session, page)
    closed = holidays_of(kommune)
    open_ids = {o.id for o in offers if o.is_open(at, closed)}
    return Found(offers=offers, total=total, open_ids=open_ids, at=at, more=more)


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
