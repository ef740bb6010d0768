"""The hotline: a person calls, hears the status of an open request or asks for help.

Read top to bottom this is the whole call: greeting, the PIN (for a number whose owner
staff marked "mit PIN"), the status of an open request (a new one, or cancel it), what
help, when, in their own words, who they are (unknown callers), confirmation, the
reference number and what happens next — said from the Kommune's hours, never a promise
the line cannot keep.
"""

from __future__ import annotations

from dataclasses import replace

from dispatch import checkins, intake, lifecycle, pairings
from dispatch.hours import next_contact_time, today_still_possible
from dispatch.lifecycle import NotAllowed
from dispatch.queries import open_requests_of
from dispatch.wording import CATEGORY_PHRASE, WHEN_PHRASE, addressed, day_text, volunteer_name
from models import BERLIN, Actor, HelpRequest, Pairing, RequestStatus, db, utcnow
from models import phone as phones
from prompts import Plural, Prompt, digits, sentence, spoken_date
from prompts import voice as P
from prompts.text import meaningful
from telephony.twiml import Script

from . import bridge, directory, languages, menus
from .common import (
    callback_when,
    greeting,
    record,
    shared_steps,
    spoken_number,
    spoken_time,
    store_recording,
)
from .engine import (
    GOODBYE,
    PIN_FAILED,
    PIN_OK,
    PIN_PENDING,
    Action,
    Ask,
    Ctx,
    Flow,
    Listen,
    MenuStep,
    Say,
    Step,
    Turn,
    pin_state,
)


def start(ctx: Ctx) -> Turn:
    if ctx.kommune is None:
        return Turn("not_in_service")
    say = [greeting(ctx), str(P.EMERGENCY)]
    if languages.unknown(ctx):
        return Turn(languages.CHOOSE, say)
    return _after_language(ctx, say)


def _after_language(ctx: Ctx, say: list[str]) -> Turn:
    if pin_state(ctx.call) == PIN_PENDING:
        return Turn("pin", say)
    return _known(ctx, say)


def _known(ctx: Ctx, say: list[str]) -> Turn:
    """A volunteer with assignments hears them first; a client with open requests their
    status; everybody else the main menu."""
    if bridge.assignments(ctx):
        return Turn(bridge.ASSIGNMENTS, say)
    return _as_client(ctx, say)


def _as_client(ctx: Ctx, say: list[str]) -> Turn:
    if _open_requests(ctx):
        return Turn("status", say)
    return Turn("main", say)


def _open_requests(ctx: Ctx) -> list[HelpRequest]:
    if ctx.kommune is None:
        return []
    return open_requests_of(db.session, ctx.kommune.id, ctx.person, ctx.call.from_number)


def _actor(ctx: Ctx) -> Actor:
    return Actor.client(ctx.person.id if ctx.person else None)


# --- the PIN -------------------------------------------------------------------------------------


class Pin(Ask):
    """The owner of the calling number asked for a PIN (caller ID can be forged): four
    keys, ``#`` without. Three misses (wrong or nothing) and the call goes on as an unknown
    caller's, who can still make a request (it waits for staff)."""

    fallback = "pin_failed"

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().ask(
            [*say, str(P.ASK_PIN), str(P.PIN_SKIP)],
            ctx.url(self.name),
            num_digits=4,
            finish_on_key="",
            speech=False,
            timeout=10,
        )

    def handle(self, ctx: Ctx) -> Turn:
        entered = ctx.inp.digits or ""
        if entered == "#":
            return Turn("pin_failed")
        owner = ctx.number_owner
        if entered in ("*", "0") or not entered or owner is None:
            return super().handle(ctx)  # repeat, a person, or silence
        if owner.check_pin(entered):
            ctx.call.state["pin"] = PIN_OK
            ctx.call.clear_misses(self.name)
            return Turn("pin_ok")
        if ctx.call.count_miss(self.name) >= 3:
            return Turn("pin_failed", [str(P.PIN_WRONG)])
        return Turn(self.name, [str(P.PIN_WRONG)])

    def answer(self, ctx: Ctx) -> Turn | None:
        return None  # only silence gets here

    def targets(self) -> set[str]:
        return super().targets() | {"pin_ok", "pin_failed"}


