"""Handing queued SMS and calls to telephony, and what follows when they are sent, fail
or end. Network calls happen outside any open transaction.

Nothing goes to a country the Kommune does not allow (refused sends are recorded as
failed, never sent). An SMS whose hand-over was interrupted (a worker killed after Twilio
took it, before we stored the answer) is looked up at Twilio before it is sent again.
Calls and SMS whose final status never arrived are looked up at Twilio after a while
(:func:`check_call`, :func:`check_message`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import phonenumbers
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Call,
    CallPurpose,
    CheckInDate,
    Defer,
    HelpRequest,
    Kommune,
    Message,
    Offer,
    OfferStatus,
    PairingDate,
    db,
    utcnow,
)
from models.call import FINAL_CALL_STATUSES
from models.phone import mask
from models.task import schedule
from telephony import MessageState, Sent, TelephonyError, account_sid, client, public_url
from telephony.inputs import by_machine, unsubscribed

from . import checkins, lifecycle, pacing, pairings, states
from .hours import wait_for_contact_hours
from .work import CheckCall, CheckMessage, SandboxNoAnswer

log = logging.getLogger(__name__)

#: SMS that go out whatever the hour: the details a volunteer just asked for by saying
#: yes, the news that a visit is off (so nobody goes in vain), and what somebody asked for
#: a moment ago (offers of the directory, a sign-up code and its confirmation).
SEND_AT_NIGHT = ("details", "cancelled", "directory", "signup_code", "signup_received")
#: Twilio MessageStatus values that mean the SMS will not arrive.
UNDELIVERED = ("undelivered", "failed")
#: Our status of an outbound SMS while it is handed to Twilio: if it is still so when the
#: task runs again, the worker died in between and Twilio may have it already.
HANDING_OVER = "sending"
#: Twilio statuses after which an SMS changes no more (``sent`` may still get a report).
SMS_FINAL = ("delivered", "undelivered", "failed", "canceled", "read")
#: Error code of a send refused because the number's country is not allowed.
COUNTRY_REFUSED = "country"
#: How long after it went out a call or SMS is still looked up at Twilio.
CHECK_CALL_FOR = timedelta(hours=6)
CHECK_MESSAGE_FOR = timedelta(hours=2)


def allowed_countries(kommune: Kommune | None) -> tuple[str, ...]:
    """Countries whose numbers the Kommune texts and calls (default Germany)."""
    if kommune is not None and kommune.outbound_countries:
        return tuple(kommune.outbound_countries)
    return tuple(current_app.config.get("OUTBOUND_COUNTRIES", ("DE",)))


def allowed_destination(kommune: Kommune | None, number: str | None) -> bool:
    """Whether we may text or call ``number`` (E.164) for ``kommune``."""
    if not number:
        return False
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False
    return region in allowed_countries(kommune)


def _paced(kind: str, sender: str) -> None:
    """Wait for a slot within Twilio's sending limits, or go back to the outbox (Defer);
    the sandbox sends nothing and waits for nothing."""
    if not client().sandbox:
        pacing.wait_for_slot(kind, sender)


def _check_later(session: Session, work: CheckCall | CheckMessage) -> None:
    """Look the call or SMS up at Twilio in a while, in case its final report is lost."""
    if client().sandbox:
        return  # nothing goes out: the rows are all there is
    delay = timedelta(seconds=current_app.config.get("RECONCILE_SECONDS", 900))
    schedule(session, work, due_at=utcnow() + delay)


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
    if message is None or message.sid is not None:
        return  # handed to Twilio already (whose own first status is "queued" too)
    if message.status not in ("queued", HANDING_OVER):
        return
    # (Only the offer itself is withdrawn with its offer: the details after a yes by phone
    # and the news that it is taken go out all the same.)
    if message.purpose == CallPurpose.OFFER and not still_wanted(session, message.offer_id):
        message.status = "cancelled"
        session.commit()
        return
    if message.purpose not in SEND_AT_NIGHT:
        wait_for_contact_hours(message.kommune)
    to, from_, body = message.to_number, message.from_number, message.body
    if not allowed_destination(message.kommune, to):
        log.warning("SMS %s to %s not sent: country not allowed", message_id, mask(to))
        _message_failed(message_id, COUNTRY_REFUSED if to else "no-number")
        return
    interrupted = message.status == HANDING_OVER
    queued_at = message.created_at
    if from_:
        session.commit()  # hold no lock while waiting
        _paced("sms", from_)  # Twilio's messages per second per sender
    message.status = HANDING_OVER
    session.commit()  # hold no lock while talking to Twilio
    if not from_:
        _message_failed(message_id, "no-number")
        return
    sent = _sent_before(message_id, to, from_, body, queued_at) if interrupted else None
    if sent is None:
        try:
            # Our id in the callback URL: a status report may come before we stored the sid.
            sent = client().send_sms(
                to=to,
                from_=from_,
                body=body,
                status_callback=public_url(f"/sms/status?m={message_id}"),
            )
        except TelephonyError as exc:
            if not exc.permanent:
                raise  # try again later (task backoff); Twilio is asked first then
            log.warning("SMS %s to %s refused for good: %s", message_id, mask(to), exc.code)
            _message_failed(message_id, exc.code or "error")
            return
    message = session.get(Message, message_id, populate_existing=True)
    if message is None:  # pragma: no cover - erased while we sent it
        return
    if message.sid is None:  # (a status report may have stored it already)
        message.sid = sent.sid
        message.status = sent.status
    message.sent_at = message.sent_at or utcnow()
    offer = session.get(Offer, message.offer_id) if message.offer_id else None
    if offer is not None:
        lifecycle.offer_sent(session, offer)
    _check_later(session, CheckMessage(message.id))
    session.commit()


def _sent_before(
    message_id: int, to: str, from_: str, body: str, queued_at: datetime
) -> Sent | None:
    """The SMS Twilio took from an interrupted hand-over, if it did: the same text to the
    same number since it was queued, not known here as another message. Only two identical
    texts queued within moments of each other could still be told apart by nobody."""
    found = client().recent_messages(
        to=to, from_=from_, since=queued_at - timedelta(minutes=1)
    )  # a TelephonyError retries later: never send blind while Twilio cannot be asked
    for state in sorted(found, key=_created):  # the first one Twilio took
        if state.body != body:
            continue
        known = db.session.scalar(select(Message.id).where(Message.sid == state.sid))
        db.session.rollback()
        if known is None or known == message_id:
            log.info("SMS %s was taken by Twilio before: not sent again", message_id)
            return Sent(sid=state.sid, status=state.status or "queued")
    return None


def _created(state: MessageState) -> datetime:
    return state.created_at or utcnow()


def _message_failed(message_id: int, code: str) -> None:
    session = db.session
    message = session.get(Message, message_id)
    if message is None:
        return
    message.status = "failed"
    message.error_code = code
    message_failed(session, message)
    session.commit()


def check_message(message_id: int) -> None:
    """An SMS whose delivery report has not come: ask Twilio what became of it."""
    session = db.session
    message = session.get(Message, message_id)
    if (
        message is None
        or message.direction != "outbound"
        or message.sid is None
        or message.status in SMS_FINAL
    ):
        return
    sid, since = message.sid, message.sent_at or message.created_at
    session.commit()
    state = client().fetch_message(sid)
    message = session.get(Message, message_id, populate_existing=True)
    if state is None or message is None:
        return  # Twilio cannot tell (the sandbox); nothing to go by
    if state.status and state.status != message.status:
        log.info("SMS %s: report never came, Twilio says %s", message_id, state.status)
        message_status(session, message, state.status, state.error_code)
        session.commit()
    if state.status not in SMS_FINAL and utcnow() - since < CHECK_MESSAGE_FOR:
        _look_again()


def _look_again() -> None:
    """Raise :class:`Defer`: the same check again after ``RECONCILE_SECONDS``."""
    delay = timedelta(seconds=current_app.config.get("RECONCILE_SECONDS", 900))
    raise Defer(utcnow() + delay)


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
    if not allowed_destination(call.kommune, to):
        log.warning("call %s to %s not placed: country not allowed", call_id, mask(to))
        _call_failed(call_id, COUNTRY_REFUSED if to else "no-number")
        return
    # Offers to volunteers: an answering machine must never accept or hear details.
    detect_machine = call.purpose == CallPurpose.OFFER
    session.commit()
    if not to or not from_:
        _call_failed(call_id, "no-number")
        return
    _paced("call", account_sid())  # Twilio's calls per second per account
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
    if call.ended or not still_wanted(session, call.offer_id):
        # Taken (or stopped) while we dialled: stop it ringing.
        sid = call.sid
        session.commit()
        _cancel_at_twilio(call_id, sid)
        return
    call.advance("initiated")
    offer = session.get(Offer, call.offer_id) if call.offer_id else None
    if offer is not None:
        lifecycle.offer_sent(session, offer)
    if client().sandbox:
        # Nobody's phone rings in the sandbox: unless someone answers it with the terminal
        # or browser phone, the call ends unanswered, as Twilio would report.
        ring = timedelta(seconds=current_app.config["SANDBOX_RING_SECONDS"])
        schedule(session, SandboxNoAnswer(call.id), due_at=utcnow() + ring)
    _check_later(session, CheckCall(call.id))
    session.commit()


def cancel_call(call_id: int) -> None:
    """Stop a call that is queued or still ringing (its request was taken meanwhile); a
    call somebody picked up goes on (they hear that it is taken)."""
    session = db.session
    call = session.get(Call, call_id)
    if call is None or call.ended:
        return
    if call.sid is None:
        # Not handed to Twilio yet: it never will be. (If it is being placed right now,
        # place_call sees this and stops it.)
        call.advance("canceled")
        call_ended(session, call)
        session.commit()
        return
    sid = call.sid
    session.commit()
    _cancel_at_twilio(call_id, sid)


def _cancel_at_twilio(call_id: int, sid: str) -> None:
    try:
        status = client().cancel_call(sid)
    except TelephonyError as exc:
        if not exc.permanent:
            raise
        log.warning("call %s could not be stopped: %s", call_id, exc.code)
        return
    session = db.session
    call = session.get(Call, call_id, populate_existing=True)
    if call is not None and status == "canceled" and call.advance("canceled"):
        call_ended(session, call)
    session.commit()


def check_call(call_id: int) -> None:
    """A call whose final status has not come: ask Twilio. A lost "no-answer" would
    otherwise leave a notice call "initiated" forever, and nobody would try again."""
    session = db.session
    call = session.get(Call, call_id)
    if call is None or call.ended or call.sid is None or call.direction != "outbound":
        return
    sid, started = call.sid, call.started_at
    session.commit()
    state = client().fetch_call(sid)
    call = session.get(Call, call_id, populate_existing=True)
    if state is None or call is None:
        return  # Twilio cannot tell (the sandbox); nothing to go by
    if state.status in FINAL_CALL_STATUSES:
        log.info("call %s: final status never came, Twilio says %s", call_id, state.status)
        if call.advance(state.status, state.duration, state.answered_by):
            call_ended(session, call)
        session.commit()
        return
    call.advance(state.status, answered_by=state.answered_by)
    session.commit()
    if utcnow() - started < CHECK_CALL_FOR:
        _look_again()


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
    if call.purpose == CallPurpose.PAIRING and call.pairing_date_id:
        # The volunteer did not choose (no answer, a machine, hung up): the date moves.
        date = session.get(PairingDate, call.pairing_date_id)
        if date is not None:
            reason = "machine" if by_machine(call.answered_by) else call.status
            pairings.volunteer_unreached(session, date, reason)
        return
    if call.purpose == CallPurpose.CHECKIN and call.checkin_date_id:
        # Not answered, a machine, or hung up without a key: tried again, then the contact.
        checkin = session.get(CheckInDate, call.checkin_date_id)
        if checkin is not None:
            reason = "machine" if by_machine(call.answered_by) else call.status
            checkins.not_answered(session, checkin, reason)
        return
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


#: Twilio reports a price some time after an SMS or a call ended.
PRICE_AFTER = timedelta(hours=1)


def fetch_prices(session: Session, since: datetime) -> int:
    """Ask Twilio what it charged for the outbound SMS and the calls since ``since`` whose
    price is not known yet (ended at least :data:`PRICE_AFTER` ago); idempotent, commits
    after each. Returns how many prices were stored (0 in the sandbox)."""
    before = utcnow() - PRICE_AFTER
    messages = session.scalars(
        select(Message.id).where(
            Message.direction == "outbound",
            Message.sid.is_not(None),
            Message.price.is_(None),
            Message.status.in_(("sent", "delivered", "undelivered")),
            Message.created_at >= since,
            Message.created_at < before,
        )
    ).all()
    calls = session.scalars(
        select(Call.id).where(
            Call.sid.is_not(None),
            Call.price.is_(None),
            Call.duration > 0,
            Call.started_at >= since,
            Call.ended_at < before,
        )
    ).all()
    stored = 0
    for model, ids, fetch in (
        (Message, messages, client().fetch_message),
        (Call, calls, client().fetch_call),
    ):
        for row_id in ids:
            row = session.get(model, row_id)
            if row is None or row.sid is None:
                continue
            try:
                state = fetch(row.sid)
            except TelephonyError as exc:
                log.warning("price of %s %s not fetched: %s", model.__name__, row_id, exc)
                state = None
            if state is not None and state.price is not None:
                row.price, row.price_unit = state.price, state.price_unit
                stored += 1
            session.commit()
    return stored
