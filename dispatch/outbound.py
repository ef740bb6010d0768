"""What follows from an outbound SMS or call being sent, failing or ending."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Call, CallPurpose, HelpRequest, Message, Offer, OfferStatus, utcnow

from . import notices, rounds
from .lifecycle import TAKEABLE

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
        and offer.request.status in TAKEABLE
    )


def message_sent(session: Session, message: Message) -> None:
    """An SMS was handed to Twilio."""
    offer = session.get(Offer, message.offer_id) if message.offer_id else None
    if offer is not None and offer.status == OfferStatus.PENDING:
        offer.status = OfferStatus.SENT
        offer.sent_at = utcnow()


def message_status(session: Session, message: Message, status: str, error_code: str | None) -> None:
    """Twilio reports what became of an SMS (the status callback)."""
    message.status = status
    if error_code:
        message.error_code = error_code
    offer = session.get(Offer, message.offer_id) if message.offer_id else None
    if offer is None:
        if status in UNDELIVERED:
            message_failed(session, message)
        return
    if status == "delivered" and offer.status in (OfferStatus.PENDING, OfferStatus.SENT):
        offer.status = OfferStatus.DELIVERED
    elif status in UNDELIVERED:
        message_failed(session, message)


def message_failed(session: Session, message: Message) -> None:
    """An SMS could not be delivered (refused at once, or reported undelivered)."""
    if message.offer_id:
        offer = session.get(Offer, message.offer_id)
        if offer is not None:
            rounds.offer_failed(session, offer, message.error_code or "undelivered")
        return
    request = session.get(HelpRequest, message.request_id) if message.request_id else None
    if request is not None and message.purpose == "notice":
        notices.client_unreachable(request, channel="sms", code=message.error_code)


def wants_machine_detection(call: Call) -> bool:
    """Offers to volunteers: an answering machine must never accept or hear details."""
    return call.purpose == CallPurpose.OFFER


def call_placed(session: Session, call: Call) -> None:
    offer = session.get(Offer, call.offer_id) if call.offer_id else None
    if offer is not None and offer.status == OfferStatus.PENDING:
        offer.status = OfferStatus.SENT
        offer.sent_at = utcnow()


def call_ended(session: Session, call: Call) -> None:
    """An outbound call ended; ``call.state["reached"]`` is set once a person heard it."""
    reached = bool(call.state.get("reached"))
    request = session.get(HelpRequest, call.request_id) if call.request_id else None
    if call.purpose == CallPurpose.OFFER and call.offer_id:
        offer = session.get(Offer, call.offer_id)
        if offer is not None and not reached:
            code = (
                "machine"
                if (call.answered_by or "").startswith(("machine", "fax"))
                else call.status
            )
            rounds.offer_failed(session, offer, code)
    elif call.purpose == CallPurpose.NOTICE and request is not None and not reached:
        notices.notice_unanswered(request, call.attempt)
    elif call.purpose == CallPurpose.FOLLOWUP and request is not None and not reached:
        notices.followup_unanswered(request, call.attempt)
