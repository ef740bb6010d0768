"""The reads behind the pages: a few statements per page, always scoped to one Kommune.

Views call these and render; no SQL lives in views or templates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select, tuple_
from sqlalchemy.orm import Session, selectinload

from models import (
    BERLIN,
    OPEN_STATUSES,
    AuditEntry,
    Call,
    CallEvent,
    HelpRequest,
    Message,
    Offer,
    Outcome,
    Person,
    Recording,
    RequestStatus,
    StaffUser,
    VolunteerCategory,
    utcnow,
)
from models import phone as phones
from prompts import dashboard as T

PAGE_SIZE = 50


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` literally (``%`` and ``_`` are no wildcards here)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A local (Berlin) day as UTC instants [start, end)."""
    start = datetime.combine(day, time(0), tzinfo=BERLIN)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BERLIN)
    return start, end


def _people_matching(kommune_id: int, text: str) -> Select[tuple[int]]:
    """Ids of the Kommune's people whose name or number matches ``text``."""
    query = select(Person.id).where(Person.kommune_id == kommune_id)
    number = phones.parse_or_none(text)
    if number:
        return query.where(Person.phone == number)
    return query.where(contains(Person.name, text.strip()))


# --- today ------------------------------------------------------------------------------------------

ATTENTION_ORDER = list(T.ATTENTION)


@dataclass
class Today:
    attention: list[HelpRequest]
    callbacks: list[Call]
    searching: list[HelpRequest]
    assigned: list[HelpRequest]
    #: Lists cut at the limit (the rest is on the requests page).
    more: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.attention) + len(self.callbacks)


def today(session: Session, kommune_id: int, limit: int = 50) -> Today:
    """What needs staff first (by reason, then longest waiting), then what is being
    searched, then today's assignments."""
    local_today = utcnow().astimezone(BERLIN).date()
    load = (selectinload(HelpRequest.client), selectinload(HelpRequest.volunteer))
    mine = HelpRequest.kommune_id == kommune_id
    reason_order = case(
        {reason: i for i, reason in enumerate(ATTENTION_ORDER)},
        value=HelpRequest.attention_reason,
        else_=len(ATTENTION_ORDER),
    )
    queries = {
        "attention": select(HelpRequest)
        .where(mine, HelpRequest.needs_attention.is_(True))
        .order_by(reason_order, HelpRequest.created_at, HelpRequest.id),
        "searching": select(HelpRequest)
        .where(
            mine,
            HelpRequest.status.in_((RequestStatus.NEW, RequestStatus.SEARCHING)),
            HelpRequest.needs_attention.is_(False),
        )
        .order_by(HelpRequest.created_at, HelpRequest.id),
        "assigned": select(HelpRequest)
        .where(
            mine,
            HelpRequest.status == RequestStatus.ASSIGNED,
            HelpRequest.needs_attention.is_(False),
            HelpRequest.needed_from <= local_today,
        )
        .order_by(HelpRequest.needed_from.desc(), HelpRequest.assigned_at.desc()),
    }
    found = {
        name: list(session.scalars(q.options(*load).limit(limit + 1)))
        for name, q in queries.items()
    }
    callbacks = list(
        session.scalars(
            select(Call)
            .where(Call.kommune_id == kommune_id, Call.needs_callback.is_(True))
            .options(selectinload(Call.person))
            .order_by(Call.started_at)
            .limit(limit + 1)
        )
    )
    more = {name for name, rows in found.items() if len(rows) > limit}
    if len(callbacks) > limit:
        more.add("callbacks")
    return Today(
        found["attention"][:limit],
        callbacks[:limit],
        found["searching"][:limit],
        found["assigned"][:limit],
        more,
    )


def attention_count(session: Session, kommune_id: int) -> int:
    """For the navigation badge."""
    requests = session.scalar(
        select(func.count(HelpRequest.id)).where(
            HelpRequest.kommune_id == kommune_id, HelpRequest.needs_attention.is_(True)
        )
    )
    calls = session.scalar(
        select(func.count(Call.id)).where(
            Call.kommune_id == kommune_id, Call.needs_callback.is_(True)
        )
    )
    return int(requests or 0) + int(calls or 0)


# --- call log ---------------------------------------------------------------------------------------


