"""Status and recording callbacks for calls: nobody listens, they only update rows."""

from __future__ import annotations

from dispatch import delivery
from models import Call, Recording, db
from telephony.inputs import VoiceInput


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


def recording_status(inp: VoiceInput) -> None:
    call = _call(inp.call_sid)
    if (
        call is None
        or inp.recording_status != "completed"
        or not (inp.recording_sid and inp.recording_url)
    ):
        return
    Recording.upsert(
        db.session,
        call=call,
        sid=inp.recording_sid,
        url=inp.recording_url,
        duration=inp.recording_duration,
        purpose=None,
    )
    db.session.commit()


def apology_voicemail(inp: VoiceInput) -> bool:
    """Keep the voicemail left after an apology; True if there was one."""
    call = _call(inp.call_sid)
    if call is None:
        return bool(inp.recording_sid)
    call.needs_callback = True
    call.outcome = "error"
    if inp.recording_sid and inp.recording_url:
        Recording.upsert(
            db.session,
            call=call,
            sid=inp.recording_sid,
            url=inp.recording_url,
            duration=inp.recording_duration,
            purpose="voicemail",
        )
    db.session.commit()
    return bool(inp.recording_sid)