def _pin_ok(ctx: Ctx, turn: Turn) -> Turn:
    ctx.person = ctx.number_owner
    name = addressed(ctx.person) if ctx.person else ""
    return _known(ctx, [*turn.say, P.PIN_OK(name=name)])


def _pin_failed(ctx: Ctx, turn: Turn) -> Turn:
    ctx.call.state["pin"] = PIN_FAILED
    return Turn("main", [*turn.say, str(P.PIN_NEW_ONLY)])


# --- a caller with an open request -------------------------------------------------------------


def _enter_status(ctx: Ctx, turn: Turn) -> Turn:
    requests = _open_requests(ctx)
    if not requests:  # cancelled meanwhile (by staff): straight to a new request
        return Turn("main", turn.say)
    request = requests[0]
    ctx.call.state["subject_request_id"] = request.id
    sentences = [*turn.say]
    if len(requests) > 1:
        sentences.append(P.OPEN_COUNT(count=len(requests)))
    sentences.append(_status_sentence(request))
    return Turn("status", sentences)


def _status_sentence(request: HelpRequest) -> str:
    ref = digits(request.ref)
    category = str(CATEGORY_PHRASE[request.category])
    when = day_text(request)
    if request.status == RequestStatus.REVIEW:
        return P.STATUS_REVIEW(ref=ref, category=category, when=when)
    if request.status == RequestStatus.ASSIGNED and request.volunteer is not None:
        return P.STATUS_ASSIGNED(
            ref=ref, category=category, volunteer=volunteer_name(request.volunteer), day=when
        )
    if request.status == RequestStatus.UNMATCHED:
        return P.STATUS_UNMATCHED(ref=ref)
    return P.STATUS_SEARCHING(ref=ref, category=category, when=when)


def _status_menu(ctx: Ctx) -> menus.Menu:
    """With a volunteer on the request, 3 connects to them (the label names them)."""
    request = _subject(ctx)
    if request is None or request.status != RequestStatus.ASSIGNED or request.volunteer is None:
        return menus.STATUS
    name = volunteer_name(request.volunteer)
    options = tuple(
        replace(o, label=P.LBL_TALK_VOLUNTEER(name=name)) if o.goto == "talk_volunteer" else o
        for o in menus.STATUS_ASSIGNED.options
    )
    return replace(menus.STATUS_ASSIGNED, options=options)


def _talk_volunteer(ctx: Ctx, turn: Turn) -> Turn:
    request = _subject(ctx)
    if request is None or request.status != RequestStatus.ASSIGNED or request.volunteer is None:
        return Turn("anything_else", [*turn.say, str(P.BRIDGE_GONE)])
    volunteer = request.volunteer
    return bridge.connect(ctx, turn, request, volunteer, volunteer_name(volunteer))


# --- a client with a phone friendship: 6 pauses its next date ------------------------------------


def _client_pairing(ctx: Ctx) -> Pairing | None:
    if ctx.person is None or not ctx.person.is_client:
        return None
    found = pairings.pairings_of(db.session, ctx.person)
    return next((p for p in found if p.client_id == ctx.person.id), None)


def _main_menu(ctx: Ctx) -> menus.Menu:
    """The main menu, with 6 for a client's phone friendship (naming the volunteer) and 7
    for their daily check-in (pause, or resume when paused)."""
    extra: list[menus.Option] = []
    pairing = _client_pairing(ctx)
    if pairing is not None and pairings.next_date(db.session, pairing) is not None:
        name = volunteer_name(pairing.volunteer)
        extra.append(replace(menus.PAIRING_PAUSE, label=P.LBL_PAIRING_PAUSE(name=name)))
    person = ctx.person
    if person is not None and person.checkin_slots and person.erased_at is None:
        label = P.LBL_CHECKIN_RESUME if person.checkin_paused else P.LBL_CHECKIN_PAUSE
        extra.append(replace(menus.CHECKIN_TOGGLE, label=label))
    gotos = {o.goto for o in extra}
    if not extra:
        return menus.MAIN
    if gotos == {"pairing_pause"}:
        base = menus.MAIN_PAIRING
    elif gotos == {"checkin_toggle"}:
        base = menus.MAIN_CHECKIN
    else:
        base = menus.MAIN_BOTH
    return replace(base, options=(*menus.MAIN.options, *extra))


