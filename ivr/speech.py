"""What callers say, per language: the words that choose a menu's option, ask for a
person or a repeat, name a key or a language.

German keeps its stems in :mod:`ivr.menus` (each option's ``stems``); every other
language has one table here, by meaning (``"yes"``, ``"shopping"``, …), and an option
names the meanings that choose it (``Option.words``). Entries are written as people say
them and normalised once (lower case, no accents: :func:`prompts.text.normalize`); an
entry matches a word that starts with it ("покуп" → "покупки"), an entry with a space is
a phrase and a trailing space marks a whole word ("да " never matches "даже").
"""

from __future__ import annotations

import re
import unicodedata

from prompts.text import normalize

_RAW: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {
        "yes": ("evet", "tamam", "olur", "doğru", "peki", "tabii", "kabul"),
        "no": ("hayır", "yanlış", "olmaz", "değil", "istemiyorum"),
        "shopping": ("alışveriş", "market", "bakkal", "eczane", "ekmek", "pazar"),
        "dog": ("köpe",),
        "chat": ("sohbet", "konuş", "telefon", "yalnız", "muhabbet"),
        "other": ("başka", "diğer"),
        "directory": ("hizmet", "bilgi", "danışma", "teklif"),
        "today": ("bugün", "hemen", "şimdi", "acil"),
        "tomorrow": ("yarın",),
        "soon": ("yakında", "önümüzdeki", "hafta", "günler", "öbür gün"),
        "new": ("yeni", "başka talep", "bir talep daha"),
        "cancel": ("iptal", "vazgeç"),
        "person": ("çalışan", "insan", "ekip", "kişi", "operatör", "görevli"),
        "repeat": ("tekrar", "bir daha", "efendim"),
        "sms": ("sms", "mesaj", "gönder"),
        "connect": ("bağla", "konuş", "ara"),
        "more": ("daha fazla", "başka hizmet", "devam"),
        "topic": ("konu",),
    },
    "ru": {
        "yes": (
            "да ",
            "верно",
            "правильно",
            "конечно",
            "хорошо",
            "согласн",
            "ага",
            "точно",
            "могу",
        ),
        "no": ("нет", "неверно", "неправильно", "не надо", "не могу", "не правильно"),
        "shopping": ("покуп", "магазин", "продукт", "аптек", "хлеб"),
        "dog": ("собак", "пёс", "пса", "выгул"),
        "chat": ("разговор", "беседа", "беседу", "поговор", "звон", "телефон", "одинок"),
        "other": ("другое", "другая", "другим", "иное"),
        "directory": ("услуг", "информац", "консультац"),
        "today": ("сегодня", "сейчас", "срочно"),
        "tomorrow": ("завтра",),
        "soon": ("ближайш", "недел", "послезавтра", "скоро"),
        "new": ("нов", "ещё одн"),
        "cancel": ("отмен", "отказ", "удал"),
        "person": ("сотрудник", "человек", "оператор", "команд", "консультант"),
        "repeat": ("повтор", "ещё раз"),
        "sms": ("смс", "sms", "сообщени", "пришлите"),
        "connect": ("соедин", "позвон", "связ"),
        "more": ("ещё", "больше", "другие услуг"),
        "topic": ("тем",),
    },
    "uk": {
        "yes": ("так ", "звісно", "авжеж", "правильно", "добре", "згод", "ага", "можу"),
        "no": ("ні ", "неправильно", "не треба", "не можу"),
        "shopping": ("покуп", "магазин", "продукт", "аптек", "хліб"),
        "dog": ("собак", "пес", "пса", "вигул"),
        "chat": ("розмов", "поговор", "дзвін", "телефон", "самотн"),
        "other": ("інше", "інша", "іншим"),
        "directory": ("послуг", "інформац", "консультац"),
        "today": ("сьогодні", "зараз", "терміново"),
        "tomorrow": ("завтра",),
        "soon": ("найближч", "тижн", "тиждень", "післязавтра", "незабаром", "скоро"),
        "new": ("нов", "ще одн"),
        "cancel": ("скасув", "відмін", "відмов"),
        "person": ("працівник", "людин", "оператор", "команд", "консультант"),
        "repeat": ("повтор", "ще раз"),
        "sms": ("смс", "sms", "повідомлен", "надішліть"),
        "connect": ("з'єдна", "зєдна", "подзвон", "зв'яз", "звяз"),
        "more": ("ще ", "більше", "інші послуг"),
        "topic": ("тем",),
    },
    "pl": {
        "yes": ("tak ", "zgadza", "dobrze", "oczywiście", "jasne", "mogę", "pewnie"),
        "no": ("nie ", "błędnie", "źle", "nie mogę", "nie zgadza"),
        "shopping": ("zakup", "sklep", "aptek", "chleb"),
        "dog": ("pies", "psa", "psem", "psu", "piesk", "spacer"),
        "chat": ("rozmow", "pogadać", "porozmawia", "telefon", "samotn"),
        "other": ("inne", "coś innego", "innego"),
        "directory": ("ofert", "informac", "porad"),
        "today": ("dzisiaj", "dziś", "teraz", "pilne"),
        "tomorrow": ("jutro",),
        "soon": ("najbliższ", "tydz", "tygodni", "pojutrze", "wkrótce"),
        "new": ("now", "kolejn"),
        "cancel": ("odwoł", "anul", "rezygn"),
        "person": ("pracownik", "człowiek", "konsultant", "zespół", "osob"),
        "repeat": ("powtórz", "jeszcze raz"),
        "sms": ("sms", "wiadomoś", "wyślij"),
        "connect": ("połącz", "zadzwo"),
        "more": ("więcej", "kolejne oferty", "dalej"),
        "topic": ("temat",),
    },
    "en": {
        "yes": ("yes", "yeah", "yep", "right", "correct", "sure", "okay", "ok ", "fine"),
        "no": ("no ", "nope", "wrong", "not ", "cannot", "can't"),
        "shopping": ("shop", "groceri", "supermarket", "pharmac", "chemist", "bread"),
        "dog": ("dog", "walk"),
        "chat": ("chat", "talk", "phone", "conversation", "lonely"),
        "other": ("other", "something else", "else"),
        "directory": ("servic", "informat", "advice", "director"),
        "today": ("today", "now", "right away", "urgent"),
        "tomorrow": ("tomorrow",),
        "soon": ("next few", "next days", "week", "soon", "day after"),
        "new": ("new", "another"),
        "cancel": ("cancel", "call off", "withdraw"),
        "person": ("staff", "person", "human", "someone", "team", "operator", "agent"),
        "repeat": ("repeat", "again", "pardon"),
        "sms": ("sms", "text", "message", "send"),
        "connect": ("connect", "put me through", "call them"),
        "more": ("more",),
        "topic": ("topic",),
    },
    "ar": {
        "yes": ("نعم", "ايوه", "أيوة", "أجل", "صحيح", "طبعا", "موافق", "تمام", "حسنا", "أكيد"),
        "no": ("لا ", "خطأ", "غلط", "مش ", "ليس"),
        "shopping": ("تسوق", "مشتريات", "سوق", "بقالة", "صيدلية", "خبز"),
        "dog": ("كلب",),
        "chat": ("مكالمة", "حديث", "محادثة", "كلام", "دردشة", "وحيد"),
        "other": ("آخر", "أخرى", "غير ذلك"),
        "directory": ("خدمات", "خدمة", "معلومات", "استشارة"),
        "today": ("اليوم", "الآن", "حالا", "فورا"),
        "tomorrow": ("غدا", "بكرة", "بكره", "بكرا"),
        "soon": ("الأيام القادمة", "قريبا", "أسبوع", "بعد غد"),
        "new": ("جديد", "طلب آخر"),
        "cancel": ("إلغاء", "الغي", "ألغ"),
        "person": ("موظف", "شخص", "إنسان", "فريق", "مسؤول"),
        "repeat": ("إعادة", "أعد", "مرة أخرى", "كرر"),
        "sms": ("رسالة", "إرسال", "ارسل"),
        "connect": ("وصل", "اتصال", "اتصل"),
        "more": ("المزيد", "أكثر", "خدمات أخرى"),
        "topic": ("موضوع",),
    },
}

