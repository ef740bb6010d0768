"""The SMS vocabulary as data: what people write, and what we take it to mean.

Matching is case- and accent-insensitive and forgiving: "ja", "Ja 4711!", "JA4711" and
"ok" all mean JA. A reference number (3 to 8 digits, in any script: "٤٧١١") may be
anywhere in the text.

German keywords work for everybody (every SMS named them until the other languages came);
the words of the sender's own languages work besides (:data:`LANGUAGE_KEYWORDS`: EVET,
ДА/DA, TAK, ТАК, YES, نعم …), so that "da" means JA to a Russian speaker and nothing to a
German one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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

#: The keywords in the other languages (canonical keyword → what people write); the first
#: word of each is the one our SMS name (:func:`keyword_in`).
LANGUAGE_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {
        "JA": ("evet", "tamam", "olur", "kabul"),
        "NEIN": ("hayır", "yok", "olmaz"),
        "ERLEDIGT": ("bitti", "tamamlandı", "yapıldı"),
        "ABSAGEN": ("iptal", "vazgeç"),
        "STATUS": ("durum",),
        "PAUSE": ("mola", "izin"),
        "WEITER": ("devam",),
        "STOPP": ("dur",),
        "START": ("başla",),
        "HILFE": ("yardım",),
        "ANGEBOTE": ("bilgi",),
    },
    "ru": {
        "JA": ("да", "da", "ок", "хорошо", "конечно", "могу"),
        "NEIN": ("нет", "net", "не"),
        "ERLEDIGT": ("готово", "сделано", "выполнено", "gotovo"),
        "ABSAGEN": ("отмена", "отменить", "отказ", "otmena"),
        "STATUS": ("статус",),
        "PAUSE": ("пауза", "отпуск"),
        "WEITER": ("дальше", "продолжить"),
        "STOPP": ("стоп", "отписаться"),
        "START": ("старт",),
        "HILFE": ("помощь", "справка"),
        "ANGEBOTE": ("инфо", "информация"),
    },
    "uk": {
        "JA": ("так", "tak", "добре", "гаразд", "можу"),
        "NEIN": ("ні", "ni", "не"),
        "ERLEDIGT": ("готово", "виконано", "зроблено"),
        "ABSAGEN": ("скасувати", "скасування", "відмова"),
        "STATUS": ("статус",),
        "PAUSE": ("пауза", "відпустка"),
        "WEITER": ("далі", "продовжити"),
        "STOPP": ("стоп",),
        "START": ("старт",),
        "HILFE": ("допомога",),
        "ANGEBOTE": ("інфо", "інформація"),
    },
    "pl": {
        "JA": ("tak", "dobrze", "mogę"),
        "NEIN": ("nie",),
        "ERLEDIGT": ("gotowe", "zrobione", "załatwione"),
        "ABSAGEN": ("odwołaj", "odwołanie", "anuluj"),
        "STATUS": ("status",),
        "PAUSE": ("pauza", "przerwa", "urlop"),
        "WEITER": ("dalej", "wznów"),
        "STOPP": ("stop",),
        "START": ("start",),
        "HILFE": ("pomoc",),
        "ANGEBOTE": ("info", "informacje"),
    },
    "en": {
        "JA": ("yes", "yeah", "yep", "sure", "ok"),
        "NEIN": ("no", "nope"),
        "ERLEDIGT": ("done", "finished"),
        "ABSAGEN": ("drop", "withdraw"),
        "STATUS": ("status",),
        "PAUSE": ("pause", "holiday", "away"),
        "WEITER": ("resume", "back"),
        "STOPP": ("stop",),
        "START": ("start",),
        "HILFE": ("help",),
        "ANGEBOTE": ("info",),
    },
    "ar": {
        "JA": ("نعم", "أجل", "موافق", "ايوه"),
        "NEIN": ("لا", "كلا"),
        "ERLEDIGT": ("تم", "انتهى"),
        "ABSAGEN": ("إلغاء", "الغاء", "ألغي"),
        "STATUS": ("حالة", "الحالة"),
        "PAUSE": ("استراحة", "إجازة"),
        "WEITER": ("استئناف", "متابعة"),
        "STOPP": ("توقف", "إيقاف"),
        "START": ("ابدأ", "بدء"),
        "HILFE": ("مساعدة",),
        "ANGEBOTE": ("معلومات",),
    },
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

#: The same in the other languages ("ПОКУПКИ ЗАВТРА", "ZAKUPY JUTRO").
LANGUAGE_CATEGORY_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {
        Category.SHOPPING: ("alışveriş", "market"),
        Category.DOG_WALKING: ("köpek",),
        Category.PHONE_CHAT: ("sohbet", "telefon"),
        Category.OTHER: ("diğer", "başka"),
    },
    "ru": {
        Category.SHOPPING: ("покупки", "покупка", "магазин", "продукты"),
        Category.DOG_WALKING: ("собака", "собаку", "собаки", "выгул"),
        Category.PHONE_CHAT: ("разговор", "беседа", "звонок", "телефон"),
        Category.OTHER: ("другое",),
    },
    "uk": {
        Category.SHOPPING: ("покупки", "покупка", "магазин", "продукти"),
        Category.DOG_WALKING: ("собака", "собаку", "собаки", "вигул"),
        Category.PHONE_CHAT: ("розмова", "дзвінок", "телефон"),
        Category.OTHER: ("інше",),
    },
    "pl": {
        Category.SHOPPING: ("zakupy", "sklep"),
        Category.DOG_WALKING: ("pies", "psa", "spacer"),
        Category.PHONE_CHAT: ("rozmowa", "telefon"),
        Category.OTHER: ("inne",),
    },
    "en": {
        Category.SHOPPING: ("shopping", "groceries"),
        Category.DOG_WALKING: ("dog",),
        Category.PHONE_CHAT: ("chat", "call", "talk"),
        Category.OTHER: ("other",),
    },
    "ar": {
        Category.SHOPPING: ("تسوق", "التسوق", "مشتريات"),
        Category.DOG_WALKING: ("كلب", "الكلب"),
        Category.PHONE_CHAT: ("مكالمة", "محادثة", "حديث"),
        Category.OTHER: ("أخرى", "آخر"),
    },
}
LANGUAGE_WHEN_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {When.TODAY: ("bugün", "hemen"), When.TOMORROW: ("yarın",), When.SOON: ("yakında",)},
    "ru": {When.TODAY: ("сегодня", "сейчас"), When.TOMORROW: ("завтра",), When.SOON: ("скоро",)},
    "uk": {When.TODAY: ("сьогодні", "зараз"), When.TOMORROW: ("завтра",), When.SOON: ("скоро",)},
    "pl": {When.TODAY: ("dzisiaj", "dziś"), When.TOMORROW: ("jutro",), When.SOON: ("wkrótce",)},
    "en": {When.TODAY: ("today", "now"), When.TOMORROW: ("tomorrow",), When.SOON: ("soon",)},
    "ar": {When.TODAY: ("اليوم", "الآن"), When.TOMORROW: ("غدا", "بكرة"), When.SOON: ("قريبا",)},
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


def _aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """What people write (normalised) → what it means."""
    return {normalize(alias): word for word, aliases in table.items() for alias in aliases}


_ALIAS = _aliases(KEYWORDS)
_LANGUAGE_ALIAS = {lang: _aliases(table) for lang, table in LANGUAGE_KEYWORDS.items()}
_CATEGORY = _aliases(CATEGORY_WORDS)
_LANGUAGE_CATEGORY = {lang: _aliases(t) for lang, t in LANGUAGE_CATEGORY_WORDS.items()}
_WHEN = _aliases(WHEN_WORDS)
_LANGUAGE_WHEN = {lang: _aliases(t) for lang, t in LANGUAGE_WHEN_WORDS.items()}
#: Letters of any script, or digits of any script.
_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def _merged(
    own: dict[str, str], by_language: dict[str, dict[str, str]], languages: Iterable[str]
) -> dict[str, str]:
    """German first; a language's words where German has none."""
    merged = dict(own)
    for lang in languages:
        merged.update({k: v for k, v in by_language.get(lang, {}).items() if k not in merged})
    return merged