@dataclass
class CallRow:
    call: Call
    person_name: str | None
    person_erased: bool
    request_ref: str | None
    #: (step, keys pressed) in order, then the last step reached with no keys.
    path: list[tuple[str, str]] = field(default_factory=list)
    speech: list[str] = field(default_factory=list)
    recordings: list[Recording] = field(default_factory=list)


@dataclass
class CallPage:
    rows: list[CallRow]
    #: Cursors for the older and newer page ("<iso time>_<id>"), None at either end.
    older: str | None
    newer: str | None


@dataclass(frozen=True)
class CallFilters:
    day: date | None = None
    outcome: str = ""
    direction: str = ""
    caller: str = ""


def _cursor(call: Call) -> str:
    return f"{call.started_at.isoformat()}_{call.id}"


def parse_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    at, _, call_id = raw.rpartition("_")
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        return None
    if parsed.tzinfo is None or not call_id.isdigit():
        return None
    return parsed, int(call_id)


def call_log(
    session: Session,
    kommune_id: int,
    filters: CallFilters,
    *,
    before: str | None = None,
    after: str | None = None,
    limit: int = PAGE_SIZE,
) -> CallPage:
    """One page of the call log, newest first; keyset pagination, so page 2000 is as quick
    as page 1."""
    query = (
        select(Call, Person.name, Person.erased_at, HelpRequest.ref)
        .outerjoin(Person, Call.person_id == Person.id)
        .outerjoin(HelpRequest, Call.request_id == HelpRequest.id)
        .where(Call.kommune_id == kommune_id)
    )
    if filters.day:
        start, end = day_bounds(filters.day)
        query = query.where(Call.started_at >= start, Call.started_at < end)
    if filters.outcome == "callback":
        query = query.where(Call.needs_callback.is_(True))
    elif filters.outcome:
        query = query.where(Call.outcome == filters.outcome)
    if filters.direction:
        query = query.where(Call.direction == filters.direction)
    if filters.caller.strip():
        text = filters.caller.strip()
        number = phones.parse_or_none(text)
        people = _people_matching(kommune_id, text)
        matches = [Call.person_id.in_(people)]
        if number:
            matches += [Call.from_number == number, Call.to_number == number]
        query = query.where(or_(*matches))
    key = tuple_(Call.started_at, Call.id)
    newest_first = True
    if (cursor := parse_cursor(before)) is not None:
        query = query.where(key < tuple_(*cursor))
    elif (cursor := parse_cursor(after)) is not None:
        query = query.where(key > tuple_(*cursor))
        newest_first = False
    order = (Call.started_at.desc(), Call.id.desc()) if newest_first else (Call.started_at, Call.id)
    found = session.execute(query.order_by(*order).limit(limit + 1)).all()
    more = len(found) > limit
    found = found[:limit]
    if not newest_first:
        found.reverse()
    rows = [CallRow(call, name, erased is not None, ref) for call, name, erased, ref in found]
    _add_paths(session, rows)
    if newest_first:
        older = _cursor(rows[-1].call) if more and rows else None
        newer = _cursor(rows[0].call) if rows and (before is not None) else None
    else:
        older = _cursor(rows[-1].call) if rows else None
        newer = _cursor(rows[0].call) if more and rows else None
    return CallPage(rows, older, newer)


def _add_paths(session: Session, rows: list[CallRow]) -> None:
    """Path, speech and recordings of a page of calls: two statements for all of them."""
    by_id = {row.call.id: row for row in rows}
    if not by_id:
        return
    events = session.execute(
        select(
            CallEvent.call_id,
            CallEvent.step,
            CallEvent.digits,
            CallEvent.speech,
            CallEvent.next_step,
        )
        .where(CallEvent.call_id.in_(by_id))
        .order_by(CallEvent.call_id, CallEvent.seq)
    ).all()
    last: dict[int, str] = {}
    for call_id, step, digits, speech, next_step in events:
        row = by_id[call_id]
        row.path.append((step, digits or ""))
        if speech:
            row.speech.append(speech)
        last[call_id] = next_step
    for call_id, step in last.items():
        if step:
            by_id[call_id].path.append((step, ""))
    for recording in session.scalars(
        select(Recording).where(Recording.call_id.in_(by_id)).order_by(Recording.id)
    ):
        by_id[recording.call_id].recordings.append(recording)


