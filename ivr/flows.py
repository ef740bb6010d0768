"""Which flow a call follows, and the ways a webhook enters it.

Every call follows the flow of its purpose; a webhook for a step of another flow is
refused (LookupError, which the caller hears as the apology).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from models import Call, CallPurpose, Kommune, Person, db
from models import phone as phones
from prompts import language, speakable
from telephony.inputs import VoiceInput

from .calls import ESCALATION_CALL, FOLLOWUP_CALL, NOTICE_CALL, OFFER_CALL
from .engine import Ctx, Flow, stored_answer
from .hotline import HOTLINE

FLOWS: dict[str, Flow] = {
    CallPurpose.HOTLINE: HOTLINE,
    CallPurpose.OFFER: OFFER_CALL,
    CallPurpose.NOTICE: NOTICE_CALL,
    CallPurpose.ESCALATION: ESCALATION_CALL,
    CallPurpose.FOLLOWUP: FOLLOWUP_CALL,
}


def answer_incoming(inp: VoiceInput) -> str:
    """The first webhook of a call to the hotline."""
    session = db.session
    call = _call_by_sid(inp.call_sid)
    if call is None:
        call = _start_call(inp)
        try:
            session.flush()
        except IntegrityError:  # the same webhook, delivered twice at once
            session.rollback()
            call = _call_by_sid(inp.call_sid)
            if call is None:
                raise
        else:
            return _answer(call, 0, inp, None)  # a call created just now has no answer yet
    stored = stored_answer(call, 0)
    if stored is not None:
        return stored
    return _answer(call, 0, inp, None)


def answer_step(step: str, seq: int, inp: VoiceInput) -> str:
    """A webhook from inside a call: the caller's answer to ``step``."""
    call = _call_by_sid(inp.call_sid)
    if call is None:
        raise LookupError("webhook for a call that never reached /voice/incoming")
    stored = stored_answer(call, seq)
    if stored is not None:
        return stored
    return _answer(call, seq, inp, step)


def answer_outbound(call_id: int, inp: VoiceInput) -> str:
    """The first webhook of a call we placed, once somebody (or something) picked up."""
    call = db.session.get(Call, call_id)
    if call is None or call.direction != "outbound" or not inp.call_sid:
        raise LookupError("TwiML requested for a call we did not place")
    if call.sid is None:  # Twilio asked before place_call stored the sid
        call.sid = inp.call_sid
    elif call.sid != inp.call_sid:
        raise LookupError("CallSid does not belong to this call")
    stored = stored_answer(call, 0)
    if stored is not None:
        return stored
    call.advance("in-progress", answered_by=inp.answered_by)
    return _answer(call, 0, inp, None)


def _answer(call: Call, seq: int, inp: VoiceInput, step: str | None) -> str:
    flow = FLOWS.get(call.purpose)
    if flow is None:
        raise LookupError(f"no flow for calls of purpose {call.purpose!r}")
    with language(call.language):
        return flow.answer(Ctx(call, seq, inp), step)


def _call_by_sid(sid: str) -> Call | None:
    """The call with its Kommune and person, in one query (every webhook needs them)."""
    if not sid:
        raise ValueError("webhook without CallSid")
    return db.session.scalar(
        select(Call)
        .options(joinedload(Call.kommune), joinedload(Call.person))
        .where(Call.sid == sid)
    )


def _start_call(inp: VoiceInput) -> Call:
    session = db.session
    caller = phones.parse_or_none(inp.from_raw)
    dialled = phones.parse_or_none(inp.to_raw)
    kommune = Kommune.for_number(session, dialled)
    person = Person.by_phone(session, kommune.id, caller) if kommune else None
    lang = kommune.languages[0] if kommune and kommune.languages else "de"
    if person is not None and kommune is not None and person.language in kommune.languages:
        lang = person.language
    call = Call(
        sid=inp.call_sid,
        kommune=kommune,
        direction="inbound",
        purpose=CallPurpose.HOTLINE,
        from_number=caller,
        to_number=dialled,
        person=person,
        language=speakable(lang),
        status=inp.call_status or "ringing",
        state={},
    )
    session.add(call)
    return call
