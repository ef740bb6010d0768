"""DSGVO for one person: export everything we hold about them (Art. 15/20) and erase it
(Art. 17) — history anonymised, rows kept for the figures, recordings deleted here and at
Twilio.

Recordings are deleted by ``delete_recording`` tasks, so a Twilio outage delays the
deletion but never loses it; until then a recording whose ``url`` is empty can no longer
be played.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from models import (
    SYSTEM,
    Actor,
    AuditEntry,
    Call,
    CallEvent,
    CheckInDate,
    Flag,
    HelpRequest,
    Message,
    Offer,
    Outcome,
    Pairing,
    Person,
    Recording,
    Training,
    VolunteerCheck,
    db,
    utcnow,
)
from models.task import schedule
from models.week import format_slots
from telephony import client

from . import checkins, lifecycle, pairings, states
from .work import DeleteRecording

log = logging.getLogger(__name__)

#: What an erased person's phone becomes (unique per Kommune, never dialable).
ERASED_PHONE = "erased:%d"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _calls_of(person: Person) -> ColumnElement[bool]:
    return (Call.kommune_id == person.kommune_id) & or_(
        Call.person_id == person.id,
        Call.from_number == person.phone,
        Call.to_number == person.phone,
    )


def _messages_of(person: Person) -> ColumnElement[bool]:
    return (Message.kommune_id == person.kommune_id) & or_(
        Message.person_id == person.id,
        Message.from_number == person.phone,
        Message.to_number == person.phone,
    )


def _requests_of(person: Person) -> ColumnElement[bool]:
    """Requests the person asked for, also as a caller staff never verified."""
    return (HelpRequest.kommune_id == person.kommune_id) & or_(
        HelpRequest.client_id == person.id,
        (HelpRequest.client_id.is_(None)) & (HelpRequest.callback_phone == person.phone),
    )


# --- export --------------------------------------------------------------------------------------------


def export(session: Session, person: Person) -> dict[str, Any]:
    """Everything about ``person``, as plain data (the dashboard serves it as JSON).

    Requests the person helped with are listed without the other person's data.
    """
    requests = list(
        session.scalars(select(HelpRequest).where(_requests_of(person)).order_by(HelpRequest.id))
    )
    outcomes: dict[int, list[Outcome]] = {}
    for outcome in session.scalars(
        select(Outcome).where(Outcome.request_id.in_([r.id for r in requests])).order_by(Outcome.id)
    ):
        outcomes.setdefault(outcome.request_id, []).append(outcome)
    helped = list(
        session.scalars(
            select(HelpRequest)
            .where(HelpRequest.volunteer_id == person.id)
            .order_by(HelpRequest.id)
        )
    )
    offers = session.execute(
        select(Offer, HelpRequest.ref)
        .join(HelpRequest, Offer.request_id == HelpRequest.id)
        .where(Offer.volunteer_id == person.id)
        .order_by(Offer.id)
    ).all()
    calls = list(session.scalars(select(Call).where(_calls_of(person)).order_by(Call.started_at)))
    events: dict[int, list[CallEvent]] = {}
    for event in session.scalars(
        select(CallEvent)
        .where(CallEvent.call_id.in_([c.id for c in calls]))
        .order_by(CallEvent.call_id, CallEvent.seq)
    ):
        events.setdefault(event.call_id, []).append(event)
    recordings = list(
        session.scalars(
            select(Recording)
            .where(
                or_(
                    Recording.call_id.in_([c.id for c in calls]),
                    Recording.request_id.in_([r.id for r in requests]),
                )
            )
            .order_by(Recording.id)
        )
    )
    messages = list(
        session.scalars(select(Message).where(_messages_of(person)).order_by(Message.created_at))
    )
    accesses = list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.person_id == person.id).order_by(AuditEntry.at)
        )
    )
    return {
        "exported_at": utcnow().isoformat(),
        "kommune": person.kommune.name,
        "person": {
            "name": person.name,
            "salutation": person.salutation,
            "called_as": person.called_as,
            "pin_required": person.pin_required,  # the PIN itself is kept only as a hash
            "phone": person.phone,
            "line_type": person.line_type,
            "district": person.district,
            "address": person.address,
            "languages": person.languages,
            "notes": person.notes,
            "consent_at": _iso(person.consent_at),
            "consent_note": person.consent_note,
            "is_client": person.is_client,
            "is_volunteer": person.is_volunteer,
            "status": person.status,
            "status_reason": person.status_reason,
            "prefers": person.prefers,
            "categories": person.categories,
            "available_days": person.available_days,
            "available_from": person.available_from,
            "available_until": person.available_until,
            "max_open_tasks": person.max_open_tasks,
            "recognized_on": person.recognized_on.isoformat() if person.recognized_on else None,
            "recognition_note": person.recognition_note,
            "clearance_issued_on": person.clearance_issued_on.isoformat()
            if person.clearance_issued_on
            else None,
            "checks": [
                {"item": c.item.title, "confirmed_on": c.confirmed_on.isoformat()}
                for c in session.scalars(
                    select(VolunteerCheck).where(VolunteerCheck.person_id == person.id)
                )
            ],
            "trainings": [
                {"title": t.title, "taken_on": t.taken_on.isoformat(), "minutes": t.minutes}
                for t in session.scalars(select(Training).where(Training.person_id == person.id))
            ],
            "created_at": _iso(person.created_at),
            "updated_at": _iso(person.updated_at),
        },
        "requests": [
            {
                "ref": r.ref,
                "category": r.category,
                "when": r.when,
                "needed_from": r.needed_from.isoformat(),
                "needed_until": r.needed_until.isoformat(),
                "description": r.description,
                "district": r.district,
                "status": r.status,
                "channel": r.channel,
                "caller_name": r.caller_name,
                "caller_address": r.caller_address,
                "callback_phone": r.callback_phone,
                "created_at": _iso(r.created_at),
                "done_at": _iso(r.done_at),
                "cancelled_at": _iso(r.cancelled_at),
                "timeline": [{"at": _iso(e.at), "kind": e.kind} for e in r.events],
                "outcomes": [
                    {"at": _iso(o.at), "kind": o.kind, "note": o.note}
                    for o in outcomes.get(r.id, [])
                ],
            }
            for r in requests
        ],
        "helped_with": [
            {
                "ref": r.ref,
                "category": r.category,
                "status": r.status,
                "assigned_at": _iso(r.assigned_at),
                "done_at": _iso(r.done_at),
            }
            for r in helped
        ],
        "offers": [
            {
                "ref": ref,
                "round": o.round,
                "channel": o.channel,
                "status": o.status,
                "created_at": _iso(o.created_at),
                "responded_at": _iso(o.responded_at),
            }
            for o, ref in offers
        ],
        "calls": [
            {
                "started_at": _iso(c.started_at),
                "direction": c.direction,
                "purpose": c.purpose,
                "from": c.from_number,
                "to": c.to_number,
                "duration": c.duration,
                "outcome": c.outcome,
                "steps": [
                    {"at": _iso(e.at), "step": e.step, "digits": e.digits, "speech": e.speech}
                    for e in events.get(c.id, [])
                ],
            }
            for c in calls
        ],
        "messages": [
            {
                "at": _iso(m.created_at),
                "direction": m.direction,
                "from": m.from_number,
                "to": m.to_number,
                "body": m.body,
                "status": m.status,
            }
            for m in messages
        ],
        "recordings": [
            {
                "created_at": _iso(rec.created_at),
                "purpose": rec.purpose,
                "duration": rec.duration,
                "deleted_at": _iso(rec.deleted_at),
            }
            for rec in recordings
        ],
        "accesses": [
            {"at": _iso(a.at), "action": a.action, "subject": a.subject_type} for a in accesses
        ],
        "checkin": {
            "times": format_slots(
                (int(day), str(hhmm)) for day, hhmm in (person.checkin_slots or [])
            ),
            "paused": person.checkin_paused,
            "contact_name": person.contact_name,
            "contact_phone": person.contact_phone,
            "calls": [
                {"at": _iso(d.due_at), "state": d.state, "attempts": d.attempt}
                for d in session.scalars(
                    select(CheckInDate)
                    .where(CheckInDate.person_id == person.id)
                    .order_by(CheckInDate.due_at)
                )
            ],
        },
        "pairings": [
            {
                "ref": p.ref,
                "role": "client" if p.client_id == person.id else "volunteer",
                "slots": p.slots_text,
                "status": p.status,
                "created_at": _iso(p.created_at),
                "ended_at": _iso(p.ended_at),
                "dates": [
                    {"at": _iso(d.due_at), "state": d.state, "seconds": d.seconds} for d in p.dates
                ],
            }
            for p in session.scalars(
                select(Pairing)
                .where((Pairing.client_id == person.id) | (Pairing.volunteer_id == person.id))
                .order_by(Pairing.id)
            )
        ],
    }


# --- erasure ----------------------------------------------------------------------------------------------


def forget_recordings(session: Session, recording_ids: list[int]) -> int:
    """No more playing these; delete them at Twilio and here by tasks. Returns how many."""
    if not recording_ids:
        return 0
    session.execute(
        update(Recording)
        .where(Recording.id.in_(recording_ids))
        .values(url="")
        .execution_options(synchronize_session=False)
    )
    for recording_id in recording_ids:
        schedule(session, DeleteRecording(recording_id))
    return len(recording_ids)


def anonymise_calls(session: Session, where: ColumnElement[bool]) -> int:
    """Numbers, dialogue state and everything said in the calls ``where`` picks."""
    call_ids = select(Call.id).where(where)
    session.execute(
        update(CallEvent)
        .where(CallEvent.call_id.in_(call_ids))
        .values(speech=None, response="", confidence=None)
        .execution_options(synchronize_session=False)
    )
    # Keys pressed in a menu are kept (they are the path); a typed phone number is not.
    session.execute(
        update(CallEvent)
        .where(CallEvent.call_id.in_(call_ids), CallEvent.step == "number")
        .values(digits=None)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(
        update(Call)
        .where(where)
        .values(from_number=None, to_number=None, state={})
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def anonymise_messages(session: Session, where: ColumnElement[bool]) -> int:
    result = session.execute(
        update(Message)
        .where(where)
        .values(body="", from_number=None, to_number=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def anonymise_requests(session: Session, where: ColumnElement[bool]) -> int:
    """What the person said and who they are; category, district, times and status stay."""
    request_ids = select(HelpRequest.id).where(where)
    session.execute(
        update(Flag)
        .where(Flag.request_id.in_(request_ids))
        .values(note="", resolution="")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Outcome)
        .where(Outcome.request_id.in_(request_ids))
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    result = session.execute(
        update(HelpRequest)
        .where(where)
        .values(description="", caller_name="", caller_address="", callback_phone=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def erase(session: Session, person: Person, *, staff_user_id: int | None) -> dict[str, int]:
    """Erase ``person``: their data and what they said are gone, the rows stay (anonymous)
    for the figures, their recordings are deleted here and at Twilio. The caller commits."""
    if person.erased_at is not None:
        return {}
    actor = Actor.staff(staff_user_id) if staff_user_id is not None else SYSTEM
    if person.is_volunteer:  # what they took or were offered goes to somebody else first
        lifecycle.volunteer_gone(session, person, actor=actor)
    session.flush()
    requests_where = _requests_of(person)
    request_ids = list(session.scalars(select(HelpRequest.id).where(requests_where)))
    # Calls connected to the person through the hotline hold their number in the stored
    # ``<Dial>``: those are cleared too (the other person's own data stays theirs).
    calls_where = (
        _calls_of(person) | Call.request_id.in_(request_ids) | (Call.bridged_person_id == person.id)
    )
    recording_ids = list(
        session.scalars(
            select(Recording.id).where(
                Recording.deleted_at.is_(None),
                or_(
                    Recording.call_id.in_(select(Call.id).where(calls_where)),
                    Recording.request_id.in_(request_ids),
                ),
            )
        )
    )
    counts = {
        "requests": anonymise_requests(session, HelpRequest.id.in_(request_ids)),
        "calls": anonymise_calls(session, calls_where),
        "messages": anonymise_messages(
            session, _messages_of(person) | Message.request_id.in_(request_ids)
        ),
        "recordings": forget_recordings(session, recording_ids),
    }
    session.expire_all()  # the bulk updates above bypassed the objects in the session
    # Open requests end here (an assigned volunteer is told by SMS): nobody should go to
    # an address that is no longer known.
    for request in session.scalars(
        select(HelpRequest).where(
            HelpRequest.id.in_(request_ids), HelpRequest.status.in_(states.OPEN)
        )
    ):
        lifecycle.cancel(session, request, actor=actor)
    # Phone friendships and check-ins end: nobody is called for a person who is no longer
    # known; the trusted contact is the person's data too and goes with it.
    for pairing in pairings.pairings_of(session, person):
        pairings.end(session, pairing, actor=actor)
    if person.is_client and person.checkin_slots:
        checkins.set_up(session, person, None, contact_name="", contact_phone=None, actor=actor)
    person.checkin_slots, person.contact_name, person.contact_phone = None, "", None
    if person.is_volunteer:
        person.opt_out()
        person.set_categories([])
    person.name = ""
    person.salutation = ""
    person.phone = ERASED_PHONE % person.id
    person.address = ""
    person.notes = ""
    person.consent_note = ""
    person.status_reason = ""
    person.recognition_note = ""
    person.clearance_issued_on = None
    person.clearance_seen_by_id = None
    session.execute(delete(VolunteerCheck).where(VolunteerCheck.person_id == person.id))
    session.execute(delete(Training).where(Training.person_id == person.id))
    person.pin_hash = None
    person.erased_at = utcnow()
    session.add(
        AuditEntry(
            staff_user_id=staff_user_id,
            kommune_id=person.kommune_id,
            action="erase",
            subject_type="person",
            subject_id=person.id,
            person_id=person.id,
            detail=counts,
        )
    )
    return counts


def delete_recording(recording_id: int) -> None:
    """Delete a recording at Twilio (or in the sandbox), then mark it deleted here.

    A Twilio error raises, so the task is tried again later; "already gone" counts as done.
    """
    session = db.session
    recording = session.get(Recording, recording_id)
    if recording is None or recording.deleted_at is not None:
        return
    sid = recording.sid
    session.commit()  # hold no lock while talking to Twilio
    client().delete_recording(sid)
    recording = session.get(Recording, recording_id)
    if recording is None:
        return
    recording.url = ""
    recording.deleted_at = utcnow()
    session.commit()
    log.info("recording %s deleted", recording_id)
