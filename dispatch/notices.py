"""Closing the loop with the client: who comes, nobody found, and "did it work?".

The task bodies; what the answers change is in :mod:`dispatch.lifecycle`.
"""

from __future__ import annotations

from models import CallPurpose, Channel, FollowupState, HelpRequest, NoticeState, RequestStatus, db
from models import phone as phones
from prompts import language
from prompts import sms as S

from . import lifecycle
from .hours import wait_for_contact_hours
from .notify import queue_call, queue_sms
from .wording import sms_day, volunteer_name


def notify_client(request_id: int, volunteer_id: int, round: int, attempt: int) -> None:
    """Tell the client who comes — a call in their language, or an SMS."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if (
        request is None
        or request.status != RequestStatus.ASSIGNED
        or request.volunteer_id != volunteer_id
        or request.client_notice != NoticeState.PENDING
    ):
        return  # told already, cancelled, given back or reassigned meanwhile
    wait_for_contact_hours(request.kommune)
    client, volunteer = request.client, request.volunteer
    if client is None or volunteer is None:
        return
    if client.channel == Channel.SMS:
        with language(client.language):
            body = S.NOTICE(
                volunteer=volunteer_name(volunteer),
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
            about=(request.id, volunteer.id, round),
        )
        lifecycle.client_told(session, request, channel="sms")
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
            about=(request.id, volunteer.id, round, attempt),
        )
        lifecycle.notice_called(session, request, attempt)
    session.commit()


def followup(request_id: int, attempt: int) -> None:
    """The day after, ask the client whether everything worked."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if request is None or request.followup_state != FollowupState.DUE:
        return  # answered, given up, or staff recorded it themselves
    client = request.client
    if client is None or client.erased_at is not None:
        return
    wait_for_contact_hours(request.kommune)
    queue_call(
        session,
        kommune=request.kommune,
        to=client.phone,
        purpose=CallPurpose.FOLLOWUP,
        person_id=client.id,
        request_id=request.id,
        language=client.language,
        attempt=attempt,
        about=(request.id, attempt),
    )
    lifecycle.followup_called(session, request, attempt)
    session.commit()


def tell_client_escalated(request_id: int, round: int) -> None:
    """Nobody was found: the client hears that staff will be in touch."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if request is None or request.status != RequestStatus.UNMATCHED or request.client is None:
        return
    wait_for_contact_hours(request.kommune)
    client = request.client
    common = {
        "kommune": request.kommune,
        "to": client.phone,
        "person_id": client.id,
        "request_id": request.id,
        "about": (request.id, round),
    }
    if client.channel == Channel.SMS:
        with language(client.language):
            body = S.CLIENT_STATUS(
                ref=request.ref,
                category=str(S.CATEGORY[request.category]),
                day=sms_day(request),
                state=str(S.STATE_UNMATCHED),
            )
        queue_sms(session, body=body, purpose="escalation", **common)
    else:
        queue_call(session, purpose=CallPurpose.ESCALATION, language=client.language, **common)
    lifecycle.client_told_unmatched(session, request, channel=client.channel)
    session.commit()
