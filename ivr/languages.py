"""The language choice at the start of a call to the hotline.

When the Kommune offers more than German and the caller's language is not known (an
unknown number, or a person without a language), the greeting is followed by one short
sentence per offered language, each in its own language and voice ("Türkçe için yediye
basın."). Pressing that key, or saying the language's name, switches the whole call; the
choice is stored for a known caller (and kept with the call for staff otherwise). A
caller whose language is known hears it straight away; the same keys (not the names)
switch in the first menus of the call (:func:`switch`). The keys (:data:`prompts.LANGUAGE_KEYS`) are never a
menu's options there.
"""

from __future__ import annotations

from collections.abc import Callable

from dispatch import lifecycle
from models import db
from prompts import current_language, language, language_keys, switch_language, voice_for
from prompts import voice as P
from telephony.twiml import Script, Spoken

from . import speech
from .engine import HUMAN, Ctx, Step, Turn, announce

#: The step that offers the languages.
CHOOSE = "language"


def offered(ctx: Ctx) -> list[str]:
    """The languages the call's Kommune offers (German first)."""
    return list(ctx.kommune.languages) if ctx.kommune and ctx.kommune.languages else ["de"]


def keys(ctx: Ctx) -> dict[str, str]:
    """Key → language, for the Kommune's languages."""
    return {key: lang for lang, key in language_keys(offered(ctx)).items()}


def unknown(ctx: Ctx) -> bool:
    """Whether the call should offer the languages: more than German offered, and nothing
    known about the caller's language."""
    person = ctx.person
    return len(offered(ctx)) > 1 and (person is None or not person.languages)


def sentences(ctx: Ctx) -> list[str]:
    """One sentence per offered language other than the one spoken, in its own voice."""
    said = []
    for lang, key in language_keys(offered(ctx)).items():
        if lang == current_language():
            continue
        with language(lang):
            said.append(Spoken(announce(key, P.LBL_LANGUAGE), voice_for(lang)))
    return said


def chosen(ctx: Ctx) -> str | None:
    """The language the caller picked by key or named, if it is not the one spoken."""
    if ctx.inp.digits:
        lang = keys(ctx).get(ctx.inp.digits[:1])
    else:
        lang = speech.language_named(
            speech.tokens(ctx.inp.speech, current_language()), offered(ctx)
        )
    return lang if lang and lang != current_language() else None


def use(ctx: Ctx, lang: str) -> None:
    """Speak ``lang`` for the rest of the call; a known caller keeps it."""
    ctx.call.language = lang
    switch_language(lang)
    ctx.voice = voice_for(lang, ctx.kommune.voice if ctx.kommune else None)
    if ctx.person is not None:
        lifecycle.language_chosen(db.session, ctx.person, lang)


def switch(ctx: Ctx, step: str) -> Turn | None:
    """In a menu: a language key switches the call and says the menu again in that
    language; anything else is the menu's (speech too: "für meine türkische Nachbarin"
    names no language to switch to)."""
    lang = chosen(ctx) if ctx.inp.digits else None
    if lang is None:
        return None
    use(ctx, lang)
    return Turn(step)


class ChooseLanguage(Step):
    """After the greeting: the offered languages. A key or a name switches; silence or
    anything else goes on in the language spoken; ``*`` repeats, ``0`` is a person."""

    def __init__(self, then: Callable[[Ctx, list[str]], Turn], leads_to: set[str]) -> None:
        super().__init__(CHOOSE)
        self.then = then
        self.leads_to = leads_to

    def render(self, ctx: Ctx, say: list[str]) -> Script:
        names = []
        for lang in offered(ctx):
            with language(lang):
                names.append(str(P.LBL_LANGUAGE))
        return ctx.script().ask(
            [*say, *sentences(ctx)],
            ctx.url(self.name),
            hints=names,
            finish_on_key="",
            timeout=4,
        )

    def handle(self, ctx: Ctx) -> Turn:
        if ctx.inp.digits == "*":
            return Turn(self.name)
        if ctx.inp.digits == "0":
            return Turn(HUMAN)
        lang = chosen(ctx)
        if lang is not None:
            use(ctx, lang)
        return self.then(ctx, [])

    def targets(self) -> set[str]:
        return {self.name, HUMAN, *self.leads_to}
