"""Handing queued SMS and calls to telephony, and what follows when they are sent, fail
or end. Network calls happen outside any open transaction."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import Session

from models import Call, CallPurpose, HelpRequest, Message, Offer, OfferStatus, db, utcnow
from models.phone import mask
from models.task import schedule
from telephony import TelephonyError, client, public_url
from telephony.inputs import by_machine, unsubscribed

from . import lifecycle, states
from .hours import wait_for_contact_hours
from .work import SandboxNoAnswer

log = logging.getLogger(__name__)

#: SMS that go out whatever the hour: the details a volunteer just asked for by saying
#: yes, the news that a visit is off (so nobody goes in vain), and what somebody asked for
#: a moment ago (offers of the directory, a sign-up code and its confirmation).
SEND_AT_NIGHT = ("details", "cancelled", "directory", "signup_code", "signup_received")
#: Twilio MessageStatus values that mean the SMS will not arrive.
UNDELIVERED = ("undelivered", "failed")


def still_wanted(session: Session, offer_id: int | None) -> bool:
    """An offer waiting to go out is still worth sending: the request can still be taken
    and the offer was not withdrawn (volunteer blocked) or taken meanwhile. After an
    escalation it still goes out: a late yes is welcome."""
    if offer_id is None:
        return True
    offer = session.get(Offer, offer_id)
    return (
        offer is not None
        and offer.status in (OfferStatus.PENDING, OfferStatus.EXPIRED)
        and offer.request.status in states.TAKEABLE
    )


# --- SMS --------------------------------------------------------------------------------------------


def send_message(message_id: int) -> None:
    """Hand a queued SMS to telephony (once: a message with a sid was sent)."""
    session = db.session
    message = session.get(Message, message_id)
    if message is None or message.sid is not None or message.status != "queued":
        return  # handed to Twilio already (whose own first status is "queued" too)
    if not still_wanted(session, message.offer_id):
        message.status = "cancelled"
        session.commit()
        return
    if message.purpose not in SEND_AT_NIGHT:
        wait_for_contact_hours(message.kommune)
    to, from_, body = message.to_number, message.from_number, message.body
    session.commit()  # hold no lock while talking to Twilio
    if not to or not from_:
        _message_failed(message_id, "no-number")
        return
    try:
        # Our id in the callback URL: a status report may come before we stored the sid.
        sent = client().send_sms(
            to=to, from_=from_, body=body, status_callback=public_url(f"/sms/status?m={message_id}")
        )
    except TelephonyError as exc:
        if not exc.permanent:
            raise  # try again later (task backoff)
        log.warning("SMS %s to %s refused for good: %s", message_id, mask(to), exc.code)
        _message_failed(message_id, exc.code or "error")
        return
    message = session.get(Message, message_id, populate_existing=True)
    if message is None:  # pragma: no cover - erased while we sent it
        return
    message.sid = sent.sid
    message.status = sent.status
    message.sent_at = utcnow()
    offer = session.get(Offer, message.offer_id) if message.offer_id else None
    if offer is not None:
        lifecycle.offer_sent(session, offer)
    session.commit()


def _message_failed(message_id: int, code: str) -> None:
    session = db.session
    message = session.get(Message, message_id)
    if message is None:
        return
    message.status = "failed"
    message.error_code = code
    message_failed(session, message)
    session.commit()


def message_status(session: Session, message: Message, status: str, error_code: str | None) -> None:
    """Twilio reports what became of an SMS (the status callback)."""
    message.status = status
    if error_code:
        message.error_code = error_code
    offer = session.get(Offer, message.offer_id) if message.offer_id else None
    if status in UNDELIVERED:
        message_failed(session, message)
    elif status == "delivered" and offer is not None:
        lifecycle.offer_delivered(session, offer)


def message_failed(session: Session, message: Message) -> None:
    """An SMS could not be delivered (refused at once, or reported undelivered)."""
    code = message.error_code or "undelivered"
    if message.offer_id:
        offer = session.get(Offer, message.offer_id)
        if offer is not None:
            if unsubscribed(code):
                offer.volunteer.opt_out()
            lifecycle.offer_failed(session, offer, code)
        return
    request = session.get(HelpRequest, message.request_id) if message.request_id else None
    if request is not None and message.purpose == "notice":
        lifecycle.client_unreachable(session, request, channel="sms", code=code)


# --- calls --------------------------------------------------------------------------------------------


def place_call(call_id: int) -> None:
    """Place a queued call (once: a call with a sid was placed)."""
    session = db.session
    call = session.get(Call, call_id)
    if call is None or call.status != "queued" or call.sid is not None:
        return
    if not still_wanted(session, call.offer_id):
        call.advance("canceled")
        session.commit()
        return
    wait_for_contact_hours(call.kommune)  # no phone rings at night
    to, from_ = call.to_number, call.from_number
    # Offers to volunteers: an answering machine must never accept or hear details.
    detect_machine = call.purpose == CallPurpose.OFFER
    session.commit()
    if not to or not from_:
        _call_failed(call_id, "no-number")
        return
    try:
        sent = client().place_call(
            to=to,
            from_=from_,
            url=public_url(f"/voice/outbound/{call_id}"),
            status_callback=public_url(f"/voice/status?c={call_id}"),
            detect_machine=detect_machine,
        )
    except TelephonyError as exc:
        if not exc.permanent:
            raise
        log.warning("call %s to %s refused for good: %s", call_id, mask(to), exc.code)
        _call_failed(call_id, exc.code or "error")
        return
    call = session.get(Call, call_id, populate_existing=True)
    if call is None:  # pragma: no cover - erased while we dialled
        return
    call.sid = call.sid or sent.sid  # the TwiML request may have stored it already
    call.advance("initiated")
    offer = session.get(Offer, call.offer_id) if call.offer_id else None
    if offer is not None:
        lifecycle.offer_sent(session, offer)
    if client().sandbox:
        # Nobody's phone rings in the sandbox: unless someone answers it with the terminal
        # or browser phone, the call ends unanswered, as Twilio would report.
        ring = timedelta(seconds=current_app.config["SANDBOX_RING_SECONDS"])
        schedule(session, SandboxNoAnswer(call.id), due_at=utcnow() + ring)
    session.commit()


def sandbox_no_answer(call_id: int) -> None:
    session = db.session
    call = session.get(Call, call_id)
    if call is None or call.status not in ("queued", "initiated", "ringing"):
        return  # answered (or over) meanwhile
    call.advance("no-answer")
    call_ended(session, call)
    session.commit()


def _call_failed(call_id: int, code: str) -> None:
    session = db.session
    call = session.get(Call, call_id)
    if call is None:
        return
    call.advance("failed")
    call.outcome = f"error:{code}"[:20]
    call_ended(session, call)
    session.commit()


def call_ended(session: Session, call: Call) -> None:
    """An outbound call ended; ``call.state["reached"]`` is set once a person heard it."""
    if call.state.get("reached"):
        return
    request = session.get(HelpRequest, call.request_id) if call.request_id else None
    if call.purpose == CallPurpose.OFFER and call.offer_id:
        offer = session.get(Offer, call.offer_id)
        if offer is not None:
            lifecycle.offer_failed(
                session, offer, "machine" if by_machine(call.answered_by) else call.status
            )
    elif call.purpose == CallPurpose.NOTICE and request is not None:
        lifecycle.notice_unanswered(session, request, call.attempt)
    elif call.purpose == CallPurpose.FOLLOWUP and request is not None:
        lifecycle.followup_unanswered(session, request, call.attempt)
