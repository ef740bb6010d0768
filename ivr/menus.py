"""The menus as data: every question, its options and where each one leads.

An option has a key, a short label ("Hilfe beim Einkaufen") and speech stems; the sentence
that announces it ("Für Hilfe beim Einkaufen drücken Sie die 1.") is the label in the
template of its key (:data:`prompts.voice.PRESS`), and the speech recogniser's hints are
the labels themselves. ``0`` (a person) and ``*`` (repeat) work in every menu
(:mod:`ivr.engine`). A key that cancels is never 1 (older callers press 1 out of habit),
and it is asked once more, where only the same key confirms.

Speech works in every language: German by each option's ``stems``, the other languages by
the meanings an option names (``words``), looked up in :mod:`ivr.speech`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import Category, When
from prompts import SOURCE, Prompt, sentence
from prompts import voice as P

from . import speech


@dataclass(frozen=True)
class Option:
    #: The key that chooses it.
    key: str
    #: What it is, said after "Für" ("Hilfe beim Einkaufen"); a plain string for what
    #: comes from data (a Kommune's topics).
    label: Prompt | str
    #: Word stems (normalised: lower case, no umlauts) that choose it by speech.
    stems: tuple[str, ...]
    #: Step the caller goes to next.
    goto: str
    #: Values written into the call's draft request.
    sets: dict[str, Any] = field(default_factory=dict)
    #: What it means, for speech in the other languages (:data:`ivr.speech.WORDS`).
    words: tuple[str, ...] = ()

    def stems_in(self, lang: str) -> tuple[str, ...]:
        """What chooses it by speech in ``lang`` (German stems where the language has no
        words for it: options from data, named in German)."""
        if lang == SOURCE or not self.words:
            return self.stems
        return speech.stems(lang, self.words)

    def announce(self) -> str:
        """ "Für Hilfe beim Einkaufen drücken Sie die 1." in the current language."""
        return sentence(P.PRESS[self.key](option=str(self.label)))


@dataclass(frozen=True)
class Menu:
    name: str
    #: Question before the options.
    intro: Prompt | None
    options: tuple[Option, ...]
    #: Accepts speech as well as keys.
    speech: bool = True
    #: Words that choose no option, whatever else was said ("nicht absagen").
    refuse: tuple[str, ...] = ()
    #: Said after the options.
    outro: Prompt | None = None
    #: ``refuse`` in the other languages, as meanings (:data:`ivr.speech.WORDS`).
    refuse_words: tuple[str, ...] = ()

    def refuse_in(self, lang: str) -> tuple[str, ...]:
        return self.refuse if lang == SOURCE else speech.stems(lang, self.refuse_words)

    def option(self, key: str | None) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    def hints(self) -> list[str]:
        """Phrases for the speech recogniser: the options' labels."""
        return [str(o.label) for o in self.options]


YES = ("ja", "jawohl", "stimmt", "richtig", "genau", "korrekt", "okay", "ok", "gerne")
NO = ("nein", "falsch", "nicht", "andern", "anders", "korrigier")

#: Speech that asks for a person or a repeat in any menu.
PERSON_STEMS = ("mitarbeiter", "mensch", "person", "team", "vermittl", "beratung")
REPEAT_STEMS = ("wiederhol", "nochmal", "noch mal", "wie bitte")


# --- the hotline -------------------------------------------------------------------------------

MAIN = Menu(
    "main",
    P.MAIN_INTRO,
    (
        Option(
            "1",
            P.LBL_SHOPPING,
            ("einkauf", "supermarkt", "lebensmittel", "besorg", "apothek", "backer"),
            "when",
            {"category": Category.SHOPPING},
            words=("shopping",),
        ),
        Option(
            "2",
            P.LBL_DOG,
            ("hund", "gassi"),
            "when",
            {"category": Category.DOG_WALKING},
            words=("dog",),
        ),
        Option(
            "3",
            P.LBL_CHAT,
            ("telefon", "gesprach", "reden", "unterhalt", "plaudern", "einsam"),
            "when",
            {"category": Category.PHONE_CHAT},
            words=("chat",),
        ),
        Option(
            "4",
            P.LBL_OTHER,
            ("anderes", "andere", "sonstig", "etwas anderes"),
            "when",
            {"category": Category.OTHER},
            words=("other",),
        ),
        # The directory ("Angebote in Ihrer Nähe"), for every caller: ivr/directory.py.
        Option(
            "5",
            P.LBL_DIRECTORY,
            ("angebot", "information", "informier", "beratung", "verzeichnis"),
            "offers_topic",
            words=("directory",),
        ),
    ),
)

_TODAY_STEMS = ("heute", "sofort", "gleich", "jetzt")
_SOON_STEMS = ("nachste", "tagen", "woche", "ubermorgen", "bald", "demnachst")

WHEN = Menu(
    "when",
    P.WHEN_INTRO,
    (
        Option("1", P.WHEN_TODAY, _TODAY_STEMS, "describe", {"when": When.TODAY}, ("today",)),
        Option(
            "2", P.WHEN_TOMORROW, ("morgen",), "describe", {"when": When.TOMORROW}, ("tomorrow",)
        ),
        Option("3", P.LBL_SOON, _SOON_STEMS, "describe", {"when": When.SOON}, ("soon",)),
    ),
)

#: Late in the day: too little contact time is left to find someone for today (the step
#: says so first), and the keys start at 1 again.
WHEN_LATE = Menu(
    "when_late",
    P.WHEN_INTRO,
    (
        Option(
            "1", P.WHEN_TOMORROW, ("morgen",), "describe", {"when": When.TOMORROW}, ("tomorrow",)
        ),
        Option("2", P.LBL_SOON, _SOON_STEMS, "describe", {"when": When.SOON}, ("soon",)),
    ),
)