def call_detail(session: Session, call: Call) -> CallRow:
    person = call.person
    request_ref = None
    if call.request_id is not None:
        request_ref = session.scalar(
            select(HelpRequest.ref).where(HelpRequest.id == call.request_id)
        )
    row = CallRow(
        call,
        person.name if person else None,
        bool(person and person.erased_at),
        request_ref,
    )
    _add_paths(session, [row])
    return row


# --- a request ---------------------------------------------------------------------------------------


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
    staff_ids = {int(a.split(":")[1]) for a in actors if re.fullmatch(r"staff:\d+", a)}
    person_ids = {
        int(a.split(":")[1]) for a in actors if re.fullmatch(r"(volunteer|client):\d+", a)
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
        | {f"staff:{o.staff_user_id}" for o in outcomes if o.staff_user_id},
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
        timeline.append(
            Entry(
                outcome.at,
                "outcome_note",
                T.label(T.OUTCOME, outcome.kind),
                outcome.note,
                names.get(
                    f"staff:{outcome.staff_user_id}",
                    T.label(
                        {"client": T.CLIENT, "volunteer": T.VOLUNTEER, "staff": T.STAFF},
                        outcome.reported_by,
                    ),
                ),
            )
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
    for key in ("volunteer_id", "client_id"):
        if key in detail:
            role = key.split("_")[0]
            name = names.get(f"{role}:{detail[key]}")
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
        query = query.where(HelpRequest.status.in_(OPEN_STATUSES))
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
                HelpRequest.client_id.in_(_people_matching(kommune_id, text)),
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


def client_candidates(session: Session, request: HelpRequest) -> list[Person]:
    """Known people an unknown caller may be: same number first, then everyone."""
    return list(
        session.scalars(
            select(Person)
            .where(Person.kommune_id == request.kommune_id, Person.erased_at.is_(None))
            .order_by((Person.phone == (request.callback_phone or "")).desc(), Person.name)
            .limit(300)
        )
    )


# --- people ------------------------------------------------------------------------------------------------


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


# --- audit log ------------------------------------------------------------------------------------------------


@dataclass
class AuditRow:
    entry: AuditEntry
    staff_name: str
    person_name: str | None


def audit_log(
    session: Session, kommune_id: int, *, person_id: int | None = None, page: int = 1
) -> tuple[list[AuditRow], bool]:
    query = (
        select(AuditEntry, StaffUser.name, StaffUser.email, Person.name, Person.erased_at)
        .outerjoin(StaffUser, AuditEntry.staff_user_id == StaffUser.id)
        .outerjoin(Person, AuditEntry.person_id == Person.id)
        .where(AuditEntry.kommune_id == kommune_id)
    )
    if person_id is not None:
        query = query.where(AuditEntry.person_id == person_id)
    page = max(1, page)
    found = session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    rows = [
        AuditRow(
            entry,
            staff_name or staff_email or str(T.SYSTEM),
            (str(T.ERASED_PERSON) if erased else person_name) if entry.person_id else None,
        )
        for entry, staff_name, staff_email, person_name, erased in found[:PAGE_SIZE]
    ]
    return rows, len(found) > PAGE_SIZE


# --- the browser phone's sandbox ----------------------------------------------------------------------------


def sandbox_outbox(
    session: Session, kommune_id: int, limit: int = 30
) -> tuple[list[Message], list[Call]]:
    """What the sandbox "sent": outbound SMS and calls, newest first."""
    messages = list(
        session.scalars(
            select(Message)
            .where(
                Message.kommune_id == kommune_id,
                Message.direction == "outbound",
                ~Message.purpose.startswith("reply:"),
            )
            .options(selectinload(Message.person))
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(limit)
        )
    )
    calls = list(
        session.scalars(
            select(Call)
            .where(Call.kommune_id == kommune_id, Call.direction == "outbound")
            .options(selectinload(Call.person))
            .order_by(Call.started_at.desc(), Call.id.desc())
            .limit(limit)
        )
    )
    return messages, calls


def phone_people(session: Session, kommune_id: int) -> tuple[list[Person], list[Person]]:
    """Clients who can call and volunteers who can answer, for the browser phone."""
    found = list(
        session.scalars(
            select(Person)
            .where(Person.kommune_id == kommune_id, Person.erased_at.is_(None))
            .order_by(Person.name)
            .limit(500)
        )
    )
    return [p for p in found if p.is_client], [p for p in found if p.is_volunteer]
