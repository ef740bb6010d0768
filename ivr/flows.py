"""Which flow a call follows, and the ways a webhook enters it.

Every call follows the flow of its purpose; a webhook for a step of another flow is
refused (LookupError, which the caller hears as the apology).

Before the hotline answers, a call from a banned number hears one neutral sentence and
ends, and so does one from a number that called too often (``INBOUND_CALL_LIMIT``); only
the call row is kept. A known client who asks for more than they may have open hears so
at the end of the call (:data:`OVER_LIMIT`).
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from dispatch import limits
from dispatch.intake import OverLimit
from models import Ban, Call, CallEvent, CallPurpose, Kommune, Person, db
from models import phone as phones
from prompts import language, speakable, voice_for
from prompts import voice as P
from telephony.inputs import VoiceInput
from telephony.twiml import Script

from .calls import ESCALATION_CALL, FOLLOWUP_CALL, NOTICE_CALL, OFFER_CALL
from .checkin import CHECKIN_CALL, TRUSTED_CALL
from .engine import Ctx, Flow, Say, Step, Turn, stored_answer
from .hotline import HOTLINE
from .pairing import PAIRING_CALL, PAIRING_NOTICE_CALL

FLOWS: dict[str, Flow] = {
    CallPurpose.HOTLINE: HOTLINE,
    CallPurpose.OFFER: OFFER_CALL,
    CallPurpose.NOTICE: NOTICE_CALL,
    CallPurpose.ESCALATION: ESCALATION_CALL,
    CallPurpose.FOLLOWUP: FOLLOWUP_CALL,
    CallPurpose.PAIRING: PAIRING_CALL,
    CallPurpose.PAIRING_NOTICE: PAIRING_NOTICE_CALL,
    CallPurpose.CHECKIN: CHECKIN_CALL,
    CallPurpose.TRUSTED: TRUSTED_CALL,
}


#: Calls that hear one sentence and end (``Call.outcome`` → what they hear).
REFUSED = {"banned": P.REFUSED, "too_many_calls": P.TOO_MANY_CALLS}


def answer_incoming(inp: VoiceInput) -> str:
    """The first webhook of a call to the hotline."""
    session = db.session
    call, stored = _call_by_sid(inp.call_sid, 0)
    if call is None:
        call = _start_call(inp)
        try:
            session.flush()
        except IntegrityError:  # the same webhook, delivered twice at once
            session.rollback()
            call, stored = _call_by_sid(inp.call_sid, 0)
            if call is None:
                raise
        else:
            refused = _refused(call)
            if refused is not None:
                return refused
            return _answer(call, 0, inp, None)  # a call created just now has no answer yet
    if call.outcome in REFUSED:
        return _refusal(call)
    if stored is not None:
        return stored
    return _answer(call, 0, inp, None)


def _refused(call: Call) -> str | None:
    """A banned number, or one that called too often: one sentence, and the call ends.
    Nothing but the call row is kept (no step, no person)."""
    if Ban.applies(db.session, call.kommune_id, call.from_number):
        call.outcome, call.person = "banned", None
    elif limits.too_many_calls(db.session, call.from_number):
        call.outcome = "too_many_calls"
    else:
        return None
    db.session.commit()
    return _refusal(call)


def _refusal(call: Call) -> str:
    with language("de"):
        script = Script(voice_for("de", call.kommune.voice if call.kommune else None))
        return str(script.say(str(REFUSED[call.outcome])).hangup())


def answer_step(step: str, seq: int, inp: VoiceInput) -> str:
    """A webhook from inside a call: the caller's answer to ``step``."""
    call, stored = _call_by_sid(inp.call_sid, seq)
    if call is None:
        raise LookupError("webhook for a call that never reached /voice/incoming")
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
        ctx = Ctx(call, seq, inp)
        try:
            return flow.answer(ctx, step)
        except OverLimit as over:
            # Nothing was taken; the flag for staff is in the session, stored with this
            # webhook's answer.
            call.state["draft"] = {}
            call.state["open_count"] = over.count
            call.outcome = "over_limit"
            return _over_limit(step).answer(ctx, step)


class _Refuse(Step):
    """The step whose answer asked for one request too many: it leads to the end."""

    def handle(self, ctx: Ctx) -> Turn:
        return Turn("over_limit")


def _over_limit(step: str | None) -> Flow:
    """The end of a call whose client has as many open requests as they may have (staff
    are flagged to call them back); ``step`` is the step that was being answered, so that
    the call's path shows where it ended."""
    end = Say(
        "over_limit",
        lambda ctx: [P.OVER_LIMIT(count=ctx.call.state.get("open_count", 3)), str(P.GOODBYE)],
    )
    return Flow(
        "over_limit", lambda ctx: Turn("over_limit"), [end, *([_Refuse(step)] if step else [])]
    )


#: The call with its Kommune and person, and the answer stored for webhook ``seq`` (a
#: retry), in one query; built once (its SQL and cache key are reused by every webhook).
_CALL_BY_SID = (
    select(Call, CallEvent.response)
    .options(joinedload(Call.kommune), joinedload(Call.person))
    .outerjoin(CallEvent, and_(CallEvent.call_id == Call.id, CallEvent.seq == bindparam("seq")))
    .where(Call.sid == bindparam("sid"))
)


def _call_by_sid(sid: str, seq: int) -> tuple[Call | None, str | None]:
    """The call with its Kommune and person, and the answer already given to webhook
    ``seq`` of it (None for a new webhook): one statement, as every webhook needs them."""
    if not sid:
        raise ValueError("webhook without CallSid")
    row = db.session.execute(_CALL_BY_SID, {"sid": sid, "seq": seq}).first()
    return (row[0], row[1]) if row is not None else (None, None)


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