#: Keys as each language names them ("семь" → 7).
_RAW_KEYS: dict[str, dict[str, str]] = {
    "de": {
        "null": "0", "eins": "1", "zwei": "2", "drei": "3", "vier": "4", "fünf": "5",
        "sechs": "6", "sieben": "7", "acht": "8", "neun": "9",
        "stern": "*", "sterntaste": "*", "raute": "#", "rautetaste": "#",
    },
    "tr": {
        "sıfır": "0", "bir": "1", "iki": "2", "üç": "3", "dört": "4", "beş": "5",
        "altı": "6", "yedi": "7", "sekiz": "8", "dokuz": "9", "yıldız": "*", "kare": "#",
    },
    "ru": {
        "ноль": "0", "один": "1", "одна": "1", "два": "2", "две": "2", "три": "3",
        "четыре": "4", "пять": "5", "шесть": "6", "семь": "7", "восемь": "8",
        "девять": "9", "звёздочка": "*", "звездочку": "*", "решётка": "#", "решётку": "#",
    },
    "uk": {
        "нуль": "0", "один": "1", "одна": "1", "два": "2", "дві": "2", "три": "3",
        "чотири": "4", "п'ять": "5", "шість": "6", "сім": "7", "вісім": "8",
        "дев'ять": "9", "зірочка": "*", "зірочку": "*", "решітка": "#", "решітку": "#",
    },
    "pl": {
        "zero": "0", "jeden": "1", "jedynka": "1", "jedynkę": "1", "dwa": "2", "dwójka": "2",
        "trzy": "3", "trójka": "3", "cztery": "4", "pięć": "5", "sześć": "6",
        "siedem": "7", "osiem": "8", "dziewięć": "9", "gwiazdka": "*", "gwiazdkę": "*",
        "krzyżyk": "#",
    },
    "en": {
        "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
        "six": "6", "seven": "7", "eight": "8", "nine": "9", "star": "*", "hash": "#",
        "pound": "#",
    },
    "ar": {
        "صفر": "0", "واحد": "1", "اثنان": "2", "اثنين": "2", "ثلاثة": "3", "أربعة": "4",
        "خمسة": "5", "ستة": "6", "سبعة": "7", "ثمانية": "8", "تسعة": "9", "نجمة": "*",
        "مربع": "#",
    },
}  # fmt: skip

