"""Rounds: ask a few volunteers at a time, widen, and escalate to staff in the end.

Round k of a search asks the next ``round_size`` candidates; the last round asks the
whole rest of the Kommune (up to :data:`WIDE_ROUND`). Between rounds wait
``round_seconds`` (half of it for "today"). After ``max_rounds`` the request is
escalated. Every round is a task keyed by request and round number, so running it
twice asks nobody twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import Session

from models import (
    CallPurpose,
    Channel,
    HelpRequest,
    Offer,
    OfferStatus,
    Person,
    RequestStatus,
    Task,
    When,
    db,
    utcnow,
)
from models.offer import ANSWERABLE
from prompts import language
from prompts import sms as S
from sms.gsm import fits_one_segment, to_gsm

from . import lifecycle
from .hours import wait_for_contact_hours
from .matching import candidates
from .notify import queue_call, queue_sms
from .wording import sms_day

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


def dispatch_round(request_id: int | None, round: int = 1) -> None:
    """Task: run round ``round`` of the request's search (idempotent)."""
    session = db.session
    request = session.get(HelpRequest, request_id)
    if request is None or request.status not in (RequestStatus.NEW, RequestStatus.SEARCHING):
        return  # assigned, cancelled, escalated, or in review meanwhile
    if request.round >= round:
        return  # this round ran already
    wait_for_contact_hours()  # no offers at night: the round waits for the morning
    settings = settings_for(request)
    nth = round - request.search_base_round
    if nth > settings.max_rounds:
        lifecycle.escalate(session, request)
        session.commit()
        return
    limit = WIDE_ROUND if nth == settings.max_rounds else settings.size
    volunteers = candidates(session, request, limit=limit)
    waiting = any(o.status in ANSWERABLE for o in request.offers)
    if not volunteers and not waiting:
        request.round = round
        lifecycle.escalate(session, request)  # nobody left to ask: no point in waiting
        session.commit()
        return
    for volunteer in volunteers:
        make_offer(session, request, volunteer, round)
    request.round = round
    request.status = RequestStatus.SEARCHING
    request.next_round_at = utcnow() + timedelta(seconds=settings.seconds)
    request.log("round", round=nth, asked=len(volunteers))
    Task.ensure(
        session,
        "dispatch_round",
        request.id,
        key=f"dispatch_round:{request.id}:{round + 1}",
        due_at=request.next_round_at,
        payload={"round": round + 1},
    )
    session.commit()


def make_offer(session: Session, request: HelpRequest, volunteer: Person, round: int) -> Offer:
    """Record the offer and queue the SMS or call that carries it."""
    offer = Offer(request=request, volunteer=volunteer, round=round, channel=volunteer.channel)
    session.add(offer)
    volunteer.last_offered_at = utcnow()
    session.flush()
    if offer.channel == Channel.SMS:
        queue_sms(
            session,
            kommune=request.kommune,
            to=volunteer.phone,
            body=offer_text(request, volunteer.language),
            purpose="offer",
            person_id=volunteer.id,
            request_id=request.id,
            offer_id=offer.id,
            key=f"offer:{offer.id}",
        )
    else:
        queue_call(
            session,
            kommune=request.kommune,
            to=volunteer.phone,
            purpose=CallPurpose.OFFER,
            person_id=volunteer.id,
            request_id=request.id,
            offer_id=offer.id,
            language=volunteer.language,
            key=f"offer:{offer.id}",
        )
    return offer


def offer_text(request: HelpRequest, lang: str = "de") -> str:
    """The offer SMS: category, district, day, reference and how to answer — no name, no
    address — in one GSM-7 segment. A long district name is shortened to fit."""
    with language(lang):
        category = str(S.CATEGORY[request.category])
        day = sms_day(request)
        district = to_gsm(request.district or "")
        while district:
            text = to_gsm(S.OFFER(category=category, district=district, day=day, ref=request.ref))
            if fits_one_segment(text):
                return text
            district = district[:-4].rstrip() + "." if len(district) > 6 else ""
        return to_gsm(S.OFFER_NO_DISTRICT(category=category, day=day, ref=request.ref))


def replace_offer(session: Session, request: HelpRequest, round: int) -> None:
    """An offer came to nothing (declined, undeliverable): ask the next candidate in the
    current round; with nobody left and nobody to wait for, escalate now."""
    if request.status != RequestStatus.SEARCHING:
        return
    found = candidates(session, request, limit=1)
    if found:
        make_offer(session, request, found[0], max(round, request.round))
        request.log("replacement", round=request.round - request.search_base_round)
        return
    if not any(o.status in ANSWERABLE for o in request.offers):
        lifecycle.escalate(session, request)


def offer_failed(session: Session, offer: Offer, code: str) -> None:
    """The offer never reached the volunteer."""
    if offer.status not in (OfferStatus.PENDING, OfferStatus.SENT, OfferStatus.DELIVERED):
        return
    offer.status = OfferStatus.FAILED
    offer.error_code = code
    offer.request.log("offer_failed", volunteer_id=offer.volunteer_id, code=code)
    if code == "21610":  # the volunteer unsubscribed at the carrier (replied STOP)
        offer.volunteer.opt_out()
    replace_offer(session, offer.request, offer.round)
