"""How an offer is read out, printed and texted: opening hours, "open now", numbers in
groups, the SMS list (GSM-7, at most three segments)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from models import BERLIN, Angebot
from models import phone as phones
from prompts import directory as D
from prompts import sms as S
from prompts import voice as P
from prompts.text import for_sms, segments


def clock(minute: int, spoken: bool = False) -> str:
    """540 → "9:00" (written) or "9" / "9:30" (spoken, before "Uhr")."""
    hours, minutes = divmod(minute, 60)
    if spoken:
        return str(hours) if minutes == 0 else f"{hours}:{minutes:02d}"
    return f"{hours}:{minutes:02d}"


def hours_lines(offer: Angebot) -> list[str]:
    """ "Mo–Fr 8:00–16:00", "Di 14:00–18:00" (and the note, "nach Vereinbarung")."""
    lines = []
    for first, last, opens, closes in offer.spans():
        days = str(D.WEEKDAY_SHORT[first])
        if last != first:
            days += "–" + str(D.WEEKDAY_SHORT[last])
        lines.append(f"{days} {clock(opens)}–{clock(closes)}")
    if offer.hours_note:
        lines.append(offer.hours_note)
    return lines


def spoken_number(e164: str | None) -> str:
    """ "+493023125201" → "0 3 0, 2 3 1, 2 5 2, 0 1": digit by digit, in the groups of the
    national format, long groups in threes (a breath between groups)."""
    groups = []
    for group in phones.national(e164).replace("/", " ").split():
        digits = [ch for ch in group if ch.isdigit()]
        while len(digits) > 4:
            groups.append(" ".join(digits[:3]))
            digits = digits[3:]
        if digits:
            groups.append(" ".join(digits))
    return ", ".join(groups)


def open_sentence(
    offer: Angebot, at: datetime, is_open: bool, closed: Callable[[date], bool]
) -> str:
    """What a caller hears about when it is open."""
    if is_open:
        until = offer.open_until(at)
        return P.OFFER_OPEN_NOW(until=clock(until, spoken=True)) if until else ""
    nxt = offer.next_opening(at, closed)
    if nxt is None:
        return str(P.OFFER_HOURS_NOTE) if offer.hours_note else ""
    today = at.astimezone(BERLIN).date()
    hour = clock(nxt.hour * 60 + nxt.minute, spoken=True)
    if nxt.date() == today:
        return P.OFFER_OPENS_TODAY(time=hour)
    day = str(P.WEEKDAYS_ADVERB[nxt.weekday()]) if (nxt.date() - today).days > 1 else ""
    if not day:
        return P.OFFER_OPENS_TOMORROW(time=hour)
    return P.OFFER_OPENS_ON(day=str(P.WEEKDAY_NAME[nxt.weekday()]), time=hour)


def sms_text(
    offers: Sequence[Angebot],
    *,
    topic: str,
    district: str,
    hotline: str,
    open_ids: set[int],
    max_segments: int = 2,
) -> str:
    """The offers as one SMS, GSM-7, in at most ``max_segments`` segments (three at most
    when even the shortest form needs it): name, number, open now."""
    where = S.DIRECTORY_WHERE(district=district) if district else ""
    head = S.DIRECTORY_HEAD(topic=topic, where=where)
    foot = S.DIRECTORY_FOOT(number=hotline)

    def build(detail: int, count: int) -> str:
        items = []
        for n, offer in enumerate(offers[:count], start=1):
            parts = [offer.name if detail > 0 else offer.name[:40]]
            if offer.phone:
                parts.append(S.DIRECTORY_PHONE(number=phones.national(offer.phone)))
            if detail > 1 and offer.id in open_ids:
                parts.append(str(S.DIRECTORY_OPEN))
            if detail > 2 and offer.address:
                parts.append(offer.address)
            items.append(f"{n}) " + ", ".join(parts))
        return for_sms(" ".join([head, *items, foot]))

    for limit in (max_segments, 3):
        for count in range(len(offers), 0, -1):
            for detail in (3, 2, 1, 0):
                text = build(detail, count)
                if segments(text) <= limit:
                    return text
    return for_sms(head + " " + foot)
