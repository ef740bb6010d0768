"""Weekly hours as people write them, one parser for every place that reads them:

- a Kommune's office hours (``nachbarruf kommune set --office-hours``, Einstellungen):
  ``"Mo-Fr 9-16"``, ``"Mo-Do 9-16, Fr 9-12"``, ``"Mo-Fr 9-12, 14-16"``, ``"Di 9:30-12"``;
- a volunteer's availability (people import): ``"Mo-Fr 9-17"``, ``"Mo;Mi;Fr"``,
  ``"Montag bis Freitag 9.00 Uhr - 17.00 Uhr"`` (one span of whole hours is all a
  volunteer stores);
- contact hours: ``"8-20"``.

Days come first and the hours after them; a day named after hours starts the next group
(``"Mo-Do 9-16, Fr 9-12"``). Hours without days mean every day; days without hours take
the caller's default, if it has one. A day may be named in two groups as long as the hours
do not overlap (``"Mo-Fr 9-12, Di 14-18"``). Errors are :class:`HoursError` with a
``problem`` key; the words for it are in :mod:`prompts.hours`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

#: Keys of the weekdays in stored office hours, Monday first.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How the dashboard and the command line write the days back.
SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")

DAY_NAMES = {
    "mo": 0,
    "di": 1,
    "mi": 2,
    "do": 3,
    "fr": 4,
    "sa": 5,
    "so": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
    "montags": 0,
    "dienstags": 1,
    "mittwochs": 2,
    "donnerstags": 3,
    "freitags": 4,
    "samstags": 5,
    "sonntags": 6,
}
#: Words that name several days at once.
DAY_GROUPS = {
    "täglich": tuple(range(7)),
    "taeglich": tuple(range(7)),
    "tgl": tuple(range(7)),
    "werktags": tuple(range(5)),
    "wochenende": (5, 6),
}
#: Words between days that mean nothing more than a comma.
FILLERS = {"und", "sowie", "von"}
DAY = 24 * 60

#: Minutes since midnight, [start, end).
Span = tuple[int, int]
#: Weekday (0 = Monday) → its spans, sorted.
Week = dict[int, list[Span]]

_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_SPAN = re.compile(rf"{_TIME}-{_TIME}")
_DAYS = re.compile(r"([a-zäöüß]{2,12})(?:-([a-zäöüß]{2,12}))?")


class HoursError(ValueError):
    """Text that cannot be read as weekly hours. ``problem`` says why:

    ``empty``, ``day`` (not a weekday), ``day_order`` (Fr-Mo), ``time`` (not a time),
    ``time_order`` (the end before the start), ``overlap`` (two spans of one day overlap),
    ``no_hours`` (days without hours), ``minutes`` (only whole hours here), ``several``
    (only one span of hours here); ``part`` is the piece of text concerned.
    """

    def __init__(self, problem: str, part: str = "") -> None:
        super().__init__(f"{problem}: {part!r}")
        self.problem = problem
        self.part = part


def _normalise(text: str) -> list[str]:
    text = text.strip().lower()
    text = re.sub(r"[–—]|\bbis\b", "-", text)
    text = re.sub(r"\buhr\b", " ", text)
    text = re.sub(r"(?<=[a-zäöü])\.", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return [t for t in re.split(r"[\s;,/+&]+", text) if t]


def _minutes(hours: str, minutes: str | None, token: str) -> int:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise HoursError("time", token)
    return h * 60 + m


def _span(token: str) -> Span | None:
    m = _SPAN.fullmatch(token)
    if not m:
        return None
    start = _minutes(m.group(1), m.group(2), token)
    end = _minutes(m.group(3), m.group(4), token)
    if end <= start:
        raise HoursError("time_order", token)
    return start, end


def _shown(token: str) -> str:
    """A day token as people write it again ("mo-fr" → "Mo-Fr")."""
    return "-".join(part.capitalize() for part in token.split("-"))


def _days(token: str) -> tuple[int, ...]:
    if token in DAY_GROUPS:
        return DAY_GROUPS[token]
    shown = _shown(token)
    m = _DAYS.fullmatch(token)
    if not m:
        raise HoursError("time" if re.search(r"\d", token) else "day", shown)
    first, last = m.group(1), m.group(2) or m.group(1)
    if first not in DAY_NAMES or last not in DAY_NAMES:
        raise HoursError("day", shown)
    a, b = DAY_NAMES[first], DAY_NAMES[last]
    if b < a:
        raise HoursError("day_order", shown)
    return tuple(range(a, b + 1))


def parse_week(text: str, *, default: Span | None = None) -> Week:
    """``"Mo-Do 9-16, Fr 9-12"`` → ``{0: [(540, 960)], …, 4: [(540, 720)]}``.

    Raises :class:`HoursError`. Empty text is the problem ``empty``."""
    tokens = _normalise(text)
    if not tokens:
        raise HoursError("empty")
    groups: list[tuple[list[int], list[Span], str]] = []
    days: list[int] = []
    spans: list[Span] = []
    named = ""
    for token in tokens:
        if token in FILLERS:
            continue
        span = _span(token)
        if span is not None:
            spans.append(span)
            continue
        if spans:  # a day after hours: the next group begins
            groups.append((days, spans, named))
            days, spans, named = [], [], ""
        days += _days(token)
        named = f"{named} {_shown(token)}".strip()
    groups.append((days, spans, named))

    week: Week = {}
    for group_days, group_spans, words in groups:
        if not group_spans:
            if default is None:
                raise HoursError("no_hours", words)
            group_spans = [default]
        for day in group_days or range(7):
            for span in group_spans:
                if span not in week.setdefault(day, []):
                    week[day].append(span)
    for day, day_spans in week.items():
        day_spans.sort()
        for (_, end), (start, _) in itertools.pairwise(day_spans):
            if start < end:
                raise HoursError("overlap", SHORT[day])
    return dict(sorted(week.items()))


# --- a Kommune's office hours ------------------------------------------------------------------


def _hhmm(minutes: int) -> str:
    minutes = min(minutes, DAY - 1)  # "bis 24 Uhr" is stored as 23:59
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def office_hours(text: str) -> dict[str, list[list[str]]]:
    """Office hours as the Kommune stores them: ``{"mon": [["09:00", "16:00"]], …}``."""
    week = parse_week(text)
    return {
        WEEKDAYS[day]: [[_hhmm(start), _hhmm(end)] for start, end in spans]
        for day, spans in week.items()
    }


def _short_time(hhmm: str) -> str:
    if hhmm == "23:59":
        return "24"
    hours, minutes = hhmm.split(":")
    return str(int(hours)) if minutes == "00" else f"{int(hours)}:{minutes}"


def format_office_hours(hours: dict[str, Any] | None) -> str:
    """Stored office hours as people write them: ``"Mo-Do 9-16, Fr 9-12"`` (read back by
    :func:`office_hours`); empty when there are none."""
    per_day = [
        tuple((str(a), str(b)) for a, b in ((hours or {}).get(key) or [])) for key in WEEKDAYS
    ]
    parts: list[str] = []
    day = 0
    while day < 7:
        spans = per_day[day]
        last = day
        while last + 1 < 7 and per_day[last + 1] == spans:
            last += 1
        if spans:
            days = SHORT[day] if day == last else f"{SHORT[day]}-{SHORT[last]}"
            times = ", ".join(f"{_short_time(a)}-{_short_time(b)}" for a, b in spans)
            parts.append(f"{days} {times}")
        day = last + 1
    return ", ".join(parts)


# --- a volunteer's availability, contact hours ------------------------------------------------------


def day_bits(days: Iterable[int]) -> int:
    """Weekdays (0 = Monday) as the bit mask a volunteer stores."""
    return sum(1 << day for day in set(days))


def availability(text: str, default: tuple[int, int] = (8, 20)) -> tuple[int, int, int]:
    """A volunteer's availability: (day bits, from hour, until hour). Days without hours
    get ``default``; one span of whole hours for all days named is all that is stored."""
    week = parse_week(text, default=(default[0] * 60, default[1] * 60))
    spans = {span for day_spans in week.values() for span in day_spans}
    if any(len(day_spans) > 1 for day_spans in week.values()) or len(spans) > 1:
        raise HoursError("several", text.strip())
    ((start, end),) = spans
    if start % 60 or end % 60:
        raise HoursError("minutes", text.strip())
    return day_bits(week), start // 60, end // 60


def hour_span(text: str) -> tuple[int, int]:
    """Contact hours: ``"8-20"`` → ``(8, 20)``, whole hours only."""
    token = "".join(text.split()).lower().replace("uhr", "")
    token = re.sub(r"[–—]|bis", "-", token)
    if not token:
        raise HoursError("empty")
    span = _span(token)
    if span is None:
        raise HoursError("time", text.strip())
    start, end = span
    if start % 60 or end % 60:
        raise HoursError("minutes", text.strip())
    return start // 60, end // 60


#: A weekly time: weekday (0 = Monday) and local "HH:MM".
Slot = tuple[int, str]
_AT = re.compile(rf"{_TIME}")


def slots(text: str) -> list[Slot]:
    """Weekly times as people write them: "Di 10:00", "Di 10, Fr 15:30", "Mo-Fr 9:30",
    "täglich 9:30" — days (as in a volunteer's availability) followed by a time each; a
    time applies to the days named since the last time. Sorted, each once."""
    found: set[Slot] = set()
    days: list[int] = []
    for word in _normalise(text):
        if word in FILLERS or word == "um":
            continue
        m = _AT.fullmatch(word)
        if m:
            if not days:
                raise HoursError("no_days", word)
            minutes = _minutes(m.group(1), m.group(2), word)
            if minutes >= DAY:
                raise HoursError("time", word)
            found.update((day, _hhmm(minutes)) for day in days)
            days = []
        else:
            days += _days(word)
    if days:
        raise HoursError("no_hours", " ".join(SHORT[d] for d in days))
    if not found:
        raise HoursError("empty", text)
    return sorted(found)


def format_slots(found: Iterable[Slot]) -> str:
    """ "Di 10:00, Fr 15:30" (as :func:`slots` reads it)."""
    return ", ".join(f"{SHORT[day]} {hhmm}" for day, hhmm in sorted(found))
