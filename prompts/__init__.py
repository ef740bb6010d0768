"""Every sentence a caller hears or a person reads, German first.

Sentences are :class:`Prompt` objects in :mod:`prompts.voice`, :mod:`prompts.sms` and
:mod:`prompts.dashboard`; the dashboard templates use ``_()``. ``nachbarruf translations
extract`` collects them into ``prompts/messages.pot``; a language gets a catalog under
``prompts/translations/<lang>/LC_MESSAGES/messages.po``; ``nachbarruf translations compile``
writes the ``messages.mo`` beside it, which is what runs (Babel's ``support.Translations``;
the ``.mo`` files are committed, a test checks they are current). Placeholders are always
named: ``%(name)s``; a sentence with a number in it is a :class:`Plural` (``ngettext``), so
that each language says "1 Anfrage", "3 заявки", "5 заявок" its own way.

There is no request in a job, so the language is set explicitly with :func:`language`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations

from telephony.twiml import Voice

HERE = Path(__file__).parent
CATALOGS = HERE / "translations"

#: The source language: msgids are German sentences.
SOURCE = "de"

#: Voice and recognition language per spoken language: a neural voice Twilio offers for
#: it (Amazon Polly's neural voices; Google's WaveNet where Polly has no neural one), and
#: the language code Twilio's speech recognition accepts. All are women's voices: the
#: catalogs say "I did not hear" in the feminine where the language shows it (ru, uk, pl).
VOICES: dict[str, Voice] = {
    "de": Voice("Polly.Vicki-Neural", "de-DE"),
    "tr": Voice("Polly.Burcu-Neural", "tr-TR"),
    "ru": Voice("Google.ru-RU-Wavenet-A", "ru-RU"),
    "pl": Voice("Polly.Ola-Neural", "pl-PL"),
    "uk": Voice("Google.uk-UA-Wavenet-A", "uk-UA"),
    "en": Voice("Polly.Amy-Neural", "en-GB"),
    "ar": Voice("Polly.Hala-Neural", "ar-AE"),
}

#: Babel's locale per language: weekdays, months and dates as each language says them.
LOCALES = {
    "de": "de_DE",
    "tr": "tr_TR",
    "ru": "ru_RU",
    "pl": "pl_PL",
    "uk": "uk_UA",
    "en": "en_GB",
    "ar": "ar",
}

#: The keys that choose a language, in the order of a Kommune's languages (German first):
#: no menu where they work has an option on them (a test checks), so a Kommune offers at
#: most this many languages.
LANGUAGE_KEYS = ("6", "7", "8", "9")


def language_keys(offered: list[str]) -> dict[str, str]:
    """Language → its key ("de" → "6", then the Kommune's other languages in order)."""
    ordered = [SOURCE, *(lang for lang in offered if lang != SOURCE)]
    return dict(zip(ordered, LANGUAGE_KEYS, strict=False))


_current: contextvars.ContextVar[str] = contextvars.ContextVar("prompt_language", default=SOURCE)


def compiled(lang: str) -> Path:
    """Where the compiled catalog of ``lang`` lives."""
    return CATALOGS / lang / "LC_MESSAGES" / "messages.mo"


@cache
def _translations(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang`` (German, or no catalog: the msgids themselves)."""
    if lang == SOURCE or not compiled(lang).exists():
        return NullTranslations()
    with compiled(lang).open("rb") as fh:
        return Translations(fh, domain="messages")


def available_languages() -> list[str]:
    """German plus every language that has a compiled catalog."""
    found = sorted(p.name for p in CATALOGS.iterdir() if compiled(p.name).exists())
    return [SOURCE, *[lang for lang in found if lang != SOURCE]]


def speakable(lang: str | None) -> str:
    """``lang`` if we can speak it, else German."""
    if lang is None or lang not in VOICES:
        return SOURCE
    return lang if lang == SOURCE or compiled(lang).exists() else SOURCE


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Speak and write in ``lang`` (falls back to German where a sentence is missing)."""
    token = _current.set(speakable(lang))
    try:
        yield
    finally:
        _current.reset(token)


def current_language() -> str:
    return _current.get()


def switch_language(lang: str) -> None:
    """Speak ``lang`` from now on, until the enclosing :func:`language` ends (a caller chose
    another language in the middle of a webhook)."""
    _current.set(speakable(lang))


def gettext(msgid: str, **params: object) -> str:
    text = _translations(_current.get()).gettext(msgid)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    """The form of the sentence for the number ``n`` in the current language."""
    text = _translations(_current.get()).ngettext(singular, plural, n)
    return text % params


#: For templates and ad-hoc use: ``_("Anmelden")``.
_ = gettext


class Prompt:
    """A sentence marked for translation; call it with its named placeholders."""

    __slots__ = ("msgid",)

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __call__(self, **params: object) -> str:
        return gettext(self.msgid, **params)

    def __str__(self) -> str:
        return gettext(self.msgid)

    def __repr__(self) -> str:
        return f"Prompt({self.msgid!r})"


class Plural:
    """A sentence with a number in it, in the singular and the plural (German); each
    catalog has as many forms as its language needs. Call it with its placeholders; the
    one named ``count`` chooses the form."""

    __slots__ = ("count", "msgid", "plural")

    def __init__(self, msgid: str, plural: str, count: str = "count") -> None:
        self.msgid = msgid
        self.plural = plural
        self.count = count

    def __call__(self, **params: object) -> str:
        n = params[self.count]
        if not isinstance(n, int):
            raise TypeError(f"{self.count} must be a number, not {n!r}")
        return ngettext(self.msgid, self.plural, n, **params)

    def __repr__(self) -> str:
        return f"Plural({self.msgid!r}, {self.plural!r})"


def sentence(text: str) -> str:
    """Capitalise the first letter, where a placeholder began the sentence ("evet için …"
    → "Evet için …"); Turkish capitalises i as İ."""
    if not text:
        return text
    first = text[0]
    upper = "İ" if first == "i" and _current.get() == "tr" else first.upper()
    return upper + text[1:]


def digits(ref: str) -> str:
    """``"4711"`` → ``"4, 7, 1, 1"``: read digit by digit, with a breath between."""
    return ", ".join(ch for ch in ref if ch.isdigit())


#: How a date is said: "Dienstag, 24. November", "24 Kasım Salı", "вторник, 24 ноября"
#: (Babel puts the month in the case the language needs after a day).
DATE_PATTERNS = {
    "de": "EEEE, d. MMMM",
    "tr": "d MMMM EEEE",
    "ru": "EEEE, d MMMM",
    "pl": "EEEE, d MMMM",
    "uk": "EEEE, d MMMM",
    "en": "EEEE, d MMMM",
    "ar": "EEEE، d MMMM",
}


def locale_of(lang: str | None = None) -> str:
    """Babel's locale for ``lang`` (default: the current language)."""
    return LOCALES.get(lang or _current.get(), LOCALES[SOURCE])


def spoken_date(day: date) -> str:
    """The weekday and date, the way the current language says it."""
    lang = _current.get()
    return format_date(day, DATE_PATTERNS.get(lang, DATE_PATTERNS[SOURCE]), locale=locale_of(lang))


def short_date(day: date) -> str:
    """ "Di 24.11.", "Вт 24.11." for an SMS: the weekday abbreviated in the current
    language (Babel), the date in digits."""
    weekday = format_date(day, "EEE", locale=locale_of()).rstrip(".")
    return f"{weekday[:1].upper()}{weekday[1:]} {day.day:02d}.{day.month:02d}."


def voice_for(lang: str, override: str | None = None) -> Voice:
    voice = VOICES.get(speakable(lang), VOICES[SOURCE])
    if override and speakable(lang) == SOURCE:
        return Voice(override, voice.language)
    return voice
