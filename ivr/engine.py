"""What every call shares: flows of steps, stored answers, `*`, `0`, misses, menus.

A :class:`Flow` lists its steps. A webhook of a call is answered by one step of the call's
own flow: :meth:`Step.handle` reads what the caller did and says where to go
(:class:`Turn`); the engine enters that step (:meth:`Step.enter` may act, through the
domain, or pass on to another step), renders it, stores the webhook as a
:class:`~models.CallEvent` with its answer under ``(call, seq)`` and commits. Twilio's
retry of the same webhook gets the stored answer back and changes nothing; ``seq``
travels in the action URLs (``?n=``).

Everywhere a caller is asked something: ``*`` repeats, ``0`` reaches a person, and
silence or a wrong answer repeats the question with a hint at most twice
(:data:`MAX_MISSES`), then the step's fallback takes over (a person, a recording, or
goodbye at the end of a call we made). A question whose answer must not be guessed at (a
cancellation asked once more) instead takes silence or any other key as its ``otherwise``.

That ``0`` and ``*`` work is said once per call, in the first menu whose flow marks it
(``extras=True``): saying it in every menu made the calls long.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy import bindparam, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Call, CallEvent, Kommune, Person, db, utcnow
from prompts import SOURCE, Prompt, current_language, sentence, voice_for
from prompts import voice as P
from prompts.text import mentions, spoken_key, words
from telephony.inputs import VoiceInput
from telephony.twiml import Script

from . import speech
from .menus import PERSON_STEMS, REPEAT_STEMS, Menu, Option

#: The third miss at a step leaves it for the step's fallback (two repeats with a hint).
MAX_MISSES = 3
#: Steps every flow has: a person, their voicemail, goodbye.
HUMAN, VOICEMAIL, GOODBYE = "human", "voicemail", "goodbye"
#: ``call.state["pin"]``: not asked for (``None``), waiting for it, typed right, or not given.
PIN_PENDING, PIN_OK, PIN_FAILED = "pending", "ok", "failed"


def pin_state(call: Call) -> str | None:
    """Where the call stands with the PIN of the number's owner: only a call *to* the
    hotline can come from a forged number (we dial the calls we make ourselves)."""
    if call.person is None or not call.person.asks_pin or call.direction != "inbound":
        return PIN_OK
    return call.state.get("pin", PIN_PENDING)


@dataclass
class Turn:
    """Where a webhook leads: the next step and what to say before it."""

    step: str
    say: list[str] = field(default_factory=list)


class Ctx:
    """One webhook of one call."""

    def __init__(self, call: Call, seq: int, inp: VoiceInput) -> None:
        self.call = call
        self.seq = seq
        self.inp = inp
        self.kommune: Kommune | None = call.kommune
        #: Whom the calling number belongs to.
        self.number_owner: Person | None = call.person
        #: Who the caller is taken to be: the number's owner, unless the owner asks for a
        #: PIN and it was not (yet) typed in this call — then an unknown caller.
        self.person: Person | None = (
            call.person if call.person is None or pin_state(call) == PIN_OK else None
        )
        self.voice = voice_for(call.language, self.kommune.voice if self.kommune else None)

    def url(self, step: str) -> str:
        return url_for("ivr.step", step=step, n=self.seq + 1)

    def script(self) -> Script:
        return Script(self.voice)

    @property
    def heard_nothing(self) -> str:
        return str(P.NO_INPUT if self.inp.silent else P.NOT_UNDERSTOOD)

    def missed(self, step: str, hint: list[str], fallback: str) -> Turn:
        """No answer, or one we cannot use: ask again with ``hint``, or after
        :data:`MAX_MISSES` go to ``fallback``."""
        first = self.heard_nothing
        if self.call.count_miss(step) >= MAX_MISSES:
            return Turn(fallback, [first])  # a person says who answers: the team or a machine
        return Turn(step, [first, *hint])


class Step:
    """A point in a call. Subclasses render what the caller hears there, read what they
    did (:meth:`handle`), and may act or move on when the call gets there (:meth:`enter`).
    A step that only acts (it never renders) is an action."""

    def __init__(self, name: str) -> None:
        self.name = name

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        """Called when the call reaches this step: a turn to this step stays here (with
        what it says), a turn to another step goes on there."""
        return turn

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        raise LookupError(f"step {self.name!r} only acts, it has nothing to say")

    def handle(self, ctx: Ctx) -> Turn:
        raise LookupError(f"step {self.name!r} takes no answer")

    def targets(self) -> set[str]:
        """Steps this one may lead to (for the test that walks every flow)."""
        return set()


class Action(Step):
    """A step that does something and leads on, without a webhook of its own."""

    def __init__(self, name: str, run: Callable[[Ctx, Turn], Turn], *, leads_to: Iterable[str]):
        super().__init__(name)
        self.run = run
        self.leads_to = set(leads_to)

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        return self.run(ctx, turn)

    def targets(self) -> set[str]:
        return self.leads_to


class Ask(Step):
    """A question: ``*`` repeats it, ``0`` is a person, a miss asks again (see
    :meth:`Ctx.missed`); :meth:`answer` reads the rest, ``None`` meaning a miss."""

    fallback = HUMAN

    def handle(self, ctx: Ctx) -> Turn:
        if ctx.inp.digits == "*":
            return Turn(self.name)
        if ctx.inp.digits == "0":
            return Turn(HUMAN)
        turn = self.answer(ctx)
        if turn is None:
            return ctx.missed(self.name, self.hint(ctx), self.fallback)
        ctx.call.clear_misses(self.name)
        return turn

    def answer(self, ctx: Ctx) -> Turn | None:
        raise NotImplementedError

    def hint(self, ctx: Ctx) -> list[str]:
        return [str(P.HINT_KEYS)]

    def targets(self) -> set[str]:
        return {self.name, HUMAN, self.fallback}


class Listen(Step):
    """Something to hear (a reference number, details): ``*`` repeats it, ``0`` is a
    person, anything else or silence goes on to ``then``."""

    def __init__(
        self,
        name: str,
        sentences: Callable[[Ctx], list[str]],
        then: str = GOODBYE,
        *,
        enter: Callable[[Ctx, Turn], Turn] | None = None,
    ) -> None:
        super().__init__(name)
        self.sentences = sentences
        self.then = then
        self._enter = enter

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        return self._enter(ctx, turn) if self._enter else turn

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().ask(
            [*say, *self.sentences(ctx)],
            ctx.url(self.name),
            speech=False,
            finish_on_key="",
            timeout=5,
        )

    def handle(self, ctx: Ctx) -> Turn:
        if ctx.inp.digits == "*":
            return Turn(self.name)
        if ctx.inp.digits == "0":
            return Turn(HUMAN)
        return Turn(self.then)

    def targets(self) -> set[str]:
        return {self.name, HUMAN, self.then}


class Say(Step):
    """Last words: say them and hang up."""

    def __init__(self, name: str, sentences: Callable[[Ctx], list[str]]):
        super().__init__(name)
        self.sentences = sentences

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().say(*say, *self.sentences(ctx)).hangup()


# --- menus -----------------------------------------------------------------------------------


#: What a menu picks besides its options.
REPEAT, PERSON = "*", "0"


def choose(menu: Menu, inp: VoiceInput) -> Option | str | None:
    """The option picked by key or speech (in the language of the call); :data:`REPEAT`
    or :data:`PERSON`; else None."""
    if inp.digits:
        key = inp.digits[:1]
        if key in (REPEAT, PERSON):
            return key
        return menu.option(key)
    lang = current_language()
    if lang == SOURCE:
        tokens = words(inp.speech or "")
        found, repeat, person = mentions, REPEAT_STEMS, PERSON_STEMS
    else:
        tokens = speech.tokens(inp.speech, lang)
        found = speech.matches
        repeat, person = speech.stems(lang, ("repeat",)), speech.stems(lang, ("person",))
    if not tokens or found(tokens, menu.refuse_in(lang)):
        return None
    picked = [o for o in menu.options if found(tokens, o.stems_in(lang))]
    if len(picked) == 1:
        return picked[0]
    if picked:
        return None  # two options named: ask again
    if found(tokens, repeat):
        return REPEAT
    if found(tokens, person):
        return PERSON
    key = spoken_key(tokens) if lang == SOURCE else speech.spoken_key(tokens, lang)
    return key if key in (REPEAT, PERSON) else menu.option(key)


class MenuStep(Ask):
    """A menu of :mod:`ivr.menus`: ``lead`` says what comes before its question.

    ``extras``: the flow lets this menu say that ``0`` and ``*`` work, if no menu of the
    call has said so yet. ``otherwise``: silence and any key or word that picks no option
    lead there at once (no repeats). ``pick``: the menu depends on the moment (a variant
    among ``variants``); the one the caller heard is remembered, so that a key means what
    was announced. ``before``: looks at the answer first and may lead elsewhere (a
    language key in the first menus of a call).
    """

    def __init__(
        self,
        menu: Menu,
        lead: Callable[[Ctx], list[str]] | None = None,
        *,
        fallback: str = HUMAN,
        enter: Callable[[Ctx, Turn], Turn] | None = None,
        extras: bool = False,
        otherwise: str | None = None,
        variants: tuple[Menu, ...] = (),
        pick: Callable[[Ctx], Menu] | None = None,
        before: Callable[[Ctx, str], Turn | None] | None = None,
    ) -> None:
        super().__init__(menu.name)
        self.menu = menu
        self.lead = lead
        self.fallback = fallback
        self._enter = enter
        self.extras = extras
        self.otherwise = otherwise
        self.variants = (menu, *variants)
        self.pick = pick
        self.before = before

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        return self._enter(ctx, turn) if self._enter else turn

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        menu = self.pick(ctx) if self.pick else self.menu
        if len(self.variants) > 1:
            ctx.call.state["heard_menu"] = {
                **ctx.call.state.get("heard_menu", {}),
                self.name: menu.name,
            }
        lead = self.lead(ctx) if self.lead else []
        return render_menu(ctx, menu, [*say, *lead], extras=self.extras, step=self.name)

    def heard(self, ctx: Ctx) -> Menu:
        """The variant of the menu the caller heard last."""
        name = ctx.call.state.get("heard_menu", {}).get(self.name)
        return next((m for m in self.variants if m.name == name), self.menu)

    def handle(self, ctx: Ctx) -> Turn:
        if self.otherwise is None:
            return super().handle(ctx)
        turn = self.answer(ctx)
        return turn if turn is not None else Turn(self.otherwise)

    def answer(self, ctx: Ctx) -> Turn | None:
        heard = self.heard(ctx)
        # A key the caller heard as an option is that option, never what ``before`` reads.
        offered = (ctx.inp.digits or "")[:1] in {o.key for o in heard.options}
        if self.before and not offered and (turn := self.before(ctx, self.name)) is not None:
            return turn
        choice = choose(heard, ctx.inp)
        if choice == REPEAT:
            return Turn(self.name)
        if choice == PERSON:
            return Turn(HUMAN)
        if isinstance(choice, Option):
            if choice.sets:
                ctx.call.update_draft(**choice.sets)
            return Turn(choice.goto)
        return None

    def targets(self) -> set[str]:
        found = super().targets() | {o.goto for m in self.variants for o in m.options}
        return found | ({self.otherwise} if self.otherwise else set())


def announce(key: str, label: Prompt) -> str:
    """ "Für <label> drücken Sie die <key>." """
    return sentence(P.PRESS[key](option=str(label)))


def render_menu(
    ctx: Ctx, menu: Menu, say: list[str], *, extras: bool = False, step: str | None = None
) -> Script:
    """The menu's question and options (answered at ``step``, by default the menu's name);
    with ``extras`` also ``0`` and ``*``, once per call."""
    sentences = [*say]
    if menu.intro is not None:
        sentences.append(str(menu.intro))
    sentences += [o.announce() for o in menu.options]
    if menu.outro is not None:
        sentences.append(str(menu.outro))
    if extras and not ctx.call.state.get("extras_told"):
        ctx.call.state["extras_told"] = True
        sentences += [announce("0", P.LBL_PERSON), announce("*", P.LBL_REPEAT)]
    return ctx.script().ask(
        sentences,
        ctx.url(step or menu.name),
        hints=menu.hints() if menu.speech else (),
        finish_on_key="",
        speech=menu.speech,
    )


# --- flows and the webhooks ---------------------------------------------------------------------


class Flow:
    """The steps of one kind of call. ``start`` is the first turn; the steps every call
    needs (a person, voicemail, goodbye) are added by the caller of the constructor."""

    def __init__(self, name: str, start: Callable[[Ctx], Turn], steps: Iterable[Step]) -> None:
        self.name = name
        self.start = start
        self.steps: dict[str, Step] = {}
        for step in steps:
            if step.name in self.steps:
                raise ValueError(f"flow {name!r} has two steps named {step.name!r}")
            self.steps[step.name] = step

    def __repr__(self) -> str:
        return f"<Flow {self.name} ({len(self.steps)} steps)>"

    def step(self, name: str) -> Step:
        try:
            return self.steps[name]
        except KeyError:
            raise LookupError(f"flow {self.name!r} has no step {name!r}") from None

    def answer(self, ctx: Ctx, step: str | None) -> str:
        """Answer the webhook of ``step`` (``None``: the call's first), store it, commit."""
        started = time.perf_counter()
        turn = self.start(ctx) if step is None else self.step(step).handle(ctx)
        for _ in range(len(self.steps)):  # each step entered at most once per webhook
            nxt = self.step(turn.step).enter(ctx, turn)
            stays = nxt.step == turn.step
            turn = nxt
            if stays:
                break
        else:
            raise RuntimeError(f"flow {self.name!r} went round in circles at {turn.step!r}")
        answer = str(self.step(turn.step).render(ctx, turn.say))
        return _store(ctx, step or "incoming", turn.step, answer, started)


def _store(ctx: Ctx, step: str, next_step: str, answer: str, started: float) -> str:
    ctx.call.last_step = next_step
    inp = ctx.inp
    session = db.session
    try:
        _write_call(session, ctx.call)
        # A plain INSERT: the event is written, never read back in this request, so it
        # needs no place in the ORM's unit of work (which costs more than the statement).
        session.execute(
            _INSERT_EVENT,
            {
                "call_id": ctx.call.id,
                "seq": ctx.seq,
                "step": step,
                "digits": inp.digits,
                "speech": inp.speech,
                "confidence": inp.confidence,
                "next_step": next_step,
                "response": answer,
                "at": utcnow(),
                "elapsed_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        session.commit()
    except IntegrityError:
        # Twilio retried while the first delivery was still being handled: answer alike.
        session.rollback()
        stored = stored_answer(ctx.call, ctx.seq)
        if stored is None:
            raise
        return stored
    return answer


#: Built once: the statement and its compiled form are reused by every webhook.
_INSERT_EVENT = insert(CallEvent.__table__)


def _write_call(session: Session, call: Call) -> None:
    """Most webhooks change nothing but the call's own columns (its step, its state):
    then they are written with one plain UPDATE, and the commit has nothing left to flush.
    Anything else changed in the session (a request, an offer, the call's person) leaves
    it all to the ORM's flush at the commit, as usual."""
    if session.new or session.deleted:
        return
    dirty = session.dirty
    if len(dirty) != 1 or call not in dirty:
        return
    state = inspect(call)
    mapper = state.mapper
    if any(state.attrs[rel.key].history.has_changes() for rel in mapper.relationships):
        return
    values = {
        prop.columns[0].name: getattr(call, prop.key)
        for prop in mapper.column_attrs
        if state.attrs[prop.key].history.has_changes()
    }
    if values:
        with session.no_autoflush:  # the ORM would write the same changes first
            session.execute(_UPDATE_CALL, {"call_id": call.id, **values})
    # What is in the row now is the object's committed state: no flush at the commit.
    state._commit_all(state.dict, session.identity_map)


_UPDATE_CALL = update(Call.__table__).where(Call.__table__.c.id == bindparam("call_id"))


def stored_answer(call: Call, seq: int) -> str | None:
    return db.session.scalar(
        select(CallEvent.response).where(CallEvent.call_id == call.id, CallEvent.seq == seq)
    )