#: How a caller names a language, in German, in that language or in another one.
_RAW_LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "de": ("deutsch", "german", "almanca", "немецк", "німецьк", "niemieck", "الألماني"),
    "tr": ("türk", "turk", "турец", "турецьк", "tureck", "التركي"),
    "ru": ("russ", "русск", "росій", "rosyj", "الروسي"),
    "uk": ("ukrain", "украин", "україн", "ukraiń", "ukrayna", "الأوكراني"),
    "pl": ("poln", "polsk", "polish", "польск", "lehçe", "البولندي"),
    "en": ("englisch", "english", "ingilizce", "англий", "англій", "angielsk", "الإنجليزي"),
    "ar": ("arab", "араб", "العربي", "عربي", "arapça"),
}


def _norm(entry: str) -> str:
    """An entry normalised like what callers say, its trailing space (whole word) kept."""
    whole = entry.endswith(" ")
    return " ".join(tokens(entry)) + (" " if whole else "")


#: Arabic words carry "and", "with", "for", "the" in front ("والتسوق"): a word is also
#: looked at without them.
_ARABIC_PREFIXES = ("وال", "بال", "لل", "فال", "ال", "و", "ب", "ل", "ف")


def tokens(text: str | None, lang: str = "de") -> list[str]:
    """The normalised words of what was said, digits of any script as 0-9; in Arabic each
    word also without the particles in front of it."""
    text = normalize(text or "").replace("'", "").replace("’", "").replace("ʼ", "")
    found = []
    for token in re.findall(r"[^\W_]+", text):
        if all(unicodedata.category(ch) == "Nd" for ch in token):
            token = "".join(str(unicodedata.digit(ch)) for ch in token)
        found.append(token)
        if lang == "ar":
            found += [token[len(p) :] for p in _ARABIC_PREFIXES if token.startswith(p)][:1]
    return found


WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    lang: {meaning: tuple(_norm(e) for e in entries) for meaning, entries in table.items()}
    for lang, table in _RAW.items()
}
KEYS: dict[str, dict[str, str]] = {
    lang: {" ".join(tokens(word)): key for word, key in table.items()}
    for lang, table in _RAW_KEYS.items()
}
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    lang: tuple(_norm(e) for e in names) for lang, names in _RAW_LANGUAGE_NAMES.items()
}


def stems(lang: str, meanings: tuple[str, ...]) -> tuple[str, ...]:
    """The entries of ``lang`` for the meanings (none for a language without a table)."""
    table = WORDS.get(lang, {})
    return tuple(stem for meaning in meanings for stem in table.get(meaning, ()))


def spoken_key(words: list[str], lang: str) -> str | None:
    """A key named in speech ("семь", "7"), if exactly one is named."""
    names = KEYS.get(lang, {})
    keys = {names.get(w, w) for w in words if w in names or (len(w) == 1 and w.isdigit())}
    return keys.pop() if len(keys) == 1 else None


def matches(words: list[str], entries: tuple[str, ...]) -> bool:
    """Whether one of the entries is in the words (see the module docstring)."""
    joined = " " + " ".join(words) + " "
    return any(
        (f" {entry}" in joined) if " " in entry else any(w.startswith(entry) for w in words)
        for entry in entries
    )


def language_named(words: list[str], offered: list[str]) -> str | None:
    """The one offered language the words name ("türkçe", "по-русски"), else None."""
    named = [lang for lang in offered if matches(words, LANGUAGE_NAMES.get(lang, ()))]
    return named[0] if len(named) == 1 else None
