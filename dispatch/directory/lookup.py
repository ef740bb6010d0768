"""What the phone and SMS read out of the directory: the topics a caller can choose, the
offers nearest to them, the SMS of them, and the anonymous count of each search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy.orm import Session

from models import BERLIN, Angebot, InfoSearch, Kommune, Person, TaxonomyTerm, utcnow
from models import phone as phones
from models.folding import fold_words
from prompts import sms as S

from .search import Found, Query, holidays_of, load, search
from .vocabulary import district_named, terms_of, topics_with_offers
from .wording import sms_text

#: Topics a caller chooses from (keys 1 to 6).
MAX_TOPICS = 6


def phone_topics(session: Session, kommune: Kommune | None) -> list[TaxonomyTerm]:
    if kommune is None:
        return []
    return topics_with_offers(session, kommune.id, MAX_TOPICS)


def nearby(
    session: Session,
    kommune: Kommune,
    *,
    topic_id: int | None,
    district_id: int | None,
    offset: int = 0,
    limit: int = 3,
) -> Found:
    """Offers of a topic, those serving the district first, open ones first."""
    return search(
        session,
        kommune,
        Query(topic_id=topic_id, near=district_id, offset=offset, limit=limit, count=False),
    )


def by_ids(session: Session, ids: Sequence[int]) -> list[Angebot]:
    return load(session, list(ids))


def holidays(kommune: Kommune | None) -> Callable[[date], bool]:
    if kommune is None:
        return lambda day: False
    return holidays_of(kommune)


def open_now(kommune: Kommune | None, offer: Angebot) -> bool:
    return offer.is_open(utcnow(), holidays(kommune))


def count_search(
    session: Session, kommune: Kommune, *, channel: str, topic_id: int | None, district: str
) -> None:
    """One search by phone or SMS, counted for planning: day, topic, district — no caller."""
    InfoSearch.count_one(
        session,
        kommune_id=kommune.id,
        day=utcnow().astimezone(BERLIN).date(),
        channel=channel,
        topic_id=topic_id,
        district=district,
    )


def sms_for(kommune: Kommune, offers: Sequence[Angebot], *, topic: str, district: str) -> str:
    at = utcnow()
    closed = holidays_of(kommune)
    return sms_text(
        offers,
        topic=topic or str(S.DIRECTORY_ANY_TOPIC),
        district=district,
        hotline=phones.national(kommune.caller_id) if kommune.caller_id else "",
        open_ids={o.id for o in offers if o.is_open(at, closed)},
    )


def topic_in(session: Session, kommune: Kommune, words: Sequence[str]) -> TaxonomyTerm | None:
    """The topic an SMS names ("PFLEGE", "Essen"): by code, else by its stems."""
    folded = [w for w in words if w]
    topics = terms_of(session, kommune.id, "topic")
    for term in topics:
        if term.code in folded:
            return term
    for term in topics:
        if any(w.startswith(s) for w in folded for s in term.stems if len(s) >= 3):
            return term
    return None


def sms_reply(
    session: Session, kommune: Kommune, person: Person | None, words: Sequence[str]
) -> str:
    """ "INFO PFLEGE" / "ANGEBOTE [Thema] [Ortsteil]": the three nearest offers as one SMS
    (GSM-7, one or two segments), counted like a search by phone."""
    rest = [w for w in fold_words(" ".join(words))]
    topic = topic_in(session, kommune, rest)
    district_name = ""
    district = district_named(session, kommune.id, " ".join(rest)) if rest else None
    if district is None and person is not None and person.district:
        district = district_named(session, kommune.id, person.district)
        district_name = person.district
    if district is not None:
        district_name = district.name
    if rest and topic is None and district is None:
        names = phone_topics(session, kommune)
        keywords = ", ".join(t.keyword for t in names) or "-"
        return S.DIRECTORY_NONE(topics=keywords, example=names[0].keyword if names else "PFLEGE")
    found = nearby(
        session,
        kommune,
        topic_id=topic.id if topic else None,
        district_id=district.id if district else None,
    )
    count_search(
        session,
        kommune,
        channel="sms",
        topic_id=topic.id if topic else None,
        district=district_name,
    )
    if not found.offers:
        names = phone_topics(session, kommune)
        keywords = ", ".join(t.keyword for t in names) or "-"
        return S.DIRECTORY_NONE(topics=keywords, example=names[0].keyword if names else "PFLEGE")
    return sms_for(kommune, found.offers, topic=topic.name if topic else "", district=district_name)