CONFIRM = Menu(
    "confirm",
    P.CONFIRM_QUESTION,
    (
        Option("1", P.LBL_YES, YES, "submit", words=("yes",)),
        Option("2", P.LBL_NO, NO, "start_over", words=("no",)),
    ),
)

CANCEL_STEMS = ("absag", "stornier", "abbestell", "loschen")

#: For a caller with an open request: 1, pressed out of habit, starts a new request.
STATUS = Menu(
    "status",
    None,
    (
        Option(
            "1",
            P.LBL_NEW,
            ("neue", "weitere", "noch eine", "andere anfrage"),
            "main",
            words=("new",),
        ),
        Option("2", P.LBL_CANCEL_THIS, CANCEL_STEMS, "cancel_confirm", words=("cancel",)),
    ),
)

#: The same when a volunteer has the request: 3 connects to them through the hotline (the
#: label names the volunteer when the menu is said: :mod:`ivr.hotline`).
STATUS_ASSIGNED = Menu(
    "status_assigned",
    None,
    (
        *STATUS.options,
        Option(
            "3",
            P.LBL_TALK_VOLUNTEER,
            ("gesprach", "sprechen", "verbind", "anrufen", "erreichen"),
            "talk_volunteer",
        ),
    ),
)

#: Only 2 (or saying yes) cancels; silence and every other key keep the request.
CANCEL_CONFIRM = Menu(
    "cancel_confirm",
    P.CANCEL_SURE,
    (Option("2", P.LBL_CANCEL_SURE, (*YES, *CANCEL_STEMS), "cancel", words=("yes", "cancel")),),
    refuse=NO,
    refuse_words=("no",),
    outro=P.CANCEL_OTHERWISE,
)

ANYTHING_ELSE = Menu(
    "anything_else",
    P.ANYTHING_ELSE,
    (Option("1", P.LBL_NEW, ("neue", "anfrage", "hilfe", "ja"), "main", words=("new", "yes")),),
)


# --- calls we make ----------------------------------------------------------------------------

OFFER = Menu(
    "offer",
    P.OFFER_QUESTION,
    (
        Option("1", P.LBL_YES, (*YES, "helfe", "komme"), "offer_accept", words=("yes",)),
        Option("2", P.LBL_NO, (*NO, "diesmal"), "offer_decline", words=("no",)),
    ),
)

NOTICE = Menu(
    "notice",
    P.NOTICE_QUESTION,
    (
        Option("1", P.LBL_YES, (*YES, "passt"), "notice_ok", words=("yes",)),
        Option("2", P.LBL_CANCEL, CANCEL_STEMS, "notice_cancel_confirm", words=("cancel",)),
    ),
)

NOTICE_CANCEL_CONFIRM = Menu(
    "notice_cancel_confirm",
    P.CANCEL_SURE,
    (
        Option(
            "2", P.LBL_CANCEL_SURE, (*YES, *CANCEL_STEMS), "notice_cancel", words=("yes", "cancel")
        ),
    ),
    refuse=NO,
    refuse_words=("no",),
    outro=P.CANCEL_OTHERWISE,
)

#: After "alles gut": is the time the helper gave right? Silence asks nothing more.
FOLLOWUP_HOURS = Menu(
    "followup_hours",
    None,
    (
        Option("1", P.LBL_YES, YES, "followup_hours_yes"),
        Option("2", P.LBL_NO, NO, "followup_hours_no"),
    ),
)

FOLLOWUP = Menu(
    "followup",
    None,
    (
        Option("1", P.LBL_YES, (*YES, "gut", "geklappt", "prima"), "followup_ok", words=("yes",)),
        Option("2", P.LBL_NO, (*NO, "schlecht", "problem"), "followup_problem", words=("no",)),
    ),
)


# --- a phone friendship's date (ivr/pairing.py) ---------------------------------------------------

PAIRING = Menu(
    "pairing",
    P.PAIRING_QUESTION,
    (
        Option("1", P.LBL_PAIRING_NOW, (*YES, "jetzt", "verbind"), "pairing_connect"),
        Option("2", P.LBL_PAIRING_NOT_TODAY, (*NO, "spater", "keine zeit"), "pairing_decline"),
    ),
)

#: The hotline's main menu for a client with a phone friendship (6 pauses its next date)
#: and/or a daily check-in (7 pauses or resumes it: "Ich bin verreist"); the labels name
#: the volunteer, or say which way 7 goes, when the menu is said (:mod:`ivr.hotline`).
PAIRING_PAUSE = Option(
    "6", P.LBL_PAIRING_PAUSE, ("pause", "aussetzen", "ausfallen"), "pairing_pause"
)
CHECKIN_TOGGLE = Option(
    "7", P.LBL_CHECKIN_PAUSE, ("verreist", "urlaub", "anrufe"), "checkin_toggle"
)
MAIN_PAIRING = Menu("main_pairing", P.MAIN_INTRO, (*MAIN.options, PAIRING_PAUSE))
MAIN_CHECKIN = Menu("main_checkin", P.MAIN_INTRO, (*MAIN.options, CHECKIN_TOGGLE))
MAIN_BOTH = Menu("main_both", P.MAIN_INTRO, (*MAIN.options, PAIRING_PAUSE, CHECKIN_TOGGLE))

# --- the daily check-in (ivr/checkin.py) -------------------------------------------------------

CHECKIN = Menu(
    "checkin",
    P.CHECKIN_QUESTION,
    (
        Option("1", P.LBL_CHECKIN_OK, (*YES, "gut", "ordnung", "bestens"), "checkin_ok"),
        Option("2", P.LBL_CHECKIN_HELP, ("hilfe", "nein", "schlecht", "notfall"), "checkin_help"),
    ),
)
