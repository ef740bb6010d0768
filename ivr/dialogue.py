"""The hotline dialogue: one function per step interprets what the caller did, one per
step renders what they hear next. The menus themselves are data in :mod:`ivr.menus`.

Every webhook is stored as a :class:`~models.CallEvent` with its answer under
``(call, seq)``; Twilio's retry of the same webhook gets the stored answer back and
changes nothing. ``seq`` travels in the action URLs (``?n=``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from dispatch import intake, lifecycle
from dispatch.wording import CATEGORY_PHRASE, WHEN_PHRASE, day_text
from models import (
    Call,
    CallEvent,
    CallPurpose,
    HelpRequest,
    Kommune,
    Person,
    Recording,
    RequestStatus,
    db,
)
from models import phone as phones
from prompts import SOURCE, Prompt, current_language, digits, language, speakable, voice_for
from prompts import voice as P
from telephony.twiml import Script

from .inputs import VoiceInput, meaningful, mentions, spoken_key
from .menus import MENUS, PERSON_STEMS, REPEAT_STEMS, Menu, Option

#: A step may be repeated with a hint this often; then the caller gets a person.
MAX_RETRIES = 2
#: Longest recording of a description or a voicemail, in seconds.
RECORD_SECONDS = 60
VOICEMAIL_SECONDS = 120


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
        self.person: Person | None = call.person
        self.voice = voice_for(call.language, self.kommune.voice if self.kommune else None)

    def url(self, step: str) -> str:
        return url_for("ivr.step", step=step, n=self.seq + 1)

    def script(self) -> Script:
        return Script(self.voice)


# --- entry points -------------------------------------------------------------------------


def answer_incoming(inp: VoiceInput) -> str:
    """The first webhook of a call to the hotline."""
    session = db.session
    call = _call_by_sid(inp.call_sid)
    if call is None:
        call = _start_call(inp)
        try:
            session.flush()
        except IntegrityError:  # the same webhook, delivered twice at once
            session.rollback()
            call = _call_by_sid(inp.call_sid)
            if call is None:
                raise
            stored = stored_answer(call, 0)
        else:
            stored = None  # a call created just now has no answer yet
    else:
        stored = stored_answer(call, 0)
    if stored is not None:
        return stored
    ctx = Ctx(call, 0, inp)
    with language(call.language):
        return finish(ctx, "incoming", _first_turn(ctx))


def answer_step(step: str, seq: int, inp: VoiceInput) -> str:
    """A webhook from inside the dialogue: the caller's answer to ``step``."""
    call = _call_by_sid(inp.call_sid)
    if call is None:
        raise LookupError("webhook for a call that never reached /voice/incoming")
    stored = stored_answer(call, seq)
    if stored is not None:
        return stored
    handler = HANDLERS.get(step)
    if handler is None:
        raise LookupError(f"unknown dialogue step {step!r}")
    ctx = Ctx(call, seq, inp)
    with language(call.language):
        return finish(ctx, step, handler(ctx))


def _call_by_sid(sid: str) -> Call | None:
    """The call with its Kommune and person, in one query (every webhook needs them)."""
    if not sid:
        raise ValueError("webhook without CallSid")
    return db.session.scalar(
        select(Call)
        .options(joinedload(Call.kommune), joinedload(Call.person))
        .where(Call.sid == sid)
    )


def stored_answer(call: Call, seq: int) -> str | None:
    return db.session.scalar(
        select(CallEvent.response).where(CallEvent.call_id == call.id, CallEvent.seq == seq)
    )


def _start_call(inp: VoiceInput) -> Call:
    session = db.session
    caller = phones.parse_or_none(inp.from_raw)
    dialled = phones.parse_or_none(inp.to_raw)
    kommune = Kommune.for_number(session, dialled)
    person = Person.by_phone(session, kommune.id, caller) if kommune else None
    lang = kommune.languages[0] if kommune and kommune.languages else "de"
    if person is not None and kommune is not None and person.language in kommune.languages:
        lang = person.language
    call = Call(
        sid=inp.call_sid,
        kommune=kommune,
        direction="inbound",
        purpose=CallPurpose.HOTLINE,
        from_number=caller,
        to_number=dialled,
        person=person,
        language=speakable(lang),
        status=inp.call_status or "ringing",
        state={},
    )
    session.add(call)
    return call


