"""The SMS vocabulary as data: what people write, and what we take it to mean.

Matching is case- and accent-insensitive and forgiving: "ja", "Ja 4711!", "JA4711" and
"ok" all mean JA. A reference number (3 to 8 digits, in any script: "٤٧١١") may be
anywhere in the text.

German keywords work for everybody (every SMS named them until the other languages came);
the words of the sender's own languages work besides (:data:`LANGUAGE_KEYWORDS`: EVET,
ДА/DA, TAK, ТАК, YES, نعم …), so that "da" means JA to a Russian speaker and nothing to a
German one.

Time spent (``ERLEDIGT 4711 1,5``, or a reply "90 min" to our question) is read by
:func:`duration`: an amount with a unit ("90 min", "2 Std.", "1 Stunde 30 Minuten",
"eine halbe Stunde", "anderthalb Stunden"); else one bare amount ("2", "1,5" — hours up to
:data:`BARE_HOURS_UP_TO`, minutes above, "45": 45 minutes). Anything over a day, zero, or
two bare amounts is no answer (we ask).
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
    # A volunteer is worried about a client: "SORGE 4711 Frau M. wirkte verwirrt".
    "SORGE": ("sorge", "sorgen", "besorgt", "bedenken"),
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


#: Units written after an amount of time (normalised) → minutes per unit.
TIME_UNITS: dict[str, int] = {
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minuten": 1,
    "h": 60,
    "std": 60,
    "stdn": 60,
    "stunde": 60,
    "stunden": 60,
}
#: Amounts written as words (normalised) → hours, when a unit follows ("zwei Stunden").
AMOUNT_WORDS: dict[str, float] = {
    "ein": 1,
    "eine": 1,
    "einer": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "funf": 5,
    "halbe": 0.5,
    "anderthalb": 1.5,
    "eineinhalb": 1.5,
    "zweieinhalb": 2.5,
}
#: Words that are a time on their own (normalised) → minutes.
TIME_WORDS: dict[str, int] = {
    "viertelstunde": 15,
    "halbestunde": 30,
    "dreiviertelstunde": 45,
    "anderthalb": 90,
    "eineinhalb": 90,
}
#: A bare number up to this is hours ("2"), above it minutes ("45").
BARE_HOURS_UP_TO = 12
#: The longest time one request can take.
MAX_MINUTES = 24 * 60

_NUMBER = r"\d{1,4}(?:[.,]\d{1,2})?"
_UNIT = "|".join(sorted(TIME_UNITS, key=len, reverse=True))
_AMOUNT = "|".join(sorted(AMOUNT_WORDS, key=len, reverse=True))
_WITH_UNIT = re.compile(rf"(?<![\d.,])(?:({_NUMBER})|\b({_AMOUNT}))\s*({_UNIT})\b")
_BARE = re.compile(r"(?<![\d.,])(\d{1,2})(?:[.,](\d{1,2}))?(?![\d]|[.,]\d)")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _minutes_in_words(text: str) -> float | None:
    """The time written with units in normalised ``text`` (summed), else the words that
    are a time on their own; None: neither."""
    total: float | None = None
    for match in _WITH_UNIT.finditer(text):
        number, amount, unit = match.groups()
        value = _number(number) if number is not None else AMOUNT_WORDS[amount]
        total = (total or 0) + value * TIME_UNITS[unit]
    if total is None:
        alone = [TIME_WORDS[w] for w in _TOKEN.findall(text) if w in TIME_WORDS]
        total = sum(alone) if alone else None
    return total


def duration(body: str) -> int | None:
    """The minutes ``body`` says were spent (see the module docstring), or None."""
    text = normalize(body)
    total = _minutes_in_words(text)
    if total is None:  # then nothing with a unit is in the text: one bare amount, or none
        bare = _BARE.findall(text)
        if len(bare) != 1:
            return None
        whole, fraction = bare[0]
        value = _number(f"{whole}.{fraction or 0}")
        total = value * 60 if value <= BARE_HOURS_UP_TO else value
    minutes = round(total)
    return minutes if 0 < minutes <= MAX_MINUTES else None


@dataclass(frozen=True)
class Command:
    """A parsed SMS: the keyword (or None), the reference number, the other words, and
    the time spent (in minutes) for ERLEDIGT or a message without a keyword."""

    keyword: str | None
    ref: str | None
    category: str | None
    when: str | None
    words: tuple[str, ...]
    minutes: int | None = None
    #: For SORGE: what the sender wrote after the keyword and the number, as written.
    text: str = ""


#: Keywords after which a number may be the time spent ("ERLEDIGT 4711 2").
TAKES_TIME = ("ERLEDIGT", None)


def _digits(token: str) -> str:
    """Digits of any script as 0-9 ("٤٧١١" → "4711")."""
    return "".join(str(unicodedata.digit(ch)) for ch in token) if token.isdigit() else token


def parse(body: str, languages: tuple[str, ...] | list[str] = ()) -> Command:
    """What an SMS says, in German or in one of the sender's ``languages``."""
    text = normalize(body)
    tokens = [_digits(t) for t in _TOKEN.findall(text)]
    words = tuple(t for t in tokens if not t.isdigit())
    aliases = _merged(_ALIAS, _LANGUAGE_ALIAS, languages)
    keyword = aliases.get(words[0]) if words else None
    minutes = None
    if keyword in TAKES_TIME:
        minutes = duration(body)
        # "120 min" is no reference number
        tokens = [_digits(t) for t in _TOKEN.findall(_WITH_UNIT.sub(" ", text))]
    ref = next((t for t in tokens if t.isdigit() and 3 <= len(t) <= 8), None)
    categories = _merged(_CATEGORY, _LANGUAGE_CATEGORY, languages)
    named = {categories[w] for w in words if w in categories}
    category = next((c for c in CATEGORY_WORDS if c in named), None)  # in the table's order
    whens = _merged(_WHEN, _LANGUAGE_WHEN, languages)
    named = {whens[w] for w in words if w in whens}
    when = next((w for w in WHEN_WORDS if w in named), None)
    return Command(
        keyword=keyword,
        ref=ref,
        category=category,
        when=when,
        words=words,
        minutes=minutes,
        text=free_text(body, ref) if keyword == "SORGE" else "",
    )


_FIRST_WORD = re.compile(r"^\W*\w+")
_LEADING = re.compile(r"^[\s:;,.\-–!]+")


def free_text(body: str, ref: str | None) -> str:
    """``body`` without its first word (the keyword) and the reference number, spaces
    collapsed: "SORGE 4711: Frau M. wirkte verwirrt" → "Frau M. wirkte verwirrt"."""
    rest = _FIRST_WORD.sub("", body.strip())  # anchored: only the first word
    if ref:
        rest = re.sub(rf"(?<!\d){ref}(?!\d)", " ", rest, count=1)
    return _LEADING.sub("", " ".join(rest.split()))


def automatic(body: str) -> bool:
    """Whether ``body`` reads like an automatic message (see :data:`AUTOMATIC`); an empty
    one counts too (a picture without text, a delivery notice): there is nothing to answer."""
    return not body.strip() or mentions(words(body), AUTOMATIC)
