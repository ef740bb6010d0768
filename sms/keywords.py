"""The SMS vocabulary as data: what people write, and what we take it to mean.

Matching is case- and accent-insensitive and forgiving: "ja", "Ja 4711!", "JA4711" and
"ok" all mean JA. A reference number (3 to 8 digits) may be anywhere in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Category, When
from prompts.text import mentions, normalize, words

#: Canonical keyword → what people write (normalised: lower case, no umlauts).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "JA": ("ja", "jaa", "jo", "ok", "okay", "gerne", "gern", "klar", "yes", "j"),
    "NEIN": ("nein", "ne", "nee", "no", "n", "leider"),
    "ERLEDIGT": ("erledigt", "fertig", "done", "geschafft"),
    "ABSAGEN": ("absagen", "absage", "abgesagt", "storno", "stornieren"),
    "STATUS": ("status", "stand"),
    "PAUSE": ("pause", "urlaub"),
    "WEITER": ("weiter", "zuruck", "resume"),
    "STOPP": (
        "stopp",
        "stop",
        "abmelden",
        "ende",
        "stopall",
        "unsubscribe",
        "cancel",
        "quit",
        "end",
    ),
    "START": ("start", "anmelden", "unstop"),
    "HILFE": ("hilfe", "help", "hallo"),
    # The directory, for anybody: "INFO PFLEGE", "ANGEBOTE".
    "ANGEBOTE": ("angebote", "angebot", "info", "infos", "information", "informationen"),
}

#: Words a client uses to ask for help by SMS ("EINKAUFEN MORGEN").
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    Category.SHOPPING: ("einkaufen", "einkauf", "einkaufe"),
    Category.DOG_WALKING: ("hund", "gassi"),
    Category.PHONE_CHAT: ("telefon", "telefonat", "gesprach", "anruf", "reden"),
    Category.OTHER: ("sonstiges", "anderes"),
}
WHEN_WORDS: dict[str, tuple[str, ...]] = {
    When.TODAY: ("heute", "sofort", "gleich"),
    When.TOMORROW: ("morgen",),
    When.SOON: ("bald", "woche", "ubermorgen"),
}

#: Phrases (normalised words) that mark an SMS a machine wrote — an auto-reply, an
#: out-of-office note, a "do not reply" notice. Answering one starts a loop between two
#: machines that runs up the bill, so they get no answer.
AUTOMATIC: tuple[str, ...] = (
    "auto reply",
    "autoreply",
    "automatic reply",
    "automatische antwort",
    "automatische nachricht",
    "automatisch erstellt",
    "automatisch generiert",
    "abwesenheitsnotiz",
    "abwesenheitsmeldung",
    "out of office",
    "noreply",
    "no reply",
    "do not reply",
    "bitte nicht antworten",
)

_ALIAS = {alias: word for word, aliases in KEYWORDS.items() for alias in aliases}
_TOKEN = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True)
class Command:
    """A parsed SMS: the keyword (or None), the reference number, the other words."""

    keyword: str | None
    ref: str | None
    category: str | None
    when: str | None
    words: tuple[str, ...]


def parse(body: str) -> Command:
    tokens = _TOKEN.findall(normalize(body))
    words = tuple(t for t in tokens if not t.isdigit())
    ref = next((t for t in tokens if t.isdigit() and 3 <= len(t) <= 8), None)
    keyword = _ALIAS.get(words[0]) if words else None
    category = next((c for c, ws in CATEGORY_WORDS.items() if any(w in ws for w in words)), None)
    when = next((w for w, ws in WHEN_WORDS.items() if any(x in ws for x in words)), None)
    return Command(keyword=keyword, ref=ref, category=category, when=when, words=words)


def automatic(body: str) -> bool:
    """Whether ``body`` reads like an automatic message (see :data:`AUTOMATIC`); an empty
    one counts too (a picture without text, a delivery notice): there is nothing to answer."""
    return not body.strip() or mentions(words(body), AUTOMATIC)
