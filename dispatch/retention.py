"""Retention limits per Kommune, enforced by a daily task (DESIGN: privacy by design).

* Recordings older than ``Kommune.recording_retention_days`` are deleted here and at
  Twilio (by ``delete_recording`` tasks, which survive a Twilio outage).
* Closed requests, calls and SMS older than ``Kommune.record_retention_days`` are
  anonymised: what was said and the numbers go, the rows stay for the figures.

The task reschedules itself for the next night; :func:`ensure_scheduled` (called by the
worker's sweeper) makes sure one is always waiting, even after a lost run.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import (
    BERLIN,
    AuditEntry,
    Call,
    CallEvent,
    HelpRequest,
    Kommune,
    Message,
    Recording,
    RequestStatus,
    Task,
    db,
    utcnow,
)
from models.task import schedule

from .privacy import anonymise_calls, anonymise_messages, anonymise_requests, forget_recordings
from .work import Retention

log = logging.getLogger(__name__)

#: Local time of the nightly run.
RUN_AT = time(3, 0)
#: Requests that are over; open ones are never anonymised.
CLOSED = (RequestStatus.DONE, RequestStatus.CANCELLED)


def next_run(now: datetime) -> datetime:
    """The next RUN_AT (Berlin) after ``now``, in UTC."""
    local = now.astimezone(BERLIN)
    day = local.date()
    if local.time() >= RUN_AT:
        day += timedelta(days=1)
    return datetime.combine(day, RUN_AT, tzinfo=BERLIN).astimezone(UTC)


def ensure_scheduled(session: Session) -> Task:
    """The next nightly run exists as a task (created once; the caller commits)."""
    due = next_run(utcnow())
    work = Retention(due.astimezone(BERLIN).date().isoformat())
    existing = session.scalar(select(Task).where(Task.key == work.key()))
    if existing is not None:
        return existing  # and not schedule(): it would ring the queue every time
    return schedule(session, work, due_at=due)


def enforce(session: Session, kommune: Kommune, now: datetime) -> dict[str, int]:
    """Apply ``kommune``'s limits as of ``now``; the caller commits."""
    recording_cutoff = now - timedelta(days=kommune.recording_retention_days)
    recording_ids = list(
        session.scalars(
            select(Recording.id)
            .join(Call, Recording.call_id == Call.id)
            .where(
                Call.kommune_id == kommune.id,
                Recording.created_at < recording_cutoff,
                Recording.deleted_at.is_(None),
            )
        )
    )
    cutoff = now - timedelta(days=kommune.record_retention_days)
    closed_at = func.coalesce(HelpRequest.done_at, HelpRequest.cancelled_at, HelpRequest.updated_at)
    requests = (
        (HelpRequest.kommune_id == kommune.id)
        & HelpRequest.status.in_(CLOSED)
        & (closed_at < cutoff)
        & or_(
            HelpRequest.description != "",
            HelpRequest.caller_name != "",
            HelpRequest.caller_address != "",
            HelpRequest.callback_phone.is_not(None),
        )
    )
    # A call is anonymised once old, unless its request is still open.
    open_request_ids = select(HelpRequest.id).where(
        HelpRequest.kommune_id == kommune.id, HelpRequest.status.not_in(CLOSED)
    )
    said = select(CallEvent.call_id).where(
        or_(CallEvent.speech.is_not(None), CallEvent.response != "")
    )
    calls = (
        (Call.kommune_id == kommune.id)
        & (Call.started_at < cutoff)
        & (Call.request_id.is_(None) | Call.request_id.not_in(open_request_ids))
        & or_(Call.from_number.is_not(None), Call.to_number.is_not(None), Call.id.in_(said))
    )
    messages = (
        (Message.kommune_id == kommune.id)
        & (Message.created_at < cutoff)
        & (Message.status != "queued")
        & or_(Message.body != "", Message.from_number.is_not(None), Message.to_number.is_not(None))
    )
    counts = {
        "recordings": forget_recordings(session, recording_ids),
        "requests": anonymise_requests(session, requests),
        "calls": anonymise_calls(session, calls),
        "messages": anonymise_messages(session, messages),
    }
    if any(counts.values()):
        session.add(
            AuditEntry(
                kommune_id=kommune.id,
                action="retention",
                subject_type="kommune",
                subject_id=kommune.id,
                detail=counts,
            )
        )
    return counts


def run() -> None:
    """Enforce every Kommune's limits, then schedule the next night."""
    session = db.session
    now = utcnow()
    for kommune in list(session.scalars(select(Kommune).order_by(Kommune.id))):
        counts = enforce(session, kommune, now)
        session.commit()  # one Kommune at a time: short transactions
        if any(counts.values()):
            log.info("retention kommune=%s %s", kommune.id, counts)
    ensure_scheduled(session)
    session.commit()
