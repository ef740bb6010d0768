"""Calls through the hotline: a volunteer and their client reach each other only through
the Kommune's number, so neither learns the other's private number.

A volunteer with assignments who calls the hotline hears them as a menu, the nearest day
first ("Für ein Gespräch mit Erika, Anfrage 4, 7, 1, 1, morgen, drücken Sie die 1."); one
key connects them. A client whose request is assigned gets one key in their status menu
(:data:`ivr.menus.STATUS_ASSIGNED`). Either way the call is a ``<Dial>`` with the hotline
as caller ID, never recorded, and only within the contact hours (outside them the caller
hears from when). Its action callback (``DialCallStatus``, ``DialCallDuration``) tells the
domain who talked to whom and how long (:func:`dispatch.lifecycle.call_bridged`).
"""

from __future__ import annotations

from dispatch import lifecycle
from dispatch.hours import next_contact_time
from dispatch.queries import assignments_of
from dispatch.wording import day_text
from models import BERLIN, HelpRequest, Person, RequestStatus, db, utcnow
from prompts import digits
from prompts import voice as P
from prompts.text import words
from telephony.twiml import Script

from . import concern
from .common import spoken_time
from .concern import CONCERN, CONCERN_ABOUT, CONCERN_WORDS
from .engine import (
    GOODBYE,
    HUMAN,
    PERSON,
    REPEAT,
    Action,
    Ask,
    Ctx,
    Step,
    Turn,
    choose,
    render_menu,
)
from .menus import Menu, Option

ASSIGNMENTS, TALK_CLIENT, BRIDGE, BRIDGE_DONE = (
    "assignments",
    "talk_client",
    "bridge",
    "bridge_done",
)
#: Where a volunteer goes who calls about something else (the client's path).
OTHER = "other_concern"
#: Assignments offered as keys (1…7); 8 is a concern about a client, 9 "something else".
MAX_KEYS = 7
CONCERN_KEY = "8"
OTHER_KEY = "9"
#: Seconds the other phone rings.
RING_SECONDS = 30


def assignments(ctx: Ctx) -> list[HelpRequest]:
    """The caller's assignments as a volunteer, the nearest first (none for a stranger)."""
    if ctx.person is None or ctx.kommune is None or not ctx.person.is_volunteer:
        return []
    return assignments_of(db.session, ctx.person)[:MAX_KEYS]


class Assignments(Ask):
    """A volunteer's open assignments, one key each; 9 leads to the client's menu."""

    def _menu(self, requests: list[HelpRequest]) -> Menu:
        options = [
            Option(
                str(n),
                P.LBL_TALK_CLIENT(
                    name=request.client.first_name if request.client else "",
                    ref=digits(request.ref),
                    day=day_text(request),
                ),
                tuple(words(request.client.first_name if request.client else "")) or ("-",),
                TALK_CLIENT,
            )
            for n, request in enumerate(requests, start=1)
        ]
        worry = Option(CONCERN_KEY, P.LBL_CONCERN, ("sorge", "besorgt"), CONCERN)
        other = Option(
            OTHER_KEY, P.LBL_OTHER_CONCERN, ("anderes", "anliegen", "neue anfrage"), OTHER
        )
        return Menu(self.name, None, (*options, worry, other))

    def _heard(self, ctx: Ctx) -> list[HelpRequest]:
        """The assignments as the caller heard them (a key means what was announced)."""
        ids = ctx.call.state.get(ASSIGNMENTS, [])
        found = {r.id: r for r in assignments(ctx)}
        return [found[i] for i in ids if i in found]

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        if turn.step == self.name and not assignments(ctx):
            return Turn(OTHER, turn.say)  # done or given back meanwhile
        return turn

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        requests = assignments(ctx)
        ctx.call.state[ASSIGNMENTS] = [r.id for r in requests]
        count = (
            str(P.ASSIGNMENTS_ONE)
            if len(requests) == 1
            else P.ASSIGNMENTS_MANY(count=len(requests))
        )
        return render_menu(ctx, self._menu(requests), [*say, count], extras=True, step=self.name)

    def answer(self, ctx: Ctx) -> Turn | None:
        requests = self._heard(ctx)
        choice = choose(self._menu(requests), ctx.inp)
        if choice == REPEAT:
            return Turn(self.name)
        if choice == PERSON:
            return Turn(HUMAN)
        if isinstance(choice, Option):
            if choice.goto == TALK_CLIENT:
                ctx.call.state["talk_about"] = requests[int(choice.key) - 1].id
            if choice.goto == CONCERN:
                return concern.begin(ctx, requests)
            return Turn(choice.goto)
        return None

    def targets(self) -> set[str]:
        return super().targets() | {TALK_CLIENT, OTHER, CONCERN_ABOUT, CONCERN_WORDS, GOODBYE}


