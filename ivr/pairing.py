"""A phone friendship's date, by phone: the call to the volunteer at the slot ("Es ist
Zeit für Ihr Telefonat mit Frau Musterfrau. Für ein Gespräch jetzt drücken Sie die 1.");
1 calls the client from within this call and connects them (the hotline as caller ID, no
recording), 2 moves the date. And the short call that tells one side a date falls
through. The rules are in :mod:`dispatch.pairings`.
"""

from __future__ import annotations

from dispatch import pairings
from dispatch.states import DateEv
from dispatch.wording import addressed, volunteer_name
from models import BERLIN, DateState, Pairing, PairingDate, db
from prompts import spoken_date
from prompts import voice as P
from telephony.twiml import Script

from . import menus
from .bridge import RING_SECONDS
from .calls import outbound_flow, reached
from .common import spoken_time
from .engine import GOODBYE, Action, Ctx, Listen, MenuStep, Step, Turn, announce

CONNECT, DIAL, DIAL_DONE, DECLINE = (
    "pairing_connect",
    "pairing_dial",
    "pairing_dial_done",
    "pairing_decline",
)


def _date(ctx: Ctx) -> PairingDate | None:
    date_id = ctx.call.pairing_date_id
    return db.session.get(PairingDate, date_id) if date_id else None


def _the_date(ctx: Ctx) -> PairingDate:
    date = _date(ctx)
    if date is None:
        raise LookupError(f"call {ctx.call.id} belongs to no date of a phone friendship")
    return date


def _client_name(pairing: Pairing) -> str:
    return addressed(pairing.client)


# --- the volunteer at the slot ------------------------------------------------------------------


def _enter_pairing(ctx: Ctx, turn: Turn) -> Turn:
    date = _date(ctx)
    if date is None or date.state != DateState.CALLING:
        return Turn(GOODBYE, [*turn.say, str(P.PAIRING_OVER)])
    reached(ctx)
    return turn


def _lead(ctx: Ctx) -> list[str]:
    return [P.PAIRING_CALL(name=_client_name(_the_date(ctx).pairing))]


def _connect(ctx: Ctx, turn: Turn) -> Turn:
    date = _the_date(ctx)
    if not pairings.volunteer_accepts(db.session, date):
        return Turn(GOODBYE, [str(P.PAIRING_OVER)])
    name = _client_name(date.pairing)
    return Turn(DIAL, [P.BRIDGE_CONNECTING(name=name)])


def _decline(ctx: Ctx, turn: Turn) -> Turn:
    date = _the_date(ctx)
    pairings.volunteer_declines(db.session, date)
    return Turn(GOODBYE, [P.PAIRING_DECLINED(name=_client_name(date.pairing))])


class Dial(Step):
    """The client's phone rings; they see the hotline's number; nothing is recorded."""

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        pairing = _the_date(ctx).pairing
        hotline = pairing.kommune.caller_id
        if hotline is None:
            raise LookupError(f"Kommune {pairing.kommune_id} has no hotline number")
        return (
            ctx.script()
            .say(*say)
            .dial(
                pairing.client.phone,
                action=ctx.url(DIAL_DONE),
                caller_id=hotline,
                timeout=RING_SECONDS,
            )
        )

    def targets(self) -> set[str]:
        return {DIAL_DONE}


class DialDone(Step):
    """How the connection went: held, once more later, or missed."""

    def handle(self, ctx: Ctx) -> Turn:
        date = _the_date(ctx)
        name = _client_name(date.pairing)
        if date.state != DateState.CONNECTING:
            return Turn(GOODBYE)  # Twilio's retry of this webhook is answered from storage
        answered = ctx.inp.dial_status == "completed"
        seconds = ctx.inp.dial_duration or 0
        result = pairings.connected(db.session, date, ctx.call, answered=answered, seconds=seconds)
        if result == DateEv.HELD:
            return Turn(GOODBYE, [str(P.PAIRING_HELD)])
        if result == DateEv.NO_ANSWER:
            minutes = round(pairings.retry_delay().total_seconds() / 60)
            when = P.IN_MINUTES(n=minutes) if minutes > 1 else str(P.IN_A_MINUTE)
            return Turn(GOODBYE, [P.PAIRING_RETRY(name=name, when=when)])
        return Turn(GOODBYE, [P.PAIRING_MISSED(name=name)])

    def targets(self) -> set[str]:
        return {GOODBYE}


PAIRING_CALL = outbound_flow(
    "pairing",
    "pairing",
    [
        MenuStep(menus.PAIRING, _lead, fallback=GOODBYE, enter=_enter_pairing, extras=True),
        Action(CONNECT, _connect, leads_to={DIAL, GOODBYE}),
        Action(DECLINE, _decline, leads_to={GOODBYE}),
        Dial(DIAL),
        DialDone(DIAL_DONE),
    ],
)


# --- a date falls through ------------------------------------------------------------------------


def next_sentence(pairing: Pairing) -> str:
    """ "Das nächste Telefonat ist am Dienstag, 1. Dezember um 10 Uhr." (or nothing)."""
    upcoming = pairings.next_date(db.session, pairing)
    if upcoming is None:
        return ""
    local = upcoming.due_at.astimezone(BERLIN)
    return P.PAIRING_NEXT(day=spoken_date(local.date()), time=spoken_time(upcoming.due_at))


def _notice(ctx: Ctx) -> list[str]:
    date = _the_date(ctx)
    pairing = date.pairing
    to_client = ctx.call.person_id == pairing.client_id
    other = volunteer_name(pairing.volunteer) if to_client else _client_name(pairing)
    if date.state == DateState.SKIPPED:
        day = spoken_date(date.due_at.astimezone(BERLIN).date())
        sentences = [P.PAIRING_SKIPPED_CALL(name=other, day=day)]
    else:
        sentences = [P.PAIRING_MOVED(volunteer=other)]
    return [*sentences, next_sentence(pairing), announce("*", P.LBL_REPEAT)]


def _enter_notice(ctx: Ctx, turn: Turn) -> Turn:
    if _date(ctx) is None:
        return Turn(GOODBYE, turn.say)
    reached(ctx)
    return turn


PAIRING_NOTICE_CALL = outbound_flow(
    "pair_notice",
    "pair_notice",
    [Listen("pair_notice", _notice, enter=_enter_notice)],
)
