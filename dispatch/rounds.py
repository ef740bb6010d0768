"""Rounds: ask a few volunteers at a time, widen, and escalate to staff in the end.

Round k of a search asks the next ``round_size`` candidates; the last round asks the
whole rest of the Kommune (up to :data:`WIDE_ROUND`). Between rounds wait
``round_seconds`` (half of it for "today"). After ``max_rounds`` the request is
escalated. Every round is a task keyed by request and round number, so running it
twice asks nobody twice.

Matching runs once per round, and the round's job sends the round's offers itself (see
:func:`dispatch_round`), paced to Twilio's limits (:mod:`dispatch.pacing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CallPurpose, HelpRequest, Task, TaskState, When, db
from models.task import holding

from . import lifecycle, states
from .hours import wait_for_contact_hours
from .matching import candidates
from .work import PlaceCall, SendMessage

#: Most volunteers asked in the last, widest round.
WIDE_ROUND = 25


@dataclass(frozen=True)
class RoundSettings:
    size: int
    seconds: int
    max_rounds: int


def settings_for(request: HelpRequest) -> RoundSettings:
    """Per-Kommune settings, else DISPATCH_* from the environment."""
    cfg = current_app.config
    kommune = request.kommune
    seconds = kommune.round_seconds or cfg["DISPATCH_ROUND_SECONDS"]
    if request.when == When.TODAY:
        seconds = max(60, seconds // 2)  # today is urgent: shorter rounds
    return RoundSettings(
        size=kommune.round_size or cfg["DISPATCH_ROUND_SIZE"],
        seconds=seconds,
        max_rounds=kommune.max_rounds or cfg["DISPATCH_MAX_ROUNDS"],
    )


#: The outbound work that carries an offer: the round's job runs it itself.
SENDS = (SendMessage.kind, PlaceCall.kind)


def dispatch_round(request_id: int, round: int) -> list[int]:
    """Run round ``round`` of the request's search (idempotent): match once, make the
    round's offers, commit. Returns the tasks that send them (SMS and calls, one each, in
    the outbox), for the round's job to run right away instead of one job per offer; a
    round run again returns those of its offers that are still waiting."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if request is None or request.status not in states.SEARCHING:
        return []  # assigned, cancelled, escalated, or in review meanwhile
    if request.round >= round:
        return _unsent(session, request, round)  # this round ran already
    wait_for_contact_hours(request.kommune)  # no offers at night: the round waits for the morning
    settings = settings_for(request)
    nth = round - request.search_base_round
    if nth > settings.max_rounds:
        lifecycle.escalate(session, request)
        session.commit()
        return []
    limit = WIDE_ROUND if nth == settings.max_rounds else settings.size
    volunteers = candidates(session, request, limit=limit)
    waiting = any(o.status in states.ANSWERABLE for o in request.offers)
    with holding(session, *SENDS) as sends:
        if not volunteers and not waiting:
            lifecycle.escalate(session, request, round=round)  # nobody left to ask
        else:
            lifecycle.round_started(
                session, request, round, asked=volunteers, wait=timedelta(seconds=settings.seconds)
            )
    session.commit()
    return sends


def _unsent(session: Session, request: HelpRequest, round: int) -> list[int]:
    """The pending tasks that send the offers of ``round`` (a round job killed after its
    commit, before it sent them all)."""
    keys = [
        work.key()
        for offer in request.offers
        if offer.round == round
        for work in (
            SendMessage(0, f"{CallPurpose.OFFER}:{offer.id}"),
            PlaceCall(0, f"{CallPurpose.OFFER}:{offer.id}"),
        )
    ]
    if not keys:
        return []
    found = list(
        session.scalars(select(Task.id).where(Task.key.in_(keys), Task.state == TaskState.PENDING))
    )
    session.rollback()
    return found