def _talk_client(ctx: Ctx, turn: Turn) -> Turn:
    request = db.session.get(HelpRequest, ctx.call.state.get("talk_about"))
    if (
        request is None
        or ctx.person is None
        or request.status != RequestStatus.ASSIGNED
        or request.volunteer_id != ctx.person.id
        or request.client is None
    ):
        return Turn(GOODBYE, [*turn.say, str(P.BRIDGE_GONE)])
    return connect(ctx, turn, request, request.client, request.client.first_name)


def connect(ctx: Ctx, turn: Turn, request: HelpRequest, callee: Person, name: str) -> Turn:
    """Connect the caller with ``callee`` about ``request`` — within the contact hours;
    outside them the caller hears from when."""
    now = utcnow()
    begins = next_contact_time(now, ctx.kommune)
    if begins > now:
        today = begins.astimezone(BERLIN).date() == now.astimezone(BERLIN).date()
        later = P.BRIDGE_FROM_TODAY if today else P.BRIDGE_FROM_TOMORROW
        return Turn(GOODBYE, [*turn.say, later(time=spoken_time(begins))])
    ctx.call.state["bridge"] = {"request": request.id, "to": callee.id, "name": name}
    return Turn(BRIDGE, [*turn.say, P.BRIDGE_CONNECTING(name=name)])


def _bridge_state(ctx: Ctx) -> dict[str, object]:
    state = ctx.call.state.get("bridge")
    if not state:
        raise LookupError(f"call {ctx.call.id} has nobody to connect")
    return dict(state)


class Bridge(Step):
    """The ``<Dial>``: the hotline's number as caller ID, no recording."""

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        callee = db.session.get(Person, _bridge_state(ctx)["to"])
        hotline = ctx.call.to_number or (ctx.kommune.caller_id if ctx.kommune else None)
        if callee is None or hotline is None:
            raise LookupError(f"call {ctx.call.id}: nobody to connect, or no hotline number")
        return (
            ctx.script()
            .say(*say)
            .dial(
                callee.phone,
                action=ctx.url(BRIDGE_DONE),
                caller_id=hotline,
                timeout=RING_SECONDS,
            )
        )

    def targets(self) -> set[str]:
        return {BRIDGE_DONE}


class BridgeDone(Step):
    """Twilio's action callback after the ``<Dial>``: who talked to whom, how long."""

    def handle(self, ctx: Ctx) -> Turn:
        state = _bridge_state(ctx)
        request = db.session.get(HelpRequest, state["request"])
        callee = db.session.get(Person, state["to"])
        answered = ctx.inp.dial_status == "completed"
        if request is not None and callee is not None:
            lifecycle.call_bridged(
                db.session,
                ctx.call,
                request,
                callee,
                seconds=ctx.inp.dial_duration or 0,
                answered=answered,
            )
        if answered:
            return Turn(GOODBYE, [str(P.TALK_DONE)])
        return Turn(GOODBYE, [P.BRIDGE_NO_ANSWER(name=state.get("name", ""))])

    def targets(self) -> set[str]:
        return {GOODBYE}


def steps() -> list[Step]:
    """The steps of calls through the hotline, for the hotline's flow."""
    return [
        Assignments(ASSIGNMENTS),
        Action(TALK_CLIENT, _talk_client, leads_to={BRIDGE, GOODBYE}),
        Bridge(BRIDGE),
        BridgeDone(BRIDGE_DONE),
        *concern.steps(),
    ]
