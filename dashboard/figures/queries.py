"""Figures for planning: requests by category, district and week, how many found a
volunteer and how fast, where volunteers are missing, and how active volunteers are.

Counting happens in SQL (GROUP BY); weeks are Berlin weeks, built from UTC hour buckets
so that SQLite and PostgreSQL agree without time-zone support in SQLite.
"""

from __future__ import annotations

import functools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal, select
from sqlalchemy.orm import Session

from models import (
    BERLIN,
    Call,
    Category,
    HelpRequest,
    Kommune,
    Offer,
    OfferStatus,
    Person,
    RequestEvent,
    RequestStatus,
    VolunteerStatus,
)
from prompts import dashboard as T
from prompts.settings import language_name

from ..common import day_bounds

#: Requests whose search is not over yet: left out of the share matched.
UNDECIDED = (RequestStatus.REVIEW, RequestStatus.NEW, RequestStatus.SEARCHING)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def default(cls, today: date, weeks: int = 12) -> Period:
        monday = today - timedelta(days=today.weekday())
        return cls(monday - timedelta(weeks=weeks - 1), today)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.start)[0], day_bounds(self.end)[1]

    def weeks(self) -> list[date]:
        """Mondays of every week the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        out = []
        while monday <= self.end:
            out.append(monday)
            monday += timedelta(weeks=1)
        return out


@dataclass
class Figures:
    period: Period
    by_category: list[tuple[str, int]]
    by_district: list[tuple[str, int]]
    #: Requests by the language of the person who asked (their first language the Kommune
    #: offers; an unknown caller's: the one of their call), most first.
    by_language: list[tuple[str, int]]
    by_week: list[tuple[date, int]]
    decided: int
    matched: int
    median_minutes: float | None
    matching: list[tuple[date, int, int, float | None]]  # week, decided, matched, median minutes
    unmet: list[tuple[str, int, int]]  # district, unmet requests, active volunteers
    activity: list[tuple[date, int, int, int, int]]  # week, offers, accepted, declined, helpers

    @property
    def share_matched(self) -> float | None:
        return self.matched / self.decided if self.decided else None

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_category)


def _hour(session: Session, column: Any) -> ColumnElement[str]:
    """``column`` (UTC) cut to the hour, as text "YYYY-MM-DD HH", on either database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), literal("YYYY-MM-DD HH24"))
    return func.strftime(literal("%Y-%m-%d %H"), column)


def _seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[float]:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


@functools.lru_cache(maxsize=50_000)
def _week_of(hour: str) -> date:
    """ "2026-11-22 23" (UTC) → the Monday of its Berlin week."""
    local = datetime.fromisoformat(f"{hour}:00+00:00").astimezone(BERLIN).date()
    return local - timedelta(days=local.weekday())


def _by_week(rows: list[tuple[str, int]], weeks: list[date]) -> dict[date, int]:
    counts: Counter[date] = Counter()
    for hour, n in rows:
        counts[_week_of(hour)] += n
    return {week: counts.get(week, 0) for week in weeks}


