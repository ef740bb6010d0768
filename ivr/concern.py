"""A concern by phone: a volunteer with assignments hears "Für eine Sorge um jemanden, dem
Sie helfen, drücken Sie die 8." in their menu (:class:`ivr.bridge.Assignments`), says
which client if they help several, then what they noticed. The words (or, when none are
recognised, a recording) raise the same flag as "SORGE 4711 …" by SMS
(:func:`dispatch.lifecycle.log_outcome` with a concern): urgent, first on Heute."""

from __future__ import annotations

from sqlalchemy import select

from dispatch import intake, lifecycle
from models import Actor, HelpRequest, OutcomeKind, RequestStatus, db
from prompts import dashboard as D
from prompts import digits
from prompts import voice as P
from prompts.text import meaningful, words
from telephony.twiml import Script

from .common import record, store_recording
from .engine import GOODBYE, HUMAN, PERSON, REPEAT, Ask, Ctx, Step, Turn, choose, render_menu
from .menus import Menu, Option

CONCERN, CONCERN_ABOUT, CONCERN_WORDS, CONCERN_RECORD, CONCERN_RECORDED = (
    "concern",
    "concern_about",
    "concern_words",
    "concern_record",
    "concern_recorded",
)
#: The requests the volunteer heard in their menu (ids), and the one the concern is about.
HEARD, ABOUT = "concern_heard", "concern_about"


def begin(ctx: Ctx, requests: list[HelpRequest]) -> Turn:
    """The volunteer chose the concern in their menu; ``requests`` are the ones they heard."""
    if not requests:  # done or given back meanwhile
        return Turn(GOODBYE, [str(P.BRIDGE_GONE)])
    if len(requests) == 1:
        ctx.call.state[ABOUT] = requests[0].id
        return Turn(CONCERN_WORDS)
    ctx.call.state[HEARD] = [r.id for r in requests]
    return Turn(CONCERN_ABOUT)


def _theirs(ctx: Ctx) -> HelpRequest | None:
    """The request the concern is about, if it is (still) the caller's."""
    request = db.session.get(HelpRequest, ctx.call.state.get(ABOUT))
    if (
        request is None
        or ctx.person is None
        or request.volunteer_id != ctx.person.id
        or request.status not in (RequestStatus.ASSIGNED, RequestStatus.DONE)
    ):
        return None
    return request


class ConcernAbout(Ask):
    """Which of the volunteer's clients, one key each (as heard in their menu)."""

    def _requests(self, ctx: Ctx) -> list[HelpRequest]:
        ids = ctx.call.state.get(HEARD, [])
        found = {
            r.id: r for r in db.session.scalars(select(HelpRequest).where(HelpRequest.id.in_(ids)))
        }
        return [found[i] for i in ids if i in found]

    def _menu(self, requests: list[HelpRequest]) -> Menu:
        options = [
            Option(
                str(n),
                P.LBL_CONCERN_ABOUT(
                    name=request.client.first_name if request.client else "",
                    ref=digits(request.ref),
                ),
                tuple(words(request.client.first_name if request.client else "")) or ("-",),
                CONCERN_WORDS,
            )
            for n, request in enumerate(requests, start=1)
        ]
        return Menu(self.name, P.CONCERN_WHICH, tuple(options))

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return render_menu(ctx, self._menu(self._requests(ctx)), say, step=self.name)

    def answer(self, ctx: Ctx) -> Turn | None:
        requests = self._requests(ctx)
        choice = choose(self._menu(requests), ctx.inp)
        if choice == REPEAT:
            return Turn(self.name)
        if choice == PERSON:
            return Turn(HUMAN)
        if isinstance(choice, Option):
            ctx.call.state[ABOUT] = requests[int(choice.key) - 1].id
            return Turn(CONCERN_WORDS)
        return None

    def targets(self) -> set[str]:
        return super().targets() | {CONCERN_WORDS}


def _raise(ctx: Ctx, note: str) -> Turn:
    request = _theirs(ctx)
    if request is None or ctx.person is None:
        return Turn(GOODBYE, [str(P.BRIDGE_GONE)])
    lifecycle.log_outcome(
        db.session,
        request,
        OutcomeKind.CONCERN,
        note=note[:1000],
        actor=Actor.volunteer(ctx.person.id),
    )
    intake.attach_recordings(db.session, request, ctx.call.id)
    return Turn(GOODBYE, [str(P.CONCERN_THANKS)])


class ConcernWords(Ask):
    """What the volunteer noticed, in their words; after the misses a recording."""

    fallback = CONCERN_RECORD

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().ask(
            [*say, str(P.CONCERN_ASK)], ctx.url(self.name), finish_on_key="", timeout=6
        )

    def answer(self, ctx: Ctx) -> Turn | None:
        if meaningful(ctx.inp.speech):
            return _raise(ctx, ctx.inp.speech or "")
        return None

    def hint(self, ctx: Ctx) -> list[str]:
        return [str(P.SAY_AGAIN)]

    def targets(self) -> set[str]:
        return super().targets() | {GOODBYE}


class ConcernRecord(Step):
    """The words as a recording, after the notice (§201 StGB)."""

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        days = ctx.kommune.recording_retention_days if ctx.kommune else 30
        script = ctx.script().say(*say, P.RECORD_NOTICE(days=days), str(P.RECORD_HOW))
        return record(ctx, script, CONCERN_RECORDED)

    def targets(self) -> set[str]:
        return {CONCERN_RECORDED}


class ConcernRecorded(Step):
    """A recording raises the flag (staff listen to it); nothing recorded, nothing raised."""

    def handle(self, ctx: Ctx) -> Turn:
        if store_recording(ctx, "concern") is None:
            return Turn(GOODBYE)
        return _raise(ctx, str(D.CONCERN_BY_RECORDING))

    def targets(self) -> set[str]:
        return {GOODBYE}


def steps() -> list[Step]:
    return [
        ConcernAbout(CONCERN_ABOUT),
        ConcernWords(CONCERN_WORDS),
        ConcernRecord(CONCERN_RECORD),
        ConcernRecorded(CONCERN_RECORDED),
    ]