def _checkin_toggle(ctx: Ctx, turn: Turn) -> Turn:
    """ "Ich bin verreist": the daily check-in calls pause (or resume)."""
    person = ctx.person
    if person is None or not person.checkin_slots:
        return Turn("anything_else", turn.say)
    paused = not person.checkin_paused
    checkins.pause(db.session, person, paused=paused, actor=_actor(ctx))
    said = P.CHECKIN_PAUSED if paused else P.CHECKIN_RESUMED
    return Turn("anything_else", [*turn.say, str(said)])


def _pairing_pause(ctx: Ctx, turn: Turn) -> Turn:
    pairing = _client_pairing(ctx)
    date = (
        pairings.skip_next(db.session, pairing, actor=_actor(ctx)) if pairing is not None else None
    )
    if pairing is None or date is None:
        return Turn("anything_else", [*turn.say, str(P.PAIRING_NOTHING_TO_PAUSE)])
    local = date.due_at.astimezone(BERLIN)
    said = P.PAIRING_PAUSED(
        day=spoken_date(local.date()),
        time=spoken_time(date.due_at),
        name=volunteer_name(pairing.volunteer),
    )
    return Turn("anything_else", [*turn.say, said])


def _other_concern(ctx: Ctx, turn: Turn) -> Turn:
    return _as_client(ctx, turn.say)


def _subject(ctx: Ctx) -> HelpRequest | None:
    request_id = ctx.call.state.get("subject_request_id")
    return db.session.get(HelpRequest, request_id) if request_id else None


def _cancel(ctx: Ctx, turn: Turn) -> Turn:
    request = _subject(ctx)
    say = []
    if request is not None:
        volunteer = request.volunteer if request.status == RequestStatus.ASSIGNED else None
        try:
            lifecycle.cancel(db.session, request, actor=_actor(ctx))
        except NotAllowed:
            pass  # over meanwhile
        else:
            ctx.call.outcome = "cancelled"
            say.append(str(P.CANCELLED))
            if volunteer is not None:
                say.append(P.CANCELLED_TELL(volunteer=volunteer_name(volunteer)))
    return Turn("anything_else", say)


def _keep(ctx: Ctx, turn: Turn) -> Turn:
    return Turn("anything_else", [*turn.say, str(P.KEPT)])


# --- when ----------------------------------------------------------------------------------------


def _when_menu(ctx: Ctx) -> menus.Menu:
    """ "heute" only while enough of today's contact hours is left to find someone."""
    return menus.WHEN if today_still_possible(utcnow(), ctx.kommune) else menus.WHEN_LATE


def _when_lead(ctx: Ctx) -> list[str]:
    return [] if _when_menu(ctx) is menus.WHEN else [str(P.TOO_LATE_TODAY)]


# --- in their own words --------------------------------------------------------------------------

EXAMPLES = {
    "shopping": P.EXAMPLE_SHOPPING,
    "dog_walking": P.EXAMPLE_DOG,
    "phone_chat": P.EXAMPLE_CHAT,
    "other": P.EXAMPLE_OTHER,
}


class FreeWords(Ask):
    """A question answered in the caller's own words (what, name, address); after the
    misses a recording takes the words instead. ``#`` skips it when ``skip`` says where."""

    def __init__(
        self,
        name: str,
        question: Prompt,
        draft_key: str,
        then: str,
        *,
        recording: str,
        skip: str | None = None,
    ) -> None:
        super().__init__(name)
        self.question = question
        self.draft_key = draft_key
        self.then = then
        self.fallback = recording
        self.skip = skip

    def sentences(self, ctx: Ctx) -> list[str]:
        return [str(self.question)]

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().ask(
            [*say, *self.sentences(ctx)], ctx.url(self.name), finish_on_key="", timeout=6
        )

    def answer(self, ctx: Ctx) -> Turn | None:
        if self.skip and ctx.inp.digits == "#":
            return Turn(self.skip)
        if meaningful(ctx.inp.speech):
            ctx.call.update_draft(**{self.draft_key: ctx.inp.speech})
            return Turn(self.then)
        return None

    def hint(self, ctx: Ctx) -> list[str]:
        return [str(P.SAY_AGAIN)]

    def targets(self) -> set[str]:
        return super().targets() | {self.then} | ({self.skip} if self.skip else set())


