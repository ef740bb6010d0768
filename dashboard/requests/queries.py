"""Requests: the filtered list, one request's timeline, and whom staff may pick for it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from dispatch import states
from dispatch.wording import hours_text
from models import (
    Actor,
    ActorKind,
    Call,
    CallPurpose,
    HelpRequest,
    Message,
    Offer,
    Outcome,
    Person,
    Recording,
    RequestEvent,
    StaffUser,
    VolunteerCategory,
)
from models import phone as phones
from prompts import dashboard as T

from ..common import PAGE_SIZE, contains, people_matching
from ..formatting import duration


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

    @property
    def spoken_language(self) -> str | None:
        """The language of the call the request was made in (an unknown caller's choice
        at the start, for staff who register them)."""
        return next((c.language for c in self.calls if c.id == self.request.call_id), None)


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
    timeline = _Timeline(request, names, offers, calls, messages, outcomes).build()
    return RequestView(request, timeline, dict(rounds), outcomes, calls, recordings)


#: Records of one happening are written within moments of each other (an SMS "JA 4711"
#: and the acceptance it causes; a staff note and its timeline entry).
TOGETHER = timedelta(seconds=5)
#: Which outcomes a timeline entry stands for.
OUTCOME_OF_EVENT = {
    "done": ("done",),
    "cancelled": ("cancelled",),
    "concern": ("concern",),
    "followup": ("followup_ok", "followup_problem"),
    "outcome": ("note", "not_home", "followup_ok", "followup_problem", "concern", "done"),
}
#: Which call a timeline entry stands for: entry kind → call purpose.
CALL_OF_EVENT = {
    "notice_call": CallPurpose.NOTICE,
    "followup_call": CallPurpose.FOLLOWUP,
    "client_told_unmatched": CallPurpose.ESCALATION,
}
#: Which SMS a timeline entry stands for: entry kind → message purpose.
MESSAGE_OF_EVENT = {"client_told": "notice", "client_told_unmatched": "escalation"}


class _Timeline:
    """Each thing that happened once, in the order it happened.

    The domain's timeline entries (``RequestEvent``) are the backbone; the records that
    belong to one of them are folded into it instead of standing beside it: the call an
    entry is about becomes its link, the SMS that caused it ("JA 4711") its quote, a staff
    note its text, the offers of a round its list of who was asked. What is left over —
    an SMS the system sent, a replacement offer, a call nobody logged — gets a line of its
    own.
    """

    def __init__(
        self,
        request: HelpRequest,
        names: dict[str, str],
        offers: list[Offer],
        calls: list[Call],
        messages: list[Message],
        outcomes: list[Outcome],
    ) -> None:
        self.request = request
        self.names = names
        self.offers = offers
        self.calls = calls
        self.messages = messages
        self.outcomes = outcomes
        self.used: set[tuple[str, int]] = set()

    def _take(self, kind: str, row: Any) -> None:
        self.used.add((kind, row.id))

    def _free(self, kind: str, row: Any) -> bool:
        return (kind, row.id) not in self.used

    def build(self) -> list[Entry]:
        entries = [self._event(event) for event in self.request.events]
        entries += self._rest()
        order = {id(entry): n for n, entry in enumerate(entries)}
        entries.sort(key=lambda e: (e.at, order[id(e)]))
        return entries

    # --- the domain's entries, with what belongs to them ----------------------------------

    def _event(self, event: RequestEvent) -> Entry:
        detail = event.detail
        entry = Entry(
            event.at,
            event.kind,
            T.label(T.EVENT, event.kind),
            who=self.names.get(event.actor, T.label(_ACTORS, event.actor)),
        )
        parts = _event_parts(detail, self.names)
        call = self._call_for(event)
        if call is not None:
            entry.link = ("call", call.id)
        if event.kind == "round":
            asked = self._asked_in(event)
            if asked:  # who, instead of how many
                parts = [p for p in parts if p != T.ASKED(n=detail.get("asked"))]
                parts.append(T.ASKED_WHO(who=", ".join(asked)))
        message = self._message_for(event)
        if message is not None:
            parts.append(f"„{message.body}“" if message.direction == "inbound" else message.body)
        outcome = self._outcome_for(event)
        if outcome is not None and outcome.note:
            parts.append(outcome.note)
        if event.kind == "flag_resolved":
            resolution = self._resolution_for(event)
            if resolution:
                parts.append(resolution)
        entry.text = " · ".join(parts)
        return entry

    def _call_for(self, event: RequestEvent) -> Call | None:
        if event.kind == "created" and self.request.call_id is not None:
            found = next((c for c in self.calls if c.id == self.request.call_id), None)
            if found is not None:
                self._take("call", found)
            return found
        purpose = CALL_OF_EVENT.get(event.kind)
        if purpose is None and event.kind in ("client_told", "followup", "cancelled", "bridged"):
            # told or answered during a call of ours, or cancelled in a call of the client's
            return self._call_during(event.at)
        if purpose is None:
            return None
        attempt = event.detail.get("attempt")
        for call in self.calls:
            if (
                call.purpose == purpose
                and self._free("call", call)
                and (attempt is None or call.attempt == attempt)
                and call.started_at <= event.at + TOGETHER
            ):
                self._take("call", call)
                return call
        return None

    def _call_during(self, at: datetime) -> Call | None:
        """The call going on at ``at`` (the latest one that started before it)."""
        during = [c for c in self.calls if c.started_at <= at + TOGETHER and c.ended_at is None]
        during += [
            c
            for c in self.calls
            if c.started_at <= at + TOGETHER and c.ended_at is not None and at <= c.ended_at
        ]
        if not during:
            return None
        call = max(during, key=lambda c: c.started_at)
        self._take("call", call)
        return call

    def _asked_in(self, event: RequestEvent) -> list[str]:
        """The volunteers a round asked: the offers made just before its entry."""
        asked = []
        for offer in self.offers:
            if self._free("offer", offer) and event.at - TOGETHER <= offer.created_at <= event.at:
                self._take("offer", offer)
                asked.append(f"{self._volunteer(offer)} ({T.label(T.CHANNEL, offer.channel)})")
        return asked

    def _message_for(self, event: RequestEvent) -> Message | None:
        """The SMS that caused the entry (a reply by the person who acted) or that carried it
        (the notice to the client)."""
        purpose = MESSAGE_OF_EVENT.get(event.kind)
        actor = Actor.parse(event.actor)
        person_id = actor.id if actor.kind in (ActorKind.VOLUNTEER, ActorKind.CLIENT) else None
        for message in self.messages:
            if not self._free("message", message):
                continue
            close = event.at - TOGETHER <= message.created_at <= event.at + TOGETHER
            if not close:
                continue
            by_actor = (
                message.direction == "inbound"
                and person_id is not None
                and message.person_id == person_id
                and message.created_at <= event.at
            )
            carried = purpose is not None and message.purpose == purpose
            if by_actor or carried:
                self._take("message", message)
                return message
        return None

    def _outcome_for(self, event: RequestEvent) -> Outcome | None:
        kinds = OUTCOME_OF_EVENT.get(event.kind, ())
        wanted = event.detail.get("outcome")
        for outcome in self.outcomes:
            if (
                self._free("outcome", outcome)
                and outcome.kind in kinds
                and (wanted is None or outcome.kind == wanted)
                and abs(outcome.at - event.at) <= TOGETHER
            ):
                self._take("outcome", outcome)
                return outcome
        return None

    def _resolution_for(self, event: RequestEvent) -> str:
        for flag in self.request.flags:
            if (
                flag.reason == event.detail.get("reason")
                and flag.resolved_at is not None
                and abs(flag.resolved_at - event.at) <= TOGETHER
                and self._free("flag", flag)
            ):
                self._take("flag", flag)
                return flag.resolution or ""
        return ""

    # --- what no entry stands for ----------------------------------------------------------------

    def _volunteer(self, offer: Offer) -> str:
        volunteer = offer.volunteer
        return volunteer.name if volunteer.erased_at is None else str(T.ERASED_PERSON)

    def _rest(self) -> list[Entry]:
        rest: list[Entry] = []
        for offer in self.offers:
            if self._free("offer", offer):
                rest.append(
                    Entry(
                        offer.created_at,
                        "offer",
                        str(T.OFFER_ASKED),
                        f"{self._volunteer(offer)} ({T.label(T.CHANNEL, offer.channel)})",
                    )
                )
        by_offer = {("offer", o.id) for o in self.offers}
        for message in self.messages:
            if not self._free("message", message) or message.purpose.startswith("reply:"):
                continue  # folded into an entry, or the system's answer to an SMS
            if message.direction == "outbound" and ("offer", message.offer_id) in by_offer:
                continue  # the offer itself
            person = message.person
            who = (str(T.ERASED_PERSON) if person.erased_at else person.name) if person else ""
            title = (
                T.SMS_FROM(who=who or str(T.UNKNOWN_CALLER))
                if message.direction == "inbound"
                else T.SMS_TO(who=who or phones.national(message.to_number))
            )
            body = f"„{message.body}“" if message.direction == "inbound" else message.body
            rest.append(Entry(message.created_at, "message", title, body))
        for call in self.calls:
            if not self._free("call", call) or call.purpose == CallPurpose.OFFER:
                continue  # folded into an entry, or the offer itself
            rest.append(
                Entry(
                    call.started_at,
                    "call",
                    f"{T.label(T.CALL_PURPOSE, call.purpose)} ({T.label(T.DIRECTION, call.direction)})",
                    T.call_result(call.outcome, call.status),
                    link=("call", call.id),
                )
            )
        for outcome in self.outcomes:
            if not self._free("outcome", outcome):
                continue
            by_staff = (
                self.names.get(str(Actor.staff(outcome.staff_user_id)))
                if outcome.staff_user_id
                else None
            )
            who = by_staff or T.label(_ACTORS, outcome.reported_by)
            rest.append(
                Entry(
                    outcome.at, "outcome_note", T.label(T.OUTCOME, outcome.kind), outcome.note, who
                )
            )
        return rest


_ACTORS = {"client": T.CLIENT, "volunteer": T.VOLUNTEER, "staff": T.STAFF, "system": T.SYSTEM}


def _event_parts(detail: dict[str, Any], names: dict[str, str]) -> list[str]:
    """What a timeline entry's details say, piece by piece."""
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
    if "answered" in detail:
        answered = detail["answered"] and detail.get("seconds")
        parts.append(
            T.TALKED(duration=duration(detail["seconds"])) if answered else str(T.NOT_ANSWERED)
        )
    if "ok" in detail:
        parts.append(str(T.FOLLOWUP_OK if detail["ok"] else T.FOLLOWUP_PROBLEM))
    if "outcome" in detail:
        parts.append(T.label(T.OUTCOME, str(detail["outcome"])))
    if "reason" in detail:
        parts.append(T.label(T.ATTENTION, str(detail["reason"])))
    if "confirmed" in detail:
        parts.append(str(T.TIME_CONFIRMED if detail["confirmed"] else T.TIME_DISPUTED))
    if "minutes" in detail:
        hours = T.TIME_SPENT(hours=hours_text(detail["minutes"]))
        if detail.get("before"):
            hours = T.TIME_SPENT_CHANGED(hours=hours, before=hours_text(detail["before"]))
        parts.append(hours)
    for key, kind in (("volunteer_id", ActorKind.VOLUNTEER), ("client_id", ActorKind.CLIENT)):
        if key in detail:
            name = names.get(str(Actor(kind, detail[key])))
            if name:
                parts.append(name)
    return parts


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
