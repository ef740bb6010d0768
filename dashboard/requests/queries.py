"""Requests: the filtered list, one request's timeline, and whom staff may pick for it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from dispatch import states
from models import (
    Actor,
    ActorKind,
    Call,
    HelpRequest,
    Message,
    Offer,
    Outcome,
    Person,
    Recording,
    StaffUser,
    VolunteerCategory,
)
from prompts import dashboard as T

from ..common import PAGE_SIZE, contains, people_matching


@dataclass
class Entry:
    """One line of a request's timeline."""

    at: datetime
    kind: str
    title: str
    text: str = ""
    who: str = ""
    #: ("call", id) or ("recording", id) for a link.
    link: tuple[str, int] | None = None


@dataclass
class RequestView:
    request: HelpRequest
    timeline: list[Entry]
    rounds: dict[int, list[Offer]]
    outcomes: list[Outcome]
    calls: list[Call]
    recordings: list[Recording]


def _names(session: Session, actors: set[str]) -> dict[str, str]:
    """ "staff:3" → the staff member's name, "volunteer:7" → the volunteer's name."""
    parsed = [Actor.parse(a) for a in actors]
    staff_ids = {a.id for a in parsed if a.kind == ActorKind.STAFF and a.id is not None}
    person_ids = {
        a.id
        for a in parsed
        if a.kind in (ActorKind.VOLUNTEER, ActorKind.CLIENT) and a.id is not None
    }
    names: dict[str, str] = {"system": str(T.SYSTEM), "client": str(T.CLIENT)}
    if staff_ids:
        for staff_id, name, email in session.execute(
            select(StaffUser.id, StaffUser.name, StaffUser.email).where(StaffUser.id.in_(staff_ids))
        ):
            names[f"staff:{staff_id}"] = f"{T.STAFF}: {name or email}"
    if person_ids:
        for person_id, name, erased in session.execute(
            select(Person.id, Person.name, Person.erased_at).where(Person.id.in_(person_ids))
        ):
            shown = str(T.ERASED_PERSON) if erased else name
            names[f"volunteer:{person_id}"] = f"{T.VOLUNTEER}: {shown}"
            names[f"client:{person_id}"] = f"{T.CLIENT}: {shown}"
    return names


def request_view(session: Session, request: HelpRequest) -> RequestView:
    """Everything that happened to a request, in order: a handful of statements."""
    offers = list(
        session.scalars(
            select(Offer)
            .where(Offer.request_id == request.id)
            .options(selectinload(Offer.volunteer))
            .order_by(Offer.round, Offer.id)
        )
    )
    rounds: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        rounds[offer.round].append(offer)
    # Two indexed look-ups rather than one OR over both columns (which scans all calls).
    call_ids = set(session.scalars(select(Call.id).where(Call.request_id == request.id)))
    if request.call_id is not None:
        call_ids.add(request.call_id)
    calls = (
        list(
            session.scalars(
                select(Call)
                .where(Call.id.in_(call_ids), Call.kommune_id == request.kommune_id)
                .order_by(Call.started_at)
            )
        )
        if call_ids
        else []
    )
    of_request = Recording.request_id == request.id
    recordings = list(
        session.scalars(
            select(Recording)
            .where(or_(of_request, Recording.call_id.in_(call_ids)) if call_ids else of_request)
            .order_by(Recording.id)
        )
    )
    messages = list(
        session.scalars(
            select(Message)
            .where(Message.request_id == request.id)
            .options(selectinload(Message.person))
            .order_by(Message.created_at, Message.id)
        )
    )
    outcomes = list(
        session.scalars(
            select(Outcome).where(Outcome.request_id == request.id).order_by(Outcome.at, Outcome.id)
        )
    )
    events = request.events
    names = _names(
        session,
        {e.actor for e in events}
        | {
            str(Actor.volunteer(e.detail["volunteer_id"]))
            for e in events
            if "volunteer_id" in e.detail
        }
        | {str(Actor.client(e.detail["client_id"])) for e in events if "client_id" in e.detail}
        | {str(Actor.staff(o.staff_user_id)) for o in outcomes if o.staff_user_id},
    )

    timeline: list[Entry] = []
    for event in events:
        text = _event_text(event.kind, event.detail, names)
        timeline.append(
            Entry(
                event.at,
                event.kind,
                T.label(T.EVENT, event.kind),
                text,
                names.get(event.actor, event.actor),
            )
        )
    for offer in offers:
        who = offer.volunteer.name if offer.volunteer.erased_at is None else str(T.ERASED_PERSON)
        timeline.append(
            Entry(
                offer.sent_at or offer.created_at,
                "offer",
                f"{T.ROUND(n=offer.round)}: {T.label(T.CHANNEL, offer.channel)}",
                f"{who} – {T.label(T.OFFER_STATUS, offer.status)}",
            )
        )
    for message in messages:
        person = message.person
        who = (str(T.ERASED_PERSON) if person.erased_at else person.name) if person else ""
        direction = T.label(T.DIRECTION, message.direction)
        timeline.append(Entry(message.created_at, "message", f"SMS {direction}", message.body, who))
    for call in calls:
        timeline.append(
            Entry(
                call.started_at,
                "call",
                f"{T.label(T.CALL_PURPOSE, call.purpose)} ({T.label(T.DIRECTION, call.direction)})",
                T.label(T.CALL_OUTCOME, call.outcome or call.status),
                link=("call", call.id),
            )
        )
    for outcome in outcomes:
        by_staff = (
            names.get(str(Actor.staff(outcome.staff_user_id))) if outcome.staff_user_id else None
        )
        who = by_staff or T.label(
            {"client": T.CLIENT, "volunteer": T.VOLUNTEER, "staff": T.STAFF}, outcome.reported_by
        )
        timeline.append(
            Entry(outcome.at, "outcome_note", T.label(T.OUTCOME, outcome.kind), outcome.note, who)
        )
    timeline.sort(key=lambda e: e.at)
    return RequestView(request, timeline, dict(rounds), outcomes, calls, recordings)


