"""Task handlers: what each kind of :class:`~models.Task` does, by id.

Each handler is idempotent: it looks at the row's state first and does nothing if the
work is already done. Network calls happen outside any open transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import Session

from models import Call, HelpRequest, Message, Task, db, utcnow
from models.phone import mask
from telephony import TelephonyError, client, public_url

from . import notices, outbound, privacy, retention, rounds
from .hours import wait_for_contact_hours

log = logging.getLogger(__name__)

#: SMS that go out whatever the hour: the details a volunteer just asked for by saying
#: yes, and the news that a visit is off (so nobody goes in vain).
SEND_AT_NIGHT = ("details", "cancelled")


def send_message(message_id: int | None) -> None:
    session = db.session
    message = session.get(Message, message_id)
    if message is None or message.sid is not None or message.status != "queued":
        return  # handed to Twilio already (whose own first status is "queued" too)
    if not outbound.still_wanted(session, message.offer_id):
        message.status = "cancelled"
        session.commit()
        return
    if message.purpose not in SEND_AT_NIGHT:
        wait_for_contact_hours()
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
    outbound.message_sent(session, message)
    session.commit()


def _message_failed(message_id: int | None, code: str) -> None:
    session = db.session
    message = session.get(Message, message_id)
    if message is None:
        return
    message.status = "failed"
    message.error_code = code
    outbound.message_failed(session, message)
    session.commit()


def place_call(call_id: int | None) -> None:
    session = db.session
    call = session.get(Call, call_id)
    if call is None or call.status != "queued" or call.sid is not None:
        return
    if not outbound.still_wanted(session, call.offer_id):
        call.advance("canceled")
        session.commit()
        return
    wait_for_contact_hours()  # no phone rings at night
    to, from_ = call.to_number, call.from_number
    detect_machine = outbound.wants_machine_detection(call)
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
    outbound.call_placed(session, call)
    if client().sandbox:
        # Nobody's phone rings in the sandbox: unless someone answers it with the terminal
        # or browser phone, the call ends unanswered, as Twilio would report.
        Task.ensure(
            session,
            "sandbox_no_answer",
            call.id,
            due_at=utcnow() + timedelta(seconds=current_app.config["SANDBOX_RING_SECONDS"]),
        )
    session.commit()


def sandbox_no_answer(call_id: int | None) -> None:
    session = db.session
    call = session.get(Call, call_id)
    if call is None or call.status not in ("queued", "initiated", "ringing"):
        return  # answered (or over) meanwhile
    call.advance("no-answer")
    outbound.call_ended(session, call)
    session.commit()


def _call_failed(call_id: int | None, code: str) -> None:
    session = db.session
    call = session.get(Call, call_id)
    if call is None:
        return
    call.advance("failed")
    call.outcome = f"error:{code}"[:20]
    outbound.call_ended(session, call)
    session.commit()


def gave_up(session: Session, task: Task) -> None:
    """A task failed for good: the request it served needs a person now."""
    request_id = None
    if task.kind in ("dispatch_round", "notify_client", "tell_client_escalated", "followup"):
        request_id = task.ref_id
    elif task.kind == "send_message":
        message = session.get(Message, task.ref_id)
        request_id = message.request_id if message else None
    elif task.kind == "place_call":
        call = session.get(Call, task.ref_id)
        request_id = call.request_id if call else None
    request = session.get(HelpRequest, request_id) if request_id else None
    if request is not None and request.is_open:
        request.flag("delivery_failed")
        request.log("task_failed", task=task.kind, error=task.last_error[:200])


HANDLERS: dict[str, Callable[..., None]] = {
    "send_message": send_message,
    "place_call": place_call,
    "sandbox_no_answer": sandbox_no_answer,
    "dispatch_round": rounds.dispatch_round,
    "notify_client": notices.notify_client,
    "tell_client_escalated": notices.tell_client_escalated,
    "followup": notices.followup,
    "delete_recording": privacy.delete_recording,
    "retention": retention.run,
}