class Describe(FreeWords):
    """What is needed, in the caller's words; that ``#`` goes on without is said once the
    caller hesitates (most callers just say it)."""

    def sentences(self, ctx: Ctx) -> list[str]:
        example = EXAMPLES.get(ctx.call.draft.get("category", "other"), P.EXAMPLE_OTHER)
        return [str(P.DESCRIBE), str(example)]

    def hint(self, ctx: Ctx) -> list[str]:
        return [str(P.SAY_AGAIN), str(P.OPT_SKIP)]


class Record(Step):
    """A recording after a spoken notice (§201 StGB), kept as ``purpose``."""

    def __init__(self, name: str, notice: Plural, purpose: str, done: str, then: str) -> None:
        super().__init__(name)
        self.notice = notice
        self.purpose = purpose
        self.done = done
        self.then = then

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        days = ctx.kommune.recording_retention_days if ctx.kommune else 30
        script = ctx.script().say(*say, self.notice(days=days), str(P.RECORD_HOW))
        return record(ctx, script, self.done)

    def targets(self) -> set[str]:
        return {self.done}


class Recorded(Step):
    """Where a recording ends: noted in the draft, then on to ``then``."""

    def __init__(self, name: str, purpose: str, draft_key: str, then: str) -> None:
        super().__init__(name)
        self.purpose = purpose
        self.draft_key = draft_key
        self.then = then

    def handle(self, ctx: Ctx) -> Turn:
        if store_recording(ctx, self.purpose) is not None:
            ctx.call.update_draft(**{self.draft_key: True})
            return Turn(self.then, [str(P.RECORDED)])
        return Turn(self.then)

    def targets(self) -> set[str]:
        return {self.then}


def _after_description(ctx: Ctx, turn: Turn) -> Turn:
    if ctx.person is not None:
        return Turn("confirm", turn.say)
    intro = P.PIN_CONTACT_INTRO if ctx.number_owner is not None else P.UNKNOWN_INTRO
    say = [*turn.say, str(intro)]
    if ctx.call.from_number is None and not ctx.call.draft.get("callback_phone"):
        return Turn("number", say)
    return Turn("name", say)


# --- unknown callers: number --------------------------------------------------------------------------


class Number(Ask):
    """A withheld number, typed in and ended with ``#``."""

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        return ctx.script().ask(
            [*say, str(P.ASK_NUMBER)],
            ctx.url(self.name),
            num_digits=None,
            finish_on_key="#",
            speech=False,
            timeout=10,
        )

    def answer(self, ctx: Ctx) -> Turn | None:
        entered = ctx.inp.digits or ""
        number = phones.parse_or_none(entered) if entered.isdigit() else None
        if number is None:
            return None
        ctx.call.update_draft(callback_phone=number)
        return Turn("name")

    def hint(self, ctx: Ctx) -> list[str]:
        return [] if ctx.inp.silent else [str(P.NUMBER_NOT_UNDERSTOOD)]

    def targets(self) -> set[str]:
        return super().targets() | {"name"}


# --- confirmation and the request --------------------------------------------------------------------


def _summary(ctx: Ctx) -> list[str]:
    draft = ctx.call.draft
    category = str(CATEGORY_PHRASE[draft.get("category", "other")])
    when = str(WHEN_PHRASE[draft.get("when", "soon")])
    if draft.get("description"):
        sentences = [
            sentence(P.SUMMARY_WORDS(category=category, when=when, text=draft["description"]))
        ]
    else:
        sentences = [sentence(P.SUMMARY(category=category, when=when))]
    if draft.get("recorded_description"):
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
            sentences.append(P.SUMMARY_NUMBER(number=spoken_number(number)))
    return sentences


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
        actor=_actor(ctx),
        description=draft.get("description", ""),
        channel="call",
        call_id=call.id,
        caller_name=draft.get("caller_name", ""),
        caller_address=draft.get("caller_address", ""),
        callback_phone=draft.get("callback_phone") or call.from_number,
        pin_missing=ctx.person is None and ctx.number_owner is not None,
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


