"""The steps every call has — a person (the duty phone in office hours), their voicemail,
goodbye — and what several flows say: the greeting, a recording kept."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import url_for

from dispatch.wording import addressed
from models import BERLIN, Kommune, Recording, db, utcnow
from models import phone as phones
from models.kommune import WEEKDAYS
from prompts import spoken_date
from prompts import voice as P
from telephony.twiml import Script

from .engine import GOODBYE, HUMAN, VOICEMAIL, Ctx, Say, Step, Turn

#: Longest recording of a description or a voicemail, in seconds.
RECORD_SECONDS = 60
VOICEMAIL_SECONDS = 120


def greeting(ctx: Ctx) -> str:
    """ "Guten Tag, Frau Mustermann. Hier ist ...", without a name when none is known (or
    the caller has not yet typed the PIN the number's owner asked for)."""
    kommune = ctx.kommune.spoken_name if ctx.kommune else ""
    name = addressed(ctx.person).strip() if ctx.person else ""
    if name:
        return P.GREETING_KNOWN(name=name, kommune=kommune)
    return P.GREETING(kommune=kommune)


def spoken_number(number: str | None) -> str:
    """A phone number read the way people say one: the area code, then the rest in groups
    of three and two, with a pause before the last ("030 – 231 25 – 177")."""
    if not number:
        return ""
    national = phones.national(number)
    area, _, rest = national.partition(" ")
    rest = rest.replace(" ", "")
    if not rest.isdigit():
        return national
    groups = number_groups(rest)
    if len(groups) > 2:
        groups = [" ".join(groups[:-1]), groups[-1]]
    return " – ".join([area, *groups])


def number_groups(digits: str) -> list[str]:
    """Digits in the groups people say: three first, then pairs, three at the end when the
    count is odd ("23125177" → "231", "25", "177"); up to four digits stay together or
    split in two pairs."""
    n = len(digits)
    if n <= 3:
        return [digits]
    if n == 4:
        return [digits[:2], digits[2:]]
    sizes = [3]
    rest = n - 3
    if rest % 2:
        sizes += [2] * ((rest - 3) // 2) + [3]
    else:
        sizes += [2] * (rest // 2)
    groups, at = [], 0
    for size in sizes:
        groups.append(digits[at : at + size])
        at += size
    return groups


def spoken_time(at: datetime) -> str:
    """ "9" for 9:00, "9:30" for half past (local time)."""
    local = at.astimezone(BERLIN)
    return str(local.hour) if local.minute == 0 else f"{local.hour}:{local.minute:02d}"


#: The team calls back "heute noch" only while the office stays open at least this long.
CALLBACK_NEEDS = timedelta(hours=1)


def callback_when(kommune: Kommune | None, at: datetime) -> str:
    """When the team calls back, from the next office hours: "heute noch", "morgen ab 9
    Uhr", "am Montag, 28. Dezember ab 9 Uhr" (said after "Wir rufen Sie … zurück")."""
    opening = kommune.next_opening(at, lasting=CALLBACK_NEEDS) if kommune else None
    if opening is None:
        return str(P.CALLBACK_SOON)
    today = at.astimezone(BERLIN).date()
    day = opening.astimezone(BERLIN).date()
    if opening <= at:
        return str(P.CALLBACK_TODAY)
    if day == today:
        return P.CALLBACK_TODAY_FROM(time=spoken_time(opening))
    if day == today + timedelta(days=1):
        return P.CALLBACK_TOMORROW_FROM(time=spoken_time(opening))
    return P.CALLBACK_ON(day=spoken_date(day), time=spoken_time(opening))


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
    return str(int(hhmm[:2])) if hhmm.endswith(":00") else hhmm.lstrip("0")


def _and(parts: list[str]) -> str:
    """ "a", "a und b", "a, b und c"."""
    if len(parts) < 2:
        return "".join(parts)
    return P.AND(first=", ".join(parts[:-1]), last=parts[-1])


def hours_sentence(kommune: Kommune) -> str:
    """ "Sie erreichen uns Montag bis Freitag von 9 bis 16 Uhr.", "… täglich von 8 bis 18
    Uhr.", "… Montag bis Donnerstag von 9 bis 12 Uhr und von 13 bis 16 Uhr und freitags von
    9 bis 12 Uhr." — weekdays with the same hours are said together."""
    hours = kommune.office_hours or {}
    groups: list[list[Any]] = []  # [first day, last day, spans]
    for n, day in enumerate(WEEKDAYS):
        spans = sorted(tuple(span) for span in hours.get(day) or [])
        if not spans:
            continue
        if groups and groups[-1][2] == spans and groups[-1][1] == n - 1:
            groups[-1][1] = n
        else:
            groups.append([n, n, spans])
    phrases = []
    for first, last, spans in groups:
        times = _and([P.TIMES(start=_spoken_hour(a), end=_spoken_hour(b)) for a, b in spans])
        if first == 0 and last == 6:
            days = str(P.EVERY_DAY)
        elif first == last:
            days = str(P.WEEKDAYS_ADVERB[first])
        elif last == first + 1:
            days = P.AND(first=str(P.WEEKDAYS[first]), last=str(P.WEEKDAYS[last]))
        else:
            days = P.DAYS_RANGE(first=str(P.WEEKDAYS[first]), last=str(P.WEEKDAYS[last]))
        phrases.append(P.HOURS_GROUP(days=days, times=times))
    return P.OFFICE_HOURS(hours=_and(phrases)) if phrases else ""


class Human(Step):
    """A person: the staff on shift (the rota), or without a rota the duty phones while
    the office is open — all of them ring at once, the first to pick up takes the call
    (with a rota after pressing 1 to a whisper, so that a voicemail never takes it); else
    the voicemail."""

    def enter(self, ctx: Ctx, turn: Turn) -> Turn:
        kommune = ctx.kommune
        if kommune is not None and kommune.staff_phones():
            return turn
        return Turn(VOICEMAIL, turn.say)

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        kommune = ctx.kommune
        numbers = kommune.staff_phones() if kommune else []
        if not numbers:
            raise LookupError("a person was entered without a staff phone")
        whisper = url_for("ivr.whisper") if kommune is not None and kommune.rota else None
        if whisper is not None:
            # Who rings (the browser phone shows it to them, so they can take it there).
            ctx.call.state["ringing"] = list(numbers)
        return (
            ctx.script()
            .say(*say, str(P.TO_PERSON), str(P.CONNECTING))
            .dial(numbers, action=ctx.url("dial_done"), caller_id=None, whisper=whisper)
        )

    def targets(self) -> set[str]:
        return {VOICEMAIL, "dial_done"}


class DialDone(Step):
    def handle(self, ctx: Ctx) -> Turn:
        ctx.call.state.pop("ringing", None)
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
            return Turn(GOODBYE, [P.VOICEMAIL_THANKS(when=callback_when(ctx.kommune, utcnow()))])
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
