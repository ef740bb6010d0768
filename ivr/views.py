"""Voice webhook handlers: signature → parse → one dialogue call → TwiML.

Whatever goes wrong, Twilio gets TwiML with a calm German apology and the voicemail path,
never a 500 (which a caller would hear as an English error message).
"""

from __future__ import annotations

import logging

from flask import Response, request, url_for
from werkzeug.exceptions import HTTPException

from models import db
from prompts import voice as P
from prompts import voice_for
from telephony.inputs import VoiceInput, row_id
from telephony.signature import twilio_signed
from telephony.twiml import Script, xml

from . import callbacks, flows
from .common import VOICEMAIL_SECONDS

log = logging.getLogger(__name__)


@twilio_signed
def incoming() -> Response:
    return xml(flows.answer_incoming(VoiceInput.from_form(request.form)))


@twilio_signed
def step(step: str) -> Response:
    seq = request.args.get("n", type=int)
    if seq is None or seq < 1:
        raise ValueError("dialogue step without sequence number")
    return xml(flows.answer_step(step, seq, VoiceInput.from_form(request.form)))


@twilio_signed
def outbound_call(call_id: int) -> Response:
    return xml(flows.answer_outbound(call_id, VoiceInput.from_form(request.form)))


@twilio_signed
def status() -> Response:
    callbacks.call_status(VoiceInput.from_form(request.form), row_id(request.args.get("c")))
    return Response(status=204)


@twilio_signed
def recording() -> Response:
    callbacks.recording_status(
        VoiceInput.from_form(request.form),
        voicemail=request.args.get("voicemail") == "1",
        caller=request.args.get("caller"),
        line=request.args.get("line"),
    )
    return Response(status=204)


@twilio_signed
def whisper() -> Response:
    """What a staff member on shift hears on picking up, before the caller is put through:
    press 1 to take the call (a voicemail presses nothing, so it never takes it)."""
    script = Script(voice_for("de"))
    script.accept_or_hang_up(str(P.WHISPER), url_for("ivr.whisper_answer"))
    return xml(script)


@twilio_signed
def whisper_answer() -> Response:
    """1: put through (an empty document ends the whisper); anything else: hang up."""
    script = Script(voice_for("de"))
    if VoiceInput.from_form(request.form).digits != "1":
        script.hangup()
    return xml(script)


@twilio_signed
def apology_voicemail() -> Response:
    """Where the apology's voicemail ends; must not fail, or the caller would loop. The
    caller is thanked only for a message that is kept."""
    inp = VoiceInput.from_form(request.form)
    try:
        left = callbacks.apology_voicemail(inp)
    except Exception:
        db.session.rollback()
        log.exception("could not store the voicemail after an error")
        said = str(P.VOICEMAIL_NOT_KEPT if inp.recording_sid else P.VOICEMAIL_EMPTY)
    else:
        # The database may have been down: "so bald wie möglich", not the office hours.
        thanks = P.VOICEMAIL_THANKS(when=str(P.CALLBACK_SOON))
        said = thanks if left else str(P.VOICEMAIL_EMPTY)
    script = Script(voice_for("de"))
    script.say(said, str(P.GOODBYE)).hangup()
    return xml(script)


def on_error(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        return exc
    db.session.rollback()
    log.exception("voice webhook %s failed; the caller hears the apology", request.path)
    if request.path.endswith("/status") or request.path.endswith("/recording"):
        return Response(status=204)  # callbacks have no caller listening
    # The call's row may never have been stored (the database failed): the numbers go
    # into the recording callback's URL, which carries none of its own.
    inp = VoiceInput.from_form(request.form)
    script = Script(voice_for("de"))
    script.say(str(P.TECHNICAL_PROBLEM), str(P.VOICEMAIL))
    script.record(
        "/voice/apology-voicemail",
        max_length=VOICEMAIL_SECONDS,
        status_callback=url_for(
            "ivr.recording", voicemail=1, caller=inp.from_raw or "", line=inp.to_raw or ""
        ),
        on_empty="/voice/apology-voicemail",
    )
    return xml(script)