def _done_sentences(ctx: Ctx) -> list[str]:
    request = db.session.get(HelpRequest, ctx.call.state.get("submitted_request_id"))
    if request is None:
        return [str(P.GOODBYE)]
    ref = digits(request.ref)
    return [P.THANKS_REF(ref=ref), P.REF_AGAIN(ref=ref), _what_next(ctx, request)]


def _what_next(ctx: Ctx, request: HelpRequest) -> str:
    """What happens now, as it will happen: staff call back in office hours; volunteers are
    asked within the contact hours (now, or from when they begin)."""
    now = utcnow()
    if request.status == RequestStatus.REVIEW:
        return P.NEXT_REVIEW(when=callback_when(ctx.kommune, now))
    begins = next_contact_time(now, ctx.kommune)
    if begins <= now:
        return str(P.NEXT_SEARCH)
    if begins.astimezone(BERLIN).date() == now.astimezone(BERLIN).date():
        return P.NEXT_SEARCH_FROM(time=spoken_time(begins))
    return P.NEXT_SEARCH_TOMORROW_FROM(time=spoken_time(begins))


HOTLINE = Flow(
    "hotline",
    start,
    [
        languages.ChooseLanguage(_after_language, leads_to={"pin", "status", "main"}),
        Pin("pin"),
        Action("pin_ok", _pin_ok, leads_to={"status", "main"}),
        Action("pin_failed", _pin_failed, leads_to={"main"}),
        MenuStep(
            menus.STATUS,
            enter=_enter_status,
            extras=True,
            variants=(menus.STATUS_ASSIGNED,),
            pick=_status_menu,
            before=languages.switch,
        ),
        Action(
            "talk_volunteer", _talk_volunteer, leads_to={bridge.BRIDGE, GOODBYE, "anything_else"}
        ),
        Action(bridge.OTHER, _other_concern, leads_to={"status", "main"}),
        *bridge.steps(),
        MenuStep(menus.CANCEL_CONFIRM, otherwise="keep"),
        Action("cancel", _cancel, leads_to={"anything_else"}),
        Action("keep", _keep, leads_to={"anything_else"}),
        MenuStep(menus.ANYTHING_ELSE, fallback="goodbye"),
        MenuStep(
            menus.MAIN,
            extras=True,
            variants=(menus.MAIN_PAIRING, menus.MAIN_CHECKIN, menus.MAIN_BOTH),
            pick=_main_menu,
            before=languages.switch,
        ),
        Action("checkin_toggle", _checkin_toggle, leads_to={"anything_else"}),
        Action("pairing_pause", _pairing_pause, leads_to={"anything_else"}),
        MenuStep(menus.WHEN, _when_lead, variants=(menus.WHEN_LATE,), pick=_when_menu),
        Describe(
            "describe",
            P.DESCRIBE,
            "description",
            "described",
            recording="record_description",
            skip="described",
        ),
        Record(
            "record_description",
            P.RECORD_NOTICE,
            "description",
            "recorded_description",
            "described",
        ),
        Recorded("recorded_description", "description", "recorded_description", "described"),
        Action("described", _after_description, leads_to={"confirm", "number", "name"}),
        Number("number"),
        FreeWords("name", P.ASK_NAME, "caller_name", "address", recording="record_contact"),
        FreeWords(
            "address", P.ASK_ADDRESS, "caller_address", "confirm", recording="record_contact"
        ),
        Record("record_contact", P.RECORD_CONTACT_NOTICE, "contact", "recorded_contact", "confirm"),
        Recorded("recorded_contact", "contact", "recorded_contact", "confirm"),
        MenuStep(menus.CONFIRM, _summary),
        Action("submit", _submit, leads_to={"done", "main"}),
        Action("start_over", _start_over, leads_to={"main"}),
        Listen("done", _done_sentences),
        Say("not_in_service", lambda ctx: [str(P.NOT_IN_SERVICE)]),
        *directory.steps(),
        *shared_steps(),
    ],
)
