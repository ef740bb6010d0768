"""The call tree as data: every menu, its options and where each one leads.

Read top to bottom this is the whole dialogue a caller can have. Keys ``0`` (a person)
and ``*`` (repeat) work in every menu and are added by :mod:`ivr.dialogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import Category, When
from prompts import Prompt
from prompts import voice as P


@dataclass(frozen=True)
class Option:
    #: The key that chooses it.
    key: str
    #: "Für … drücken Sie die N."
    label: Prompt
    #: Word stems (normalised: lower case, no umlauts) that choose it by speech.
    stems: tuple[str, ...]
    #: Step the caller goes to next.
    goto: str
    #: Values written into the call's draft request.
    sets: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Menu:
    name: str
    #: Question before the options.
    intro: Prompt | None
    options: tuple[Option, ...]
    #: What silence leads to after the retries: a person (most menus) or goodbye
    #: (questions at the end of a call, where silence means "nothing more").
    exhausted: str = "human"
    #: Accepts speech as well as keys.
    speech: bool = True

    def hints(self) -> list[str]:
        """Phrases for the speech recogniser, taken from the spoken options."""
        return [
            str(o.label).split(" drücken")[0].removeprefix("Für ").strip(" ,.")
            for o in self.options
        ]


YES = ("ja", "jawohl", "stimmt", "richtig", "genau", "korrekt", "okay", "ok", "gerne")
NO = ("nein", "falsch", "nicht", "andern", "anders", "korrigier")

MENUS: dict[str, Menu] = {
    m.name: m
    for m in (
        Menu(
            "main",
            P.MAIN_INTRO,
            (
                Option(
                    "1",
                    P.OPT_SHOPPING,
                    ("einkauf", "supermarkt", "lebensmittel", "besorg", "apothek", "backer"),
                    "when",
                    {"category": Category.SHOPPING},
                ),
                Option(
                    "2", P.OPT_DOG, ("hund", "gassi"), "when", {"category": Category.DOG_WALKING}
                ),
                Option(
                    "3",
                    P.OPT_CHAT,
                    ("telefon", "gesprach", "reden", "unterhalt", "plaudern", "einsam"),
                    "when",
                    {"category": Category.PHONE_CHAT},
                ),
                Option(
                    "4",
                    P.OPT_OTHER,
                    ("anderes", "andere", "sonstig", "etwas anderes"),
                    "when",
                    {"category": Category.OTHER},
                ),
            ),
        ),
        Menu(
            "when",
            P.WHEN_INTRO,
            (
                Option(
                    "1",
                    P.OPT_TODAY,
                    ("heute", "sofort", "gleich", "jetzt"),
                    "describe",
                    {"when": When.TODAY},
                ),
                Option("2", P.OPT_TOMORROW, ("morgen",), "describe", {"when": When.TOMORROW}),
                Option(
                    "3",
                    P.OPT_SOON,
                    ("nachste", "tagen", "woche", "ubermorgen", "bald", "demnachst"),
                    "describe",
                    {"when": When.SOON},
                ),
            ),
        ),
        Menu(
            "confirm",
            None,
            (
                Option("1", P.OPT_CONFIRM, YES, "submit"),
                Option("2", P.OPT_CHANGE, NO, "start_over"),
            ),
        ),
        Menu(
            "status",
            None,
            (
                Option(
                    "1",
                    P.OPT_CANCEL,
                    ("absag", "stornier", "abbestell", "loschen"),
                    "cancel_confirm",
                ),
                Option("2", P.OPT_NEW, ("neue", "weitere", "noch eine", "andere anfrage"), "main"),
            ),
        ),
        Menu(
            "cancel_confirm",
            P.CANCEL_SURE,
            (
                Option("1", P.OPT_YES, YES, "cancel"),
                Option("2", P.OPT_NO, NO, "keep"),
            ),
        ),
        # --- calls we make ---
        Menu(
            "offer",
            P.OFFER_QUESTION,
            (
                Option("1", P.OPT_ACCEPT, (*YES, "helfe", "komme"), "offer_accept"),
                Option("2", P.OPT_DECLINE, (*NO, "diesmal"), "offer_decline"),
            ),
            exhausted="goodbye",
        ),
        Menu(
            "notice",
            None,
            (
                Option("1", P.OPT_NOTICE_OK, (*YES, "passt"), "notice_ok"),
                Option("2", P.OPT_NOTICE_CANCEL, ("absag", "stornier"), "notice_cancel_confirm"),
            ),
            exhausted="goodbye",
        ),
        Menu(
            "notice_cancel_confirm",
            P.CANCEL_SURE,
            (
                Option("1", P.OPT_YES, YES, "notice_cancel"),
                Option("2", P.OPT_NO, NO, "notice_ok"),
            ),
            exhausted="goodbye",
        ),
        Menu(
            "followup",
            None,
            (
                Option("1", P.OPT_YES, (*YES, "gut", "geklappt", "prima"), "followup_ok"),
                Option("2", P.OPT_NO, (*NO, "schlecht", "problem"), "followup_problem"),
            ),
            exhausted="goodbye",
        ),
        Menu(
            "anything_else",
            P.ANYTHING_ELSE,
            (Option("1", P.OPT_NEW_1, ("neue", "anfrage", "hilfe", "ja"), "main"),),
            exhausted="goodbye",
        ),
    )
}

#: Speech that asks for a person or a repeat in any menu.
PERSON_STEMS = ("mitarbeiter", "mensch", "person", "team", "vermittl", "beratung")
REPEAT_STEMS = ("wiederhol", "nochmal", "noch mal", "wie bitte")
