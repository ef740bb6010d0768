"""The call log (keyset pages) and one call's path, speech and recordings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from models import Call, CallEvent, HelpRequest, Person, Recording
from models import phone as phones

from ..common import PAGE_SIZE, day_bounds, people_matching


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
    #: Whom the call was connected to through the hotline (a volunteer or a client).
    bridged_name: str | None = None


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
    #: The language the call was in ("tr"), or all.
    language: str = ""


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
    bridged = aliased(Person)
    query = (
        select(Call, Person.name, Person.erased_at, HelpRequest.ref, bridged.name)
        .outerjoin(Person, Call.person_id == Person.id)
        .outerjoin(bridged, Call.bridged_person_id == bridged.id)
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
    if filters.language:
        query = query.where(Call.language == filters.language)
    if filters.caller.strip():
        text = filters.caller.strip()
        number = phones.parse_or_none(text)
        people = people_matching(kommune_id, text)
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
    rows = [
        CallRow(call, name, erased is not None, ref, bridged_name=other)
        for call, name, erased, ref, other in found
    ]
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
        bridged_name=call.bridged_person.name if call.bridged_person else None,
    )
    _add_paths(session, [row])
    return row
