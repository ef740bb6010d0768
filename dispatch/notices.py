"""Closing the loop with the client: who comes, nobody found, and "did it work?"."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from models import CallPurpose, Channel, HelpRequest, RequestStatus, Task, db, utcnow
from models import phone as phones
from prompts import language
from prompts import sms as S

from .hours import wait_for_contact_hours
from .notify import queue_call, queue_sms
from .wording import sms_day

#: Calls to tell the client who comes, and minutes between them (issue: 3 times, 20 minutes apart).
NOTICE_ATTEMPTS = 3
NOTICE_RETRY_MINUTES = 20
#: Follow-up calls ("Hat alles geklappt?") and hours between them.
FOLLOWUP_ATTEMPTS = 2
FOLLOWUP_RETRY_HOURS = 2


def _retry_delay(minutes: int) -> timedelta:
    seconds = current_app.config.get("RETRY_DELAY_SECONDS")  # demo: shorter
    return timedelta(seconds=int(seconds)) if seconds is not None else timedelta(minutes=minutes)


def notify_client(
    request_id: int | None, attempt: int = 1, volunteer_id: int | None = None
) -> None:
    """Task: tell the client who comes — a call in their language, or an SMS."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if (
        request is None
        or request.status != RequestStatus.ASSIGNED
        or request.volunteer_id != volunteer_id
    ):
        return  # cancelled, given back or reassigned meanwhile
    if request.client_notice == "told":
        return
    wait_for_contact_hours()
    client, volunteer = request.client, request.volunteer
    if client is None or volunteer is None:
        return
    if client.channel == Channel.SMS:
        with language(client.language):
            body = S.NOTICE(
                volunteer=volunteer.first_name,
                day=sms_day(request),
                category=str(S.CATEGORY[request.category]),
                ref=request.ref,
                number=phones.national(request.kommune.caller_id),
            )
        queue_sms(
            session,
            kommune=request.kommune,
            to=client.phone,
            body=body,
            purpose="notice",
            person_id=client.id,
            request_id=request.id,
            key=f"notice:{request.id}:{volunteer.id}",
        )
        request.client_notice = "told"
        request.log("client_told", channel="sms")
    else:
        queue_call(
            session,
            kommune=request.kommune,
            to=client.phone,
            purpose=CallPurpose.NOTICE,
            person_id=client.id,
            request_id=request.id,
            language=client.language,
            attempt=attempt,
            key=f"notice:{request.id}:{volunteer.id}:{attempt}",
        )
        request.log("notice_call", attempt=attempt)
    session.commit()


def notice_unanswered(request: HelpRequest, attempt: int) -> None:
    """A notice call nobody took: try again later, after the last try flag it for staff."""
    if request.status != RequestStatus.ASSIGNED or request.client_notice == "told":
        return
    if attempt < NOTICE_ATTEMPTS:
        Task.ensure(
            db.session,
            "notify_client",
            request.id,
            key=f"notify_client:{request.id}:{request.volunteer_id}:{request.round}:{attempt + 1}",
            due_at=utcnow() + _retry_delay(NOTICE_RETRY_MINUTES),
            payload={"attempt": attempt + 1, "volunteer_id": request.volunteer_id},
        )
        return
    client_unreachable(request, attempts=attempt)


def client_unreachable(request: HelpRequest, **detail: object) -> None:
    """The client could not be told who comes (calls unanswered, SMS undeliverable)."""
    request.client_notice = "unreachable"
    request.flag("notice_unanswered")
    request.log("client_unreachable", **detail)


def followup(request_id: int | None, attempt: int = 1) -> None:
    """Task: the day after, ask the client whether everything worked."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if request is None or request.status != RequestStatus.DONE or request.followup_result:
        return
    client = request.client
    if client is None or client.erased_at is not None:
        return
    wait_for_contact_hours()
    queue_call(
        session,
        kommune=request.kommune,
        to=client.phone,
        purpose=CallPurpose.FOLLOWUP,
        person_id=client.id,
        request_id=request.id,
        language=client.language,
        attempt=attempt,
        key=f"followup:{request.id}:{attempt}",
    )
    request.log("followup_call", attempt=attempt)
    session.commit()


def followup_unanswered(request: HelpRequest, attempt: int) -> None:
    if request.followup_result:
        return
    if attempt < FOLLOWUP_ATTEMPTS:
        Task.ensure(
            db.session,
            "followup",
            request.id,
            key=f"followup:{request.id}:{attempt + 1}",
            due_at=utcnow() + _retry_delay(FOLLOWUP_RETRY_HOURS * 60),
            payload={"attempt": attempt + 1},
        )
        return
    request.followup_result = "unreachable"
    request.log("followup_unreachable", attempts=attempt)


def tell_client_escalated(request_id: int | None) -> None:
    """Task: nobody was found — the client hears that staff will be in touch."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if request is None or request.status != RequestStatus.UNMATCHED or request.client is None:
        return
    wait_for_contact_hours()
    client = request.client
    if client.channel == Channel.SMS:
        with language(client.language):
            body = S.CLIENT_STATUS(
                ref=request.ref,
                category=str(S.CATEGORY[request.category]),
                day=sms_day(request),
                state=str(S.STATE_UNMATCHED),
            )
        queue_sms(
            session,
            kommune=request.kommune,
            to=client.phone,
            body=body,
            purpose="escalation",
            person_id=client.id,
            request_id=request.id,
            key=f"escalated:{request.id}:{request.round}",
        )
    else:
        queue_call(
            session,
            kommune=request.kommune,
            to=client.phone,
            purpose=CallPurpose.ESCALATION,
            person_id=client.id,
            request_id=request.id,
            language=client.language,
            key=f"escalated:{request.id}:{request.round}",
        )
    request.log("client_told_unmatched", channel=client.channel)
    session.commit()
