"""The daily check-in by phone: "Ist bei Ihnen alles in Ordnung? Für Ja, alles in Ordnung
drücken Sie die 1. Für Hilfe drücken Sie die 2." — and the call that tells the trusted
contact. The rules are in :mod:`dispatch.checkins`."""

from __future__ import annotations

from dispatch import checkins
from models import CheckInDate, CheckInState, db
from prompts import voice as P

from . import menus
from .calls import outbound_flow, reached
from .engine import GOODBYE, HUMAN, Action, Ctx, Listen, MenuStep, Turn, announce


def _date(ctx: Ctx) -> CheckInDate | None:
    date_id = ctx.call.checkin_date_id
    return db.session.get(CheckInDate, date_id) if date_id else None


def _enter(ctx: Ctx, turn: Turn) -> Turn:
    date = _date(ctx)
    if date is None or date.state != CheckInState.CALLING:
        return Turn(GOODBYE, [*turn.say, str(P.CHECKIN_OVER)])
    return turn


def _ok(ctx: Ctx, turn: Turn) -> Turn:
    date = _date(ctx)
    if date is not None:
        reached(ctx)
        checkins.answered_ok(db.session, date)
    return Turn(GOODBYE, [str(P.CHECKIN_OK)])


def _help(ctx: Ctx, turn: Turn) -> Turn:
    """In office hours the team takes the call; else staff are flagged and the trusted
    contact is called."""
    date = _date(ctx)
    if date is None:
        return Turn(HUMAN)
    reached(ctx)
    kommune = ctx.kommune
    team = bool(kommune is not None and kommune.duty_phones and kommune.is_open())
    checkins.asked_for_help(db.session, date, team_answers=team)
    if team:
        return Turn(HUMAN)
    person = date.person
    said = (
        P.CHECKIN_HELP_CONTACT(name=person.contact_name)
        if person.contact_phone and person.contact_name
        else str(P.CHECKIN_HELP_TEAM)
    )
    return Turn(GOODBYE, [said, str(P.EMERGENCY)])


CHECKIN_CALL = outbound_flow(
    "checkin",
    "checkin",
    [
        MenuStep(menus.CHECKIN, fallback=GOODBYE, enter=_enter, extras=True),
        Action("checkin_ok", _ok, leads_to={GOODBYE}),
        Action("checkin_help", _help, leads_to={GOODBYE, HUMAN}),
    ],
)


def _trusted(ctx: Ctx) -> list[str]:
    date = _date(ctx)
    if date is None:
        return []
    name = date.person.name
    prompt = P.TRUSTED_HELP if date.state == CheckInState.HELP else P.TRUSTED_UNREACHED
    return [prompt(name=name), announce("*", P.LBL_REPEAT)]


def _enter_trusted(ctx: Ctx, turn: Turn) -> Turn:
    reached(ctx)
    return turn


TRUSTED_CALL = outbound_flow(
    "trusted", "trusted", [Listen("trusted", _trusted, enter=_enter_trusted)]
)