def keyword_in(word: str, lang: str) -> str:
    """How our SMS write the keyword ``word`` ("JA") in ``lang``: "EVET", "ДА", "YES";
    German where the language has none."""
    aliases = LANGUAGE_KEYWORDS.get(lang, {}).get(word)
    return aliases[0].upper() if aliases else word


@dataclass(frozen=True)
class Command:
    """A parsed SMS: the keyword (or None), the reference number, the other words."""

    keyword: str | None
    ref: str | None
    category: str | None
    when: str | None
    words: tuple[str, ...]


def _digits(token: str) -> str:
    """Digits of any script as 0-9 ("٤٧١١" → "4711")."""
    return "".join(str(unicodedata.digit(ch)) for ch in token) if token.isdigit() else token


def parse(body: str, languages: tuple[str, ...] | list[str] = ()) -> Command:
    """What an SMS says, in German or in one of the sender's ``languages``."""
    tokens = [_digits(t) for t in _TOKEN.findall(normalize(body))]
    words = tuple(t for t in tokens if not t.isdigit())
    ref = next((t for t in tokens if t.isdigit() and 3 <= len(t) <= 8), None)
    aliases = _merged(_ALIAS, _LANGUAGE_ALIAS, languages)
    keyword = aliases.get(words[0]) if words else None
    categories = _merged(_CATEGORY, _LANGUAGE_CATEGORY, languages)
    named = {categories[w] for w in words if w in categories}
    category = next((c for c in CATEGORY_WORDS if c in named), None)  # in the table's order
    whens = _merged(_WHEN, _LANGUAGE_WHEN, languages)
    named = {whens[w] for w in words if w in whens}
    when = next((w for w in WHEN_WORDS if w in named), None)
    return Command(keyword=keyword, ref=ref, category=category, when=when, words=words)


def automatic(body: str) -> bool:
    """Whether ``body`` reads like an automatic message (see :data:`AUTOMATIC`); an empty
    one counts too (a picture without text, a delivery notice): there is nothing to answer."""
    return not body.strip() or mentions(words(body), AUTOMATIC)
