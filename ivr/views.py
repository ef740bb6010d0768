"""Voice webhook handlers: signature → parse → one dialogue call → TwiML.

Whatever goes wrong, Twilio gets TwiML with a calm German apology and the voicemail path,
never a 500 (which a caller would hear as an English error message).
"""

from __future__ import annotations

import logging

from flask import Response, request
from werkzeug.exceptions import HTTPException

from models import db
from prompts import voice as P
from prompts import voice_for
from telephony.inputs import VoiceInput
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
    callbacks.call_status(VoiceInput.from_form(request.form), request.args.get("c", type=int))
    return Response(status=204)


@twilio_signed
def recording() -> Response:
    callbacks.recording_status(VoiceInput.from_form(request.form))
    return Response(status=204)


@twilio_signed
def apology_voicemail() -> Response:
    """Where the apology's voicemail ends; must not fail, or the caller would loop."""
    left = False
    try:
        left = callbacks.apology_voicemail(VoiceInput.from_form(request.form))
    except Exception:
        db.session.rollback()
        log.exception("could not store the voicemail after an error")
    script = Script(voice_for("de"))
    script.say(str(P.VOICEMAIL_THANKS if left else P.VOICEMAIL_EMPTY), str(P.GOODBYE)).hangup()
    return xml(script)


def on_error(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        return exc
    db.session.rollback()
    log.exception("voice webhook %s failed; the caller hears the apology", request.path)
    if request.path.endswith("/status") or request.path.endswith("/recording"):
        return Response(status=204)  # callbacks have no caller listening
    script = Script(voice_for("de"))
    script.say(str(P.TECHNICAL_PROBLEM), str(P.VOICEMAIL))
    script.record(
        "/voice/apology-voicemail",
        max_length=VOICEMAIL_SECONDS,
        status_callback="/voice/recording",
        on_empty="/voice/apology-voicemail",
    )
    return xml(script)