def _event_text(kind: str, detail: dict[str, Any], names: dict[str, str]) -> str:
    parts = []
    if "round" in detail:
        parts.append(T.ROUND(n=detail["round"]))
    if "channel" in detail:
        parts.append(T.label(T.CHANNEL, str(detail["channel"])))
    if "asked" in detail:
        parts.append(T.ASKED(n=detail["asked"]))
    for key in ("attempt", "attempts"):
        if key in detail:
            parts.append(T.ATTEMPT(n=detail[key]))
    if "ok" in detail:
        parts.append(str(T.FOLLOWUP_OK if detail["ok"] else T.FOLLOWUP_PROBLEM))
    if "outcome" in detail:
        parts.append(T.label(T.OUTCOME, str(detail["outcome"])))
    if "reason" in detail:
        parts.append(T.label(T.ATTENTION, str(detail["reason"])))
    for key, kind in (("volunteer_id", ActorKind.VOLUNTEER), ("client_id", ActorKind.CLIENT)):
        if key in detail:
            name = names.get(str(Actor(kind, detail[key])))
            if name:
                parts.append(name)
    return " · ".join(parts)


@dataclass
class RequestsPage:
    requests: list[HelpRequest]
    page: int
    more: bool


def requests_list(
    session: Session,
    kommune_id: int,
    *,
    status: str = "",
    category: str = "",
    q: str = "",
    page: int = 1,
) -> RequestsPage:
    query = select(HelpRequest).where(HelpRequest.kommune_id == kommune_id)
    if status == "open":
        query = query.where(HelpRequest.status.in_(states.OPEN))
    elif status:
        query = query.where(HelpRequest.status == status)
    if category:
        query = query.where(HelpRequest.category == category)
    text = q.strip()
    if text.isdigit():
        query = query.where(HelpRequest.ref == text)
    elif text:
        query = query.where(
            or_(
                HelpRequest.client_id.in_(people_matching(kommune_id, text)),
                contains(HelpRequest.caller_name, text),
            )
        )
    page = max(1, page)
    found = list(
        session.scalars(
            query.options(selectinload(HelpRequest.client), selectinload(HelpRequest.volunteer))
            .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return RequestsPage(found[:PAGE_SIZE], page, len(found) > PAGE_SIZE)


def volunteer_candidates(session: Session, request: HelpRequest, limit: int = 150) -> list[Person]:
    """Volunteers staff may give the request to: active ones, those who help with the
    category and live in the district first."""
    helps = (
        select(VolunteerCategory.person_id)
        .where(
            VolunteerCategory.person_id == Person.id, VolunteerCategory.category == request.category
        )
        .exists()
    )
    return list(
        session.scalars(
            select(Person)
            .where(
                Person.kommune_id == request.kommune_id,
                Person.is_volunteer.is_(True),
                Person.status == "active",
                Person.erased_at.is_(None),
            )
            .order_by(helps.desc(), (Person.district == request.district).desc(), Person.name)
            .limit(limit)
            .options(selectinload(Person.category_links))  # the list shows each one's categories
        )
    )


#: Words a caller says around their name ("Mein Name ist Frau Musterfrau"): no name.
NOT_A_NAME = frozenset(
    {
        "mein",
        "meine",
        "name",
        "ist",
        "ich",
        "bin",
        "heisse",
        "heiße",
        "hier",
        "frau",
        "herr",
        "und",
        "der",
        "die",
        "das",
        "von",
        "guten",
        "tag",
        "hallo",
    }
)


@dataclass
class Suggestion:
    """A known person an unknown caller may be, and why they are suggested."""

    person: Person
    same_number: bool
    #: Words of the caller's recognised name found in the person's name.
    name_words: int

    @property
    def why(self) -> str:
        reasons = []
        if self.same_number:
            reasons.append(str(T.SAME_NUMBER))
        if self.name_words:
            reasons.append(str(T.SIMILAR_NAME))
        return ", ".join(reasons) or str(T.FOUND_BY_SEARCH)


def _name_words(name: str) -> list[str]:
    found = re.findall(r"[^\W\d_]{3,}", name or "")
    return [w for w in dict.fromkeys(found) if w.casefold() not in NOT_A_NAME][:5]


def client_suggestions(
    session: Session, request: HelpRequest, search: str = "", limit: int = 20
) -> list[Suggestion]:
    """People an unknown caller may be: the callback number, the words of the name they
    said, and whatever staff searched for; same number first, then the best name match."""
    mine = (Person.kommune_id == request.kommune_id) & Person.erased_at.is_(None)
    words = _name_words(request.caller_name)
    matches = []
    if request.callback_phone:
        matches.append(Person.phone == request.callback_phone)
    matches += [contains(Person.name, word) for word in words]
    if search.strip():
        matches.append(Person.id.in_(people_matching(request.kommune_id, search)))
    if not matches:
        return []
    found = session.scalars(select(Person).where(mine, or_(*matches)).limit(200))
    suggestions = [
        Suggestion(
            person,
            same_number=bool(request.callback_phone) and person.phone == request.callback_phone,
            name_words=sum(word.casefold() in person.name.casefold() for word in words),
        )
        for person in found
    ]
    suggestions.sort(key=lambda s: (not s.same_number, -s.name_words, s.person.name))
    return suggestions[:limit]
