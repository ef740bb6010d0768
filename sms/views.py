"""SMS webhook handlers: signature → parse → one dialogue call → TwiML reply."""

from __future__ import annotations

import logging

from flask import Response, request
from werkzeug.exceptions import HTTPException

from models import db
from prompts import sms as S
from telephony.inputs import SmsInput, row_id
from telephony.signature import twilio_signed
from telephony.twiml import sms_reply

from . import dialogue

log = logging.getLogger(__name__)


@twilio_signed
def incoming() -> Response:
    return sms_reply(*dialogue.receive(SmsInput.from_form(request.form)))


@twilio_signed
def status() -> Response:
    dialogue.delivery_status(SmsInput.from_form(request.form), row_id(request.args.get("m")))
    return Response(status=204)


def on_error(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        return exc
    db.session.rollback()
    log.exception("SMS webhook %s failed; the sender gets the apology", request.path)
    if request.path.endswith("/status"):
        return Response(status=204)
    return sms_reply(str(S.TECHNICAL_PROBLEM))