def finish(ctx: Ctx, step: str, turn: Turn) -> str:
    """Run actions, render the next step, store the event with its answer, commit."""
    started = time.perf_counter()
    while turn.step in ACTIONS:
        turn = ACTIONS[turn.step](ctx, turn)
    answer = str(RENDER[turn.step](ctx, turn.say))
    ctx.call.last_step = turn.step
    inp = ctx.inp
    db.session.add(
        CallEvent(
            call_id=ctx.call.id,
            seq=ctx.seq,
            step=step,
            digits=inp.digits,
            speech=inp.speech,
            confidence=inp.confidence,
            next_step=turn.step,
            response=answer,
            elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # Twilio retried while the first delivery was still being handled: answer alike.
        db.session.rollback()
        stored = stored_answer(ctx.call, ctx.seq)
        if stored is None:
            raise
        return stored
    return answer


# --- the first turn -------------------------------------------------------------------------


def greeting(ctx: Ctx) -> str:
    """ "Guten Tag, Frau Mustermann. Hier ist ...", without a name when none is known."""
    kommune = ctx.kommune.name if ctx.kommune else ""
    name = ctx.person.greeting_name.strip() if ctx.person else ""
    if name:
        return P.GREETING_KNOWN(name=name, kommune=kommune)
    return P.GREETING(kommune=kommune)


def _first_turn(ctx: Ctx) -> Turn:
    if ctx.kommune is None:
        return Turn("not_in_service")
    say = [greeting(ctx), str(P.EMERGENCY)]
    if _open_requests(ctx):
        return Turn("status", say)
    return Turn("main", [*say, str(P.SPEECH_HINT)])


def _open_requests(ctx: Ctx) -> list[HelpRequest]:
    if ctx.kommune is None:
        return []
    return intake.open_requests_of(db.session, ctx.kommune.id, ctx.person, ctx.call.from_number)


# --- menus ----------------------------------------------------------------------------------


def _choose(menu: Menu, inp: VoiceInput) -> Option | str | None:
    """The option picked by key or speech; "0" and "*" for person and repeat; else None."""
    if inp.digits:
        key = inp.digits[:1]
        if key in ("0", "*"):
            return key
        return next((o for o in menu.options if o.key == key), None)
    tokens = inp.spoken_words
    if not tokens:
        return None
    picked = [o for o in menu.options if mentions(tokens, o.stems)]
    if len(picked) == 1:
        return picked[0]
    if not picked:
        if mentions(tokens, REPEAT_STEMS):
            return "*"
        if mentions(tokens, PERSON_STEMS):
            return "0"
        key = spoken_key(tokens)
        if key in ("0", "*"):
            return key
        return next((o for o in menu.options if o.key == key), None)
    return None


def _miss(ctx: Ctx, step: str, hint: str, exhausted: str = "human") -> Turn:
    """Wrong or no input: repeat with a hint at most twice, then ``exhausted``."""
    first = str(P.NO_INPUT if ctx.inp.silent else P.NOT_UNDERSTOOD)
    if ctx.call.count_miss(step) > MAX_RETRIES:
        if exhausted == "human":
            return Turn("human", [first, str(P.TO_PERSON)])
        return Turn(exhausted, [first])
    return Turn(step, [first, hint])


def menu_handler(menu: Menu) -> Callable[[Ctx], Turn]:
    def handle(ctx: Ctx) -> Turn:
        choice = _choose(menu, ctx.inp)
        if choice == "*":
            return Turn(menu.name)
        if choice == "0":
            return Turn("human")
        if isinstance(choice, Option):
            ctx.call.clear_misses(menu.name)
            if choice.sets:
                ctx.call.update_draft(**choice.sets)
            return Turn(choice.goto)
        return _miss(ctx, menu.name, str(P.HINT_KEYS), menu.exhausted)

    return handle


def render_menu(ctx: Ctx, menu: Menu, say: list[str]) -> Script:
    sentences = [*say]
    if menu.intro is not None:
        sentences.append(str(menu.intro))
    sentences += [str(o.label) for o in menu.options]
    sentences += [str(P.OPT_PERSON), str(P.OPT_REPEAT)]
    # Speech is matched against German words; in other languages the keys do the work.
    speech = menu.speech and current_language() == SOURCE
    return ctx.script().ask(
        sentences,
        ctx.url(menu.name),
        hints=menu.hints() if speech else (),
        finish_on_key="",
        speech=speech,
    )


def _menu_renderer(menu: Menu) -> Callable[[Ctx, list[str]], Script]:
    return lambda ctx, say: render_menu(ctx, menu, say)


# --- status of an open request ----------------------------------------------------------------


def _render_status(ctx: Ctx, say: list[str]) -> Script:
    requests = _open_requests(ctx)
    if not requests:  # cancelled meanwhile (by staff): straight to a new request
        return render_menu(ctx, MENUS["main"], say)
    request = requests[0]
    ctx.call.state["subject_request_id"] = request.id
    sentences = [*say]
    if len(requests) > 1:
        sentences.append(P.OPEN_COUNT(count=len(requests)))
    sentences.append(_status_sentence(request))
    return render_menu(ctx, MENUS["status"], sentences)


def _status_sentence(request: HelpRequest) -> str:
    ref = digits(request.ref)
    category = str(CATEGORY_PHRASE[request.category])
    when = day_text(request)
    if request.status == RequestStatus.REVIEW:
        return P.STATUS_REVIEW(ref=ref, category=category, when=when)
    if request.status == RequestStatus.ASSIGNED and request.volunteer is not None:
        return P.STATUS_ASSIGNED(
            ref=ref, category=category, volunteer=request.volunteer.first_name, day=when
        )
    if request.status == RequestStatus.UNMATCHED:
        return P.STATUS_UNMATCHED(ref=ref)
    return P.STATUS_SEARCHING(ref=ref, category=category, when=when)


def _subject(ctx: Ctx) -> HelpRequest | None:
    request_id = ctx.call.state.get("subject_request_id")
    return db.session.get(HelpRequest, request_id) if request_id else None


def _cancel(ctx: Ctx, turn: Turn) -> Turn:
    request = _subject(ctx)
    say = [str(P.CANCELLED)]
    if request is not None:
        volunteer = request.volunteer if request.status == RequestStatus.ASSIGNED else None
        if lifecycle.cancel(db.session, request, by="client", actor="client"):
            ctx.call.outcome = "cancelled"
            if volunteer is not None:
                say.append(P.CANCELLED_TELL(volunteer=volunteer.first_name))
    return Turn("anything_else", say)


def _keep(ctx: Ctx, turn: Turn) -> Turn:
    return Turn("anything_else", [str(P.KEPT)])


# --- in their own words -------------------------------------------------------------------------

EXAMPLES = {
    "shopping": P.EXAMPLE_SHOPPING,
    "dog_walking": P.EXAMPLE_DOG,
    "phone_chat": P.EXAMPLE_CHAT,
    "other": P.EXAMPLE_OTHER,
}


def _render_describe(ctx: Ctx, say: list[str]) -> Script:
    example = EXAMPLES.get(ctx.call.draft.get("category", "other"), P.EXAMPLE_OTHER)
    sentences = [*say, str(P.DESCRIBE), str(example), str(P.OPT_SKIP)]
    return ctx.script().ask(sentences, ctx.url("describe"), finish_on_key="", timeout=6)


def _handle_describe(ctx: Ctx) -> Turn:
    inp = ctx.inp
    if inp.digits == "*":
        return Turn("describe")
    if inp.digits == "0":
        return Turn("human")
    if inp.digits == "#":
        return _after_description(ctx, [])
    if meaningful(inp.speech):
        ctx.call.update_draft(description=inp.speech)
        return _after_description(ctx, [])
    first = str(P.NO_INPUT if inp.silent else P.NOT_UNDERSTOOD)
    if ctx.call.count_miss("describe") >= MAX_RETRIES:
        return Turn("record_description", [first])
    return Turn("describe", [first, str(P.SAY_AGAIN)])


def _render_record(ctx: Ctx, say: list[str], notice: str, done_step: str) -> Script:
    script = ctx.script().say(*say, notice, str(P.RECORD_HOW))
    return script.record(
        ctx.url(done_step),
        max_length=RECORD_SECONDS,
        status_callback=url_for("ivr.recording"),
        on_empty=ctx.url(done_step),
    )


def _retention_days(ctx: Ctx) -> int:
    return ctx.kommune.recording_retention_days if ctx.kommune else 30


def _render_record_description(ctx: Ctx, say: list[str]) -> Script:
    notice = P.RECORD_NOTICE(days=_retention_days(ctx))
    return _render_record(ctx, say, notice, "recorded_description")


def _store_recording(ctx: Ctx, purpose: str) -> Recording | None:
    inp = ctx.inp
    if not (inp.recording_sid and inp.recording_url):
        return None
    if inp.recording_duration is not None and inp.recording_duration < 1:
        return None
    recording = Recording.upsert(
        db.session,
        call=ctx.call,
        sid=inp.recording_sid,
        url=inp.recording_url,
        duration=inp.recording_duration,
        purpose=purpose,
    )
    return recording


def _handle_recorded_description(ctx: Ctx) -> Turn:
    if _store_recording(ctx, "description") is not None:
        ctx.call.update_draft(recorded_description=True)
        return _after_description(ctx, [str(P.RECORDED)])
    return _after_description(ctx, [])


def _after_description(ctx: Ctx, say: list[str]) -> Turn:
    if ctx.person is not None:
        return Turn("confirm", say)
    say = [*say, str(P.UNKNOWN_INTRO)]
    if ctx.call.from_number is None and not ctx.call.draft.get("callback_phone"):
        return Turn("number", say)
    return Turn("name", say)


# --- unknown callers: number, name, address --------------------------------------------------------


def _render_number(ctx: Ctx, say: list[str]) -> Script:
    return ctx.script().ask(
        [*say, str(P.ASK_NUMBER)],
        ctx.url("number"),
        num_digits=None,
        finish_on_key="#",
        speech=False,
        timeout=10,
    )


def _handle_number(ctx: Ctx) -> Turn:
    entered = ctx.inp.digits or ""
    if entered == "*":
        return Turn("number")
    if entered == "0":
        return Turn("human")
    number = phones.parse_or_none(entered) if entered.isdigit() else None
    if number is None:
        first = str(P.NO_INPUT if ctx.inp.silent else P.NUMBER_NOT_UNDERSTOOD)
        if ctx.call.count_miss("number") > MAX_RETRIES:
            return Turn("human", [first, str(P.TO_PERSON)])
        return Turn("number", [first])
    ctx.call.update_draft(callback_phone=number)
    return Turn("name")


def _speech_step(
    name: str, prompt: Prompt, draft_key: str, next_step: str
) -> tuple[Callable[[Ctx], Turn], Callable[[Ctx, list[str]], Script]]:
    """A question answered in free speech (name, address); twice nothing → a recording."""

    def render(ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().ask([*say, str(prompt)], ctx.url(name), finish_on_key="", timeout=6)

    def handle(ctx: Ctx) -> Turn:
        inp = ctx.inp
        if inp.digits == "*":
            return Turn(name)
        if inp.digits == "0":
            return Turn("human")
        if meaningful(inp.speech):
            ctx.call.update_draft(**{draft_key: inp.speech})
            return Turn(next_step)
        first = str(P.NO_INPUT if inp.silent else P.NOT_UNDERSTOOD)
        if ctx.call.count_miss(name) >= MAX_RETRIES:
            return Turn("record_contact", [first])
        return Turn(name, [first, str(P.SAY_AGAIN)])

    return handle, render


_handle_name, _render_name = _speech_step("name", P.ASK_NAME, "caller_name", "address")
_handle_address, _render_address = _speech_step(
    "address", P.ASK_ADDRESS, "caller_address", "confirm"
)


def _render_record_contact(ctx: Ctx, say: list[str]) -> Script:
    notice = P.RECORD_CONTACT_NOTICE(days=_retention_days(ctx))
    return _render_record(ctx, say, notice, "recorded_contact")


def _handle_recorded_contact(ctx: Ctx) -> Turn:
    if _store_recording(ctx, "contact") is not None:
        ctx.call.update_draft(recorded_contact=True)
        return Turn("confirm", [str(P.RECORDED)])
    return Turn("confirm")


# --- confirmation and the request --------------------------------------------------------------------


def _render_confirm(ctx: Ctx, say: list[str]) -> Script:
    draft = ctx.call.draft
    sentences = [
        *say,
        P.SUMMARY(
            category=str(CATEGORY_PHRASE[draft.get("category", "other")]),
            when=str(WHEN_PHRASE[draft.get("when", "soon")]),
        ),
    ]
    if draft.get("description"):
        sentences.append(P.SUMMARY_WORDS(text=draft["description"]))
    elif draft.get("recorded_description"):
        sentences.append(str(P.SUMMARY_RECORDED))
    if ctx.person is None:
        if draft.get("caller_name") or draft.get("caller_address"):
            sentences.append(
                P.SUMMARY_CONTACT(
                    name=draft.get("caller_name", "–"), address=draft.get("caller_address", "–")
                )
            )
        if draft.get("recorded_contact"):
            sentences.append(str(P.SUMMARY_CONTACT_RECORDED))
        number = draft.get("callback_phone") or ctx.call.from_number
        if number:
            sentences.append(P.SUMMARY_NUMBER(number=digits(phones.national(number))))
    return render_menu(ctx, MENUS["confirm"], sentences)


def _submit(ctx: Ctx, turn: Turn) -> Turn:
    call = ctx.call
    draft = call.draft
    if ctx.kommune is None or "category" not in draft or "when" not in draft:
        return Turn("main")
    request = intake.open_request(
        db.session,
        kommune=ctx.kommune,
        client=ctx.person,
        category=draft["category"],
        when=draft["when"],
        description=draft.get("description", ""),
        channel="call",
        call_id=call.id,
        caller_name=draft.get("caller_name", ""),
        caller_address=draft.get("caller_address", ""),
        callback_phone=draft.get("callback_phone") or call.from_number,
    )
    intake.attach_recordings(db.session, request, call.id)
    call.request_id = request.id
    call.outcome = "request"
    call.state["submitted_request_id"] = request.id
    call.state["draft"] = {}
    return Turn("done")


def _start_over(ctx: Ctx, turn: Turn) -> Turn:
    keep = {k: v for k, v in ctx.call.draft.items() if k in ("callback_phone",)}
    ctx.call.state["draft"] = keep
    return Turn("main", [str(P.START_OVER)])


def _render_done(ctx: Ctx, say: list[str]) -> Script:
    request = db.session.get(HelpRequest, ctx.call.state.get("submitted_request_id"))
    if request is None:
        return _render_goodbye(ctx, say)
    ref = digits(request.ref)
    nxt = P.NEXT_REVIEW if request.status == RequestStatus.REVIEW else P.NEXT_SEARCH
    sentences = [*say, P.THANKS_REF(ref=ref), P.REF_AGAIN(ref=ref), str(nxt), str(P.OPT_REPEAT_REF)]
    return ctx.script().ask(sentences, ctx.url("done"), speech=False, finish_on_key="", timeout=5)


def _handle_done(ctx: Ctx) -> Turn:
    if ctx.inp.digits == "*":
        return Turn("done")
    if ctx.inp.digits == "0":
        return Turn("human")
    return Turn("goodbye")


# --- a person, or their voicemail ---------------------------------------------------------------------


def _spoken_hour(hhmm: str) -> str:
    """ "09:00" → "9", "16:30" → "16:30"."""
    return str(int(hhmm[:2])) if hhmm.endswith(":00") else hhmm


def _hours_sentence(kommune: Kommune) -> str:
    """ "Sie erreichen uns montags bis freitags von 9 bis 16 Uhr."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    spans = []
    for first, last, start, end in kommune.hours_text_spans():
        day = str(P.WEEKDAYS_ADVERB[names.index(first)])
        if first == last:
            spans.append(P.HOURS_DAY(day=day, start=_spoken_hour(start), end=_spoken_hour(end)))
        else:
            spans.append(
                P.HOURS_SPAN(
                    first=day,
                    last=str(P.WEEKDAYS_ADVERB[names.index(last)]),
                    start=_spoken_hour(start),
                    end=_spoken_hour(end),
                )
            )
    return P.OFFICE_HOURS(hours=", ".join(spans)) if spans else ""


def _render_human(ctx: Ctx, say: list[str]) -> Script:
    kommune = ctx.kommune
    if kommune is not None and kommune.duty_phone and kommune.is_open():
        return (
            ctx.script()
            .say(*say, str(P.CONNECTING))
            .dial(kommune.duty_phone, action=ctx.url("dial_done"), caller_id=None)
        )
    return _render_voicemail(ctx, say)


def _render_voicemail(ctx: Ctx, say: list[str]) -> Script:
    kommune = ctx.kommune
    sentences = [*say]
    if kommune is not None and kommune.is_open():
        sentences.append(str(P.NOBODY_FREE))
    elif kommune is not None:
        sentences += [str(P.OFFICE_CLOSED), _hours_sentence(kommune)]
    sentences.append(str(P.VOICEMAIL))
    script = ctx.script().say(*sentences)
    return script.record(
        ctx.url("voicemail_done"),
        max_length=VOICEMAIL_SECONDS,
        status_callback=url_for("ivr.recording"),
        on_empty=ctx.url("voicemail_done"),
    )


def _handle_dial_done(ctx: Ctx) -> Turn:
    if ctx.inp.dial_status == "completed":
        ctx.call.outcome = ctx.call.outcome or "staff"
        return Turn("goodbye", [str(P.TALK_DONE)])
    return Turn("voicemail", [str(P.NOBODY_FREE)])


def _handle_voicemail_done(ctx: Ctx) -> Turn:
    if _store_recording(ctx, "voicemail") is not None:
        ctx.call.needs_callback = True
        ctx.call.outcome = ctx.call.outcome or "voicemail"
        return Turn("goodbye", [str(P.VOICEMAIL_THANKS)])
    # Nothing said: staff still call back when they can see who it was.
    ctx.call.needs_callback = ctx.call.from_number is not None
    return Turn("goodbye", [str(P.VOICEMAIL_EMPTY)])


def _render_goodbye(ctx: Ctx, say: list[str]) -> Script:
    return ctx.script().say(*say, str(P.GOODBYE)).hangup()


def _render_not_in_service(ctx: Ctx, say: list[str]) -> Script:
    return ctx.script().say(str(P.NOT_IN_SERVICE)).hangup()


# --- the step tables ---------------------------------------------------------------------------------------

#: How the caller's input to each step is interpreted.
HANDLERS: dict[str, Callable[[Ctx], Turn]] = {
    **{name: menu_handler(menu) for name, menu in MENUS.items()},
    "describe": _handle_describe,
    "recorded_description": _handle_recorded_description,
    "number": _handle_number,
    "name": _handle_name,
    "address": _handle_address,
    "recorded_contact": _handle_recorded_contact,
    "done": _handle_done,
    "dial_done": _handle_dial_done,
    "voicemail_done": _handle_voicemail_done,
}

#: Choices that do something and lead on to a step, without a webhook of their own.
ACTIONS: dict[str, Callable[[Ctx, Turn], Turn]] = {
    "submit": _submit,
    "start_over": _start_over,
    "cancel": _cancel,
    "keep": _keep,
}

#: What the caller hears at each step.
RENDER: dict[str, Callable[[Ctx, list[str]], Script]] = {
    **{name: _menu_renderer(menu) for name, menu in MENUS.items()},
    "status": _render_status,
    "confirm": _render_confirm,
    "describe": _render_describe,
    "record_description": _render_record_description,
    "number": _render_number,
    "name": _render_name,
    "address": _render_address,
    "record_contact": _render_record_contact,
    "done": _render_done,
    "human": _render_human,
    "voicemail": _render_voicemail,
    "goodbye": _render_goodbye,
    "not_in_service": _render_not_in_service,
}