def compute(session: Session, kommune_id: int, period: Period) -> Figures:
    start, end = period.bounds
    in_period = (
        (HelpRequest.kommune_id == kommune_id)
        & (HelpRequest.created_at >= start)
        & (HelpRequest.created_at < end)
    )
    categories = dict(
        session.execute(
            select(HelpRequest.category, func.count(HelpRequest.id))
            .where(in_period)
            .group_by(HelpRequest.category)
        ).all()
    )
    by_category = [(c.value, int(categories.get(c.value, 0))) for c in Category]
    by_category += [
        (c, int(n)) for c, n in categories.items() if c not in {x.value for x in Category}
    ]

    districts = session.execute(
        select(HelpRequest.district, func.count(HelpRequest.id))
        .where(in_period)
        .group_by(HelpRequest.district)
        .order_by(func.count(HelpRequest.id).desc(), HelpRequest.district)
    ).all()
    by_district = [(d or str(T.NO_DISTRICT), int(n)) for d, n in districts]
    by_language = _by_language(session, kommune_id, in_period)

    hour = _hour(session, HelpRequest.created_at)
    weeks = period.weeks()
    per_week = _by_week(
        [
            (h, int(n))
            for h, n in session.execute(
                select(hour, func.count(HelpRequest.id)).where(in_period).group_by(hour)
            )
        ],
        weeks,
    )

    decided_where = in_period & HelpRequest.status.not_in(UNDECIDED)
    wait = _seconds_between(session, HelpRequest.assigned_at, HelpRequest.created_at)
    decided: Counter[date] = Counter()
    waits: dict[date, list[float]] = defaultdict(list)
    for h, seconds in session.execute(select(hour, wait).where(decided_where)):
        week = _week_of(h)
        decided[week] += 1
        if seconds is not None:
            waits[week].append(float(seconds))
    matching = [
        (
            week,
            decided[week],
            len(waits[week]),
            statistics.median(waits[week]) / 60 if waits[week] else None,
        )
        for week in weeks
    ]
    all_waits = [w for week in weeks for w in waits[week]]

    escalated = exists().where(
        RequestEvent.request_id == HelpRequest.id, RequestEvent.kind == "escalated"
    )
    unmet_rows = dict(
        session.execute(
            select(HelpRequest.district, func.count(HelpRequest.id))
            .where(
                in_period,
                HelpRequest.assigned_at.is_(None),
                (HelpRequest.status == RequestStatus.UNMATCHED) | escalated,
            )
            .group_by(HelpRequest.district)
        ).all()
    )
    volunteers = dict(
        session.execute(
            select(Person.district, func.count(Person.id))
            .where(
                Person.kommune_id == kommune_id,
                Person.is_volunteer.is_(True),
                Person.status == VolunteerStatus.ACTIVE,
                Person.erased_at.is_(None),
            )
            .group_by(Person.district)
        ).all()
    )
    unmet = sorted(
        (
            (d or str(T.NO_DISTRICT), int(n), int(volunteers.get(d, 0)))
            for d, n in unmet_rows.items()
        ),
        key=lambda row: (-row[1], row[0]),
    )

    # Offers of the period's requests (found by the requests' index, not by scanning offers),
    # counted in the week they were made.
    offer_hour = _hour(session, Offer.created_at)
    offers: dict[date, Counter[str]] = defaultdict(Counter)
    helpers: dict[date, set[int]] = defaultdict(set)
    for h, status, volunteer_id, n in session.execute(
        select(offer_hour, Offer.status, Offer.volunteer_id, func.count(Offer.id))
        .join(HelpRequest, Offer.request_id == HelpRequest.id)
        .where(in_period)
        .group_by(offer_hour, Offer.status, Offer.volunteer_id)
    ):
        week = _week_of(h)
        offers[week][status] += int(n)
        if status == OfferStatus.ACCEPTED:
            helpers[week].add(volunteer_id)
    activity = [
        (
            week,
            sum(offers[week].values()),
            offers[week][OfferStatus.ACCEPTED],
            offers[week][OfferStatus.DECLINED],
            len(helpers[week]),
        )
        for week in weeks
    ]
    return Figures(
        period=period,
        by_category=by_category,
        by_district=by_district,
        by_language=by_language,
        by_week=list(per_week.items()),
        decided=sum(decided.values()),
        matched=len(all_waits),
        median_minutes=statistics.median(all_waits) / 60 if all_waits else None,
        matching=matching,
        unmet=unmet,
        activity=activity,
    )


def _by_language(session: Session, kommune_id: int, in_period: Any) -> list[tuple[str, int]]:
    """Requests per language, most first (German first among equals)."""
    kommune = session.get(Kommune, kommune_id)
    offered = (kommune.languages if kommune else None) or ["de"]
    rows = session.execute(
        select(Person.languages, Call.language)
        .select_from(HelpRequest)
        .outerjoin(Person, Person.id == HelpRequest.client_id)
        .outerjoin(Call, Call.id == HelpRequest.call_id)
        .where(in_period)
    ).all()
    counts: Counter[str] = Counter()
    for languages, spoken in rows:
        if languages is not None:
            lang = next((code for code in languages if code in offered), "de")
        else:
            lang = spoken or "de"
        counts[lang] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] != "de", item[0]))


def week_label(monday: date) -> str:
    return T.FIG_WEEK_LABEL(week=monday.isocalendar().week)


#: The figures that have a table (and a CSV export).
TABLES = ("category", "district", "language", "week", "matching", "unmet", "activity")


def table(figures: Figures, name: str) -> tuple[list[str], list[list[Any]]] | None:
    """A figure as CSV columns and rows; None for an unknown name."""
    if name == "category":
        return [str(T.COL_CATEGORY), str(T.COL_REQUESTS)], [
            [T.label(T.CATEGORY, c), n] for c, n in figures.by_category
        ]
    if name == "district":
        return [str(T.COL_DISTRICT), str(T.COL_REQUESTS)], [[d, n] for d, n in figures.by_district]
    if name == "language":
        return [str(T.COL_LANGUAGE), str(T.COL_REQUESTS)], [
            [language_name(code), n] for code, n in figures.by_language
        ]
    if name == "week":
        return [str(T.COL_WEEK), str(T.COL_REQUESTS)], [
            [w.isoformat(), n] for w, n in figures.by_week
        ]
    if name == "matching":
        return (
            [
                str(T.COL_WEEK),
                str(T.COL_DECIDED),
                str(T.COL_MATCHED),
                str(T.COL_SHARE),
                str(T.COL_MEDIAN),
            ],
            [
                [
                    w.isoformat(),
                    d,
                    m,
                    f"{m / d:.2f}" if d else "",
                    f"{median:.1f}" if median is not None else "",
                ]
                for w, d, m, median in figures.matching
            ],
        )
    if name == "unmet":
        return [str(T.COL_DISTRICT), str(T.COL_UNMET), str(T.COL_VOLUNTEERS)], [
            list(row) for row in figures.unmet
        ]
    if name == "activity":
        return (
            [
                str(T.COL_WEEK),
                str(T.COL_OFFERS),
                str(T.COL_ACCEPTED),
                str(T.COL_DECLINED),
                str(T.COL_HELPERS),
            ],
            [[w.isoformat(), *rest] for w, *rest in figures.activity],
        )
    return None
