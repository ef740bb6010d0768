"""The steps every call has — a person (the duty phone in office hours), their voicemail,
goodbye — and what several flows say: the greeting, a recording kept."""

from __future__ import annotations

from flask import url_for

from models import Kommune, Recording, db
from prompts import voice as P
from telephony.twiml import Script

from .engine import GOODBYE, HUMAN, VOICEMAIL, Ctx, Say, Step, Turn

#: Longest recording of a description or a voicemail, in seconds.
RECORD_SECONDS = 60
VOICEMAIL_SECONDS = 120


def greeting(ctx: Ctx) -> str:
    """ "Guten Tag, Frau Mustermann. Hier ist ...", without a name when none is known."""
    kommune = ctx.kommune.spoken_name if ctx.kommune else ""
    name = ctx.person.greeting_name.strip() if ctx.person else ""
    if name:
        return P.GREETING_KNOWN(name=name, kommune=kommune)
    return P.GREETING(kommune=kommune)


def store_recording(ctx: Ctx, purpose: str) -> Recording | None:
    """Keep what a ``<Record>`` brought (nothing for an empty or too short one)."""
    inp = ctx.inp
    if not (inp.recording_sid and inp.recording_url):
        return None
    if inp.recording_duration is not None and inp.recording_duration < 1:
        return None
    return Recording.upsert(
        db.session,
        call=ctx.call,
        sid=inp.recording_sid,
        url=inp.recording_url,
        duration=inp.recording_duration,
        purpose=purpose,
    )


def record(ctx: Ctx, script: Script, done_step: str, max_length: int = RECORD_SECONDS) -> Script:
    """Record after the beep; an empty recording goes on to ``done_step`` as well."""
    return script.record(
        ctx.url(done_step),
        max_length=max_length,
        status_callback=url_for("ivr.recording"),
        on_empty=ctx.url(done_step),
    )


def _spoken_hour(hhmm: str) -> str:
    """ "09:00" → "9", "16:30" → "16:30"."""
    return str(int(hhmm[:2])) if hhmm.endswith(":00") else hhmm


def hours_sentence(kommune: Kommune) -> str:
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


class Human(Step):
    """A person: the duty phones while the office is open (all of them ring at once, the
    first to pick up takes the call), else the voicemail."""

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        kommune = ctx.kommune
        if kommune is not None and kommune.duty_phones and kommune.is_open():
            return turn
        return Turn(VOICEMAIL, turn.say)

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        duty_phones = ctx.kommune.duty_phones if ctx.kommune else []
        if not duty_phones:
            raise LookupError("a person was entered without a duty phone")
        return (
            ctx.script()
            .say(*say, str(P.CONNECTING))
            .dial(duty_phones, action=ctx.url("dial_done"), caller_id=None)
        )

    def targets(self) -> set[str]:
        return {VOICEMAIL, "dial_done"}


class DialDone(Step):
    def handle(self, ctx: Ctx) -> Turn:
        if ctx.inp.dial_status == "completed":
            ctx.call.outcome = ctx.call.outcome or "staff"
            return Turn(GOODBYE, [str(P.TALK_DONE)])
        return Turn(VOICEMAIL, [str(P.NOBODY_FREE)])

    def targets(self) -> set[str]:
        return {GOODBYE, VOICEMAIL}


class Voicemail(Step):
    def render(self, ctx: Ctx, say: list[str]) -> Script:
        kommune = ctx.kommune
        sentences = [*say]
        if kommune is not None and kommune.is_open():
            sentences.append(str(P.NOBODY_FREE))
        elif kommune is not None:
            sentences += [str(P.OFFICE_CLOSED), hours_sentence(kommune)]
        sentences.append(str(P.VOICEMAIL))
        return record(ctx, ctx.script().say(*sentences), "voicemail_done", VOICEMAIL_SECONDS)

    def targets(self) -> set[str]:
        return {"voicemail_done"}


class VoicemailDone(Step):
    def handle(self, ctx: Ctx) -> Turn:
        if store_recording(ctx, "voicemail") is not None:
            ctx.call.needs_callback = True
            ctx.call.outcome = ctx.call.outcome or "voicemail"
            return Turn(GOODBYE, [str(P.VOICEMAIL_THANKS)])
        # Nothing said: staff still call back when they can see who it was.
        ctx.call.needs_callback = ctx.call.from_number is not None
        return Turn(GOODBYE, [str(P.VOICEMAIL_EMPTY)])

    def targets(self) -> set[str]:
        return {GOODBYE}


def shared_steps() -> list[Step]:
    """New instances of the steps every flow has."""
    return [
        Human(HUMAN),
        DialDone("dial_done"),
        Voicemail(VOICEMAIL),
        VoicemailDone("voicemail_done"),
        Say(GOODBYE, lambda ctx: [str(P.GOODBYE)]),
    ]
