"""Status and recording callbacks for calls: nobody listens, they only update rows.

A voicemail left after the apology (the database failed while the call began, so its row
was never stored) is kept all the same: the call is stored from what the callback says
(``From``/``To`` of the ``<Record>`` action, or the numbers the apology put into the
recording callback's URL), so staff see it and retention deletes it in time.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from dispatch import delivery
from dispatch.work import DeleteRecording
from models import Call, CallPurpose, Kommune, Person, Recording, db
from models import phone as phones
from models.task import schedule
from telephony.inputs import VoiceInput

log = logging.getLogger(__name__)


def _call(sid: str, call_id: int | None = None) -> Call | None:
    """The call by Twilio's sid, or by our id from the callback URL (a report may arrive
    before we stored the sid)."""
    call = Call.by_sid(db.session, sid)
    if call is None and call_id is not None:
        call = db.session.get(Call, call_id)
        if call is None or (call.sid and call.sid != sid):
            return None
        call.sid = sid or None
    return call


def call_status(inp: VoiceInput, call_id: int | None = None) -> None:
    """Twilio reports a call's progress; the same report twice changes nothing."""
    call = _call(inp.call_sid, call_id)
    if call is None:
        return
    changed = call.advance(inp.call_status, inp.duration, inp.answered_by)
    if changed and call.ended and call.direction == "outbound":
        delivery.call_ended(db.session, call)
    db.session.commit()


def recording_status(
    inp: VoiceInput, *, voicemail: bool = False, caller: str | None = None, line: str | None = None
) -> None:
    """A recording is ready. ``voicemail``: it was left after the apology, whose URL
    carries the ``caller``'s and the ``line``'s numbers (this callback has none)."""
    if inp.recording_status != "completed" or not (inp.recording_sid and inp.recording_url):
        return
    call = _call(inp.call_sid)
    if call is None:
        if not voicemail:
            return
        call = _call_after_outage(inp.call_sid, caller, line)
    _keep(call, inp, "voicemail" if voicemail else None)
    db.session.commit()


def apology_voicemail(inp: VoiceInput) -> bool:
    """Keep the voicemail left after an apology; True if there was one (and it is kept)."""
    call = _call(inp.call_sid) or _call_after_outage(inp.call_sid, inp.from_raw, inp.to_raw)
    call.needs_callback = True
    call.outcome = "error"  # staff see that the line failed this caller
    left = bool(inp.recording_sid and inp.recording_url)
    if left:
        _keep(call, inp, "voicemail")
    db.session.commit()
    return left


def _keep(call: Call, inp: VoiceInput, purpose: str | None) -> None:
    if not (inp.recording_sid and inp.recording_url):
        return
    recording = Recording.upsert(
        db.session,
        call=call,
        sid=inp.recording_sid,
        url=inp.recording_url,
        duration=inp.recording_duration,
        purpose=purpose,
    )
    if purpose == "voicemail":
        call.needs_callback = True
        call.outcome = call.outcome or "voicemail"
    if call.kommune_id is None and recording.deleted_at is None:
        # Nobody could ever listen to it, and no Kommune's retention would reach it:
        # delete it (here and at Twilio) at once.
        db.session.flush()
        schedule(db.session, DeleteRecording(recording.id))


def _call_after_outage(sid: str, caller: str | None, line: str | None) -> Call:
    """The call row a failed first webhook never stored, from the callback's numbers."""
    if not sid:
        raise ValueError("callback without CallSid")
    session = db.session
    from_number = phones.parse_or_none(caller)
    to_number = phones.parse_or_none(line)
    kommune = Kommune.for_number(session, to_number)
    person = Person.by_phone(session, kommune.id, from_number) if kommune else None
    call = Call(
        sid=sid,
        kommune=kommune,
        direction="inbound",
        purpose=CallPurpose.HOTLINE,
        from_number=from_number,
        to_number=to_number,
        person=person,
        status="in-progress",
        outcome="error",
        needs_callback=True,
        last_step="voicemail",
        state={},
    )
    session.add(call)
    try:
        session.flush()
    except IntegrityError:  # the other callback of the same recording stored it just now
        session.rollback()
        found = Call.by_sid(session, sid)
        if found is None:
            raise
        return found
    log.info("call %s stored from a callback after the database failed", call.id)
    return call
