"""The SMS vocabulary (``sms.keywords.parse``): what people write, and what we take it to
mean. One fact per case; no database."""

from __future__ import annotations

import pytest

from models import Category, When
from sms.keywords import (
    AMOUNT_WORDS,
    BARE_HOURS_UP_TO,
    CATEGORY_WORDS,
    KEYWORDS,
    LANGUAGE_CATEGORY_WORDS,
    LANGUAGE_KEYWORDS,
    LANGUAGE_WHEN_WORDS,
    MAX_MINUTES,
    TIME_UNITS,
    TIME_WORDS,
    WHEN_WORDS,
    _aliases,
    _merged,
    duration,
    free_text,
    keyword_in,
    parse,
)

#: Every word people may write for a keyword, as they would write it.
ALIASES = [
    ("ja", "JA"),
    ("Jaa", "JA"),
    ("jo", "JA"),
    ("OK", "JA"),
    ("okay", "JA"),
    ("gerne", "JA"),
    ("gern", "JA"),
    ("klar", "JA"),
    ("yes", "JA"),
    ("J", "JA"),
    ("Nein", "NEIN"),
    ("ne", "NEIN"),
    ("nee", "NEIN"),
    ("no", "NEIN"),
    ("n", "NEIN"),
    ("leider", "NEIN"),
    ("Erledigt", "ERLEDIGT"),
    ("fertig", "ERLEDIGT"),
    ("done", "ERLEDIGT"),
    ("geschafft", "ERLEDIGT"),
    ("absagen", "ABSAGEN"),
    ("Absage", "ABSAGEN"),
    ("abgesagt", "ABSAGEN"),
    ("Storno", "ABSAGEN"),
    ("stornieren", "ABSAGEN"),
    ("Status", "STATUS"),
    ("stand", "STATUS"),
    ("Pause", "PAUSE"),
    ("Urlaub", "PAUSE"),
    ("weiter", "WEITER"),
    ("zurück", "WEITER"),
    ("resume", "WEITER"),
    ("STOPP", "STOPP"),
    ("stop", "STOPP"),
    ("abmelden", "STOPP"),
    ("Ende", "STOPP"),
    ("STOPALL", "STOPP"),
    ("unsubscribe", "STOPP"),
    ("cancel", "STOPP"),
    ("quit", "STOPP"),
    ("end", "STOPP"),
    ("Start", "START"),
    ("anmelden", "START"),
    ("UNSTOP", "START"),
    ("Hilfe", "HILFE"),
    ("help", "HILFE"),
    ("Info", "ANGEBOTE"),
    ("Angebote", "ANGEBOTE"),
    ("angebot", "ANGEBOTE"),
    ("infos", "ANGEBOTE"),
    ("Information", "ANGEBOTE"),
    ("Informationen", "ANGEBOTE"),
    ("hallo", "HILFE"),
    ("Sorge", "SORGE"),
    ("sorgen", "SORGE"),
    ("besorgt", "SORGE"),
    ("Bedenken", "SORGE"),
]


def test_every_alias_in_the_table_is_tested_here():
    table = {(alias, word) for word, aliases in KEYWORDS.items() for alias in aliases}
    tested = {(parse(text).words[0], word) for text, word in ALIASES}
    assert tested == table


@pytest.mark.parametrize(("text", "keyword"), ALIASES)
def test_each_alias_means_its_keyword(text, keyword):
    assert parse(text).keyword == keyword


@pytest.mark.parametrize(
    "text",
    [
        "JA",
        "ja",
        "jA",
        "Ja!",
        "ja.",
        "Ja, gerne",
        "  ja  ",
        "„Ja“",
        "ja 👍",
        "*ja*",
        "ja\n",
    ],
)
def test_case_and_punctuation_do_not_matter(text):
    assert parse(text).keyword == "JA"


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Zurück", "WEITER"),
        ("ZURÜCK", "WEITER"),
        ("zuruck", "WEITER"),
        ("zurück!", "WEITER"),
        ("Erledígt", "ERLEDIGT"),  # a stray accent
        ("NÉIN", "NEIN"),
    ],
)
def test_accents_and_umlauts_do_not_matter(text, keyword):
    assert parse(text).keyword == keyword


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("ja 123", "123"),  # three digits: the shortest reference
        ("ja 12345678", "12345678"),  # eight: the longest
        ("ja 12", None),  # too short to be a reference
        ("ja 123456789", None),  # too long (a phone number, say)
        ("JA4711", "4711"),  # glued to the keyword
        ("ja-4711", "4711"),
        ("4711 ja", "4711"),  # before the keyword
        ("ja, Nr. 4711, danke", "4711"),  # in the middle
        ("ja 0815", "0815"),  # leading zero kept: it is spoken digit by digit
        ("ja 12 4711", "4711"),  # the first number that can be a reference
        ("ja 4711 0815", "4711"),  # the first of two
        ("ja", None),
        ("", None),
    ],
)
def test_reference_number_of_three_to_eight_digits_anywhere(text, ref):
    assert parse(text).ref == ref


def test_a_number_before_the_keyword_does_not_hide_it():
    assert parse("4711 ja").keyword == "JA"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?",
        "!!!",
        "4711",
        "bla",
        "danke ja",  # the keyword must be the first word
        "Jawohl",  # a word starting like a keyword is not one
        "jein",
    ],
)
def test_no_keyword(text):
    assert parse(text).keyword is None


def test_words_are_the_normalised_words_without_numbers():
    assert parse("Ja 4711, GERNE doch!").words == ("ja", "gerne", "doch")


def test_no_words_in_an_empty_message():
    assert parse("").words == ()


#: Every word a client may use for a category, as they would write it.
CATEGORY_CASES = [
    ("Einkaufen", Category.SHOPPING),
    ("Einkauf", Category.SHOPPING),
    ("einkaufe", Category.SHOPPING),
    ("Hund", Category.DOG_WALKING),
    ("Gassi", Category.DOG_WALKING),
    ("Telefon", Category.PHONE_CHAT),
    ("Telefonat", Category.PHONE_CHAT),
    ("Gespräch", Category.PHONE_CHAT),
    ("Anruf", Category.PHONE_CHAT),
    ("reden", Category.PHONE_CHAT),
    ("Sonstiges", Category.OTHER),
    ("anderes", Category.OTHER),
]


def test_every_category_word_in_the_table_is_tested_here():
    table = {(w, c) for c, ws in CATEGORY_WORDS.items() for w in ws}
    assert {(parse(text).words[0], c) for text, c in CATEGORY_CASES} == table


@pytest.mark.parametrize(("text", "category"), CATEGORY_CASES)
def test_category_word(text, category):
    assert parse(text).category == category


WHEN_CASES = [
    ("heute", When.TODAY),
    ("Sofort", When.TODAY),
    ("gleich", When.TODAY),
    ("MORGEN", When.TOMORROW),
    ("bald", When.SOON),
    ("Woche", When.SOON),
    ("übermorgen", When.SOON),
]


def test_every_when_word_in_the_table_is_tested_here():
    table = {(w, when) for when, ws in WHEN_WORDS.items() for w in ws}
    assert {(parse(text).words[0], when) for text, when in WHEN_CASES} == table


@pytest.mark.parametrize(("text", "when"), WHEN_CASES)
def test_when_word(text, when):
    assert parse(text).when == when


@pytest.mark.parametrize(
    ("text", "category", "when"),
    [
        ("EINKAUFEN MORGEN", Category.SHOPPING, When.TOMORROW),
        ("morgen einkaufen", Category.SHOPPING, When.TOMORROW),  # any order
        ("Bitte heute mit dem Hund raus", Category.DOG_WALKING, When.TODAY),  # anywhere
        ("Einkaufen", Category.SHOPPING, None),
        ("heute", None, When.TODAY),
        ("Brot und Milch", None, None),
        ("Telefongespräch", None, None),  # one word, not the word "telefon"
        ("morgens", None, None),  # whole words only
    ],
)
def test_category_and_when_from_a_clients_message(text, category, when):
    command = parse(text)
    assert (command.category, command.when) == (category, when)


def test_a_category_word_is_no_keyword():
    assert parse("EINKAUFEN MORGEN").keyword is None


def test_keyword_and_reference_leave_category_and_when_empty():
    command = parse("JA 4711")
    assert (command.category, command.when) == (None, None)


# --- time spent: "ERLEDIGT 4711 1,5", or "90 min" as the answer to our question ----------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2", 120),  # a bare number up to 12: hours
        ("12", 720),  # the largest bare number read as hours
        ("13", 13),  # above it: minutes
        ("45", 45),
        ("99", 99),  # two digits at most: three are a reference number
        ("1,5", 90),  # a German decimal comma
        ("1.5", 90),  # or a point
        ("0,5", 30),
        ("1,25", 75),
        ("0,33", 20),  # rounded to whole minutes
        ("90 min", 90),
        ("90min", 90),
        ("90 Minuten", 90),
        ("1 Minute", 1),  # the shortest time
        ("10 mins", 10),
        ("2 Std.", 120),
        ("2 std", 120),
        ("2 Stdn", 120),
        ("2h", 120),
        ("1,5 Stunden", 90),
        ("1 Stunde", 60),
        ("1 Stunde 30 Minuten", 90),  # units add up
        ("1 Std 15 min", 75),
        ("eine Stunde", 60),
        ("ein h", 60),
        ("einer Stunde", 60),
        ("zwei Stunden", 120),
        ("drei Stunden", 180),
        ("vier Stunden", 240),
        ("fünf Stunden", 300),
        ("eine halbe Stunde", 30),
        ("anderthalb Stunden", 90),
        ("eineinhalb Stunden", 90),
        ("zweieinhalb Stunden", 150),
        ("anderthalb", 90),  # words that are a time on their own
        ("eineinhalb", 90),
        ("Viertelstunde", 15),
        ("halbestunde", 30),
        ("Dreiviertelstunde", 45),
        ("24 Stunden", 1440),  # a whole day is the most
        ("1440 min", 1440),
        ("etwa 2, danke", 120),  # words around it do not matter
        ("Es waren 1,5 Stunden.", 90),
    ],
)
def test_durations_people_write(text, minutes):
    assert duration(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "",
        "danke",
        "0",  # nothing spent is no answer
        "0 min",
        "0,001",  # rounds to nothing
        "25 Stunden",  # more than a day
        "1441 min",
        "2 3",  # two bare amounts: which one?
        "4711",  # a reference number, not a time
        "1,5,5",
        "Stunde",  # a unit without an amount
    ],
)
def test_what_is_no_duration(text):
    assert duration(text) is None


@pytest.mark.parametrize(
    ("text", "keyword", "ref", "minutes"),
    [
        ("ERLEDIGT 4711 2", "ERLEDIGT", "4711", 120),
        ("ERLEDIGT 4711 1,5", "ERLEDIGT", "4711", 90),
        ("erledigt 4711 90 min", "ERLEDIGT", "4711", 90),
        ("Erledigt, 1,5 Std", "ERLEDIGT", None, 90),
        ("ERLEDIGT 120 min", "ERLEDIGT", None, 120),  # "120 min" is no reference number
        ("ERLEDIGT 2 Std 4711", "ERLEDIGT", "4711", 120),
        ("ERLEDIGT 4711", "ERLEDIGT", "4711", None),  # we ask
        ("ERLEDIGT", "ERLEDIGT", None, None),
        ("fertig 4711 45", "ERLEDIGT", "4711", 45),
        ("1,5", None, None, 90),  # the answer to "Wie lange hat es gedauert?"
        ("90 min", None, None, 90),
        ("4711 1,5", None, "4711", 90),
        ("JA 4711 2", "JA", "4711", None),  # only ERLEDIGT and answers carry a time
        ("ja 120 min", "JA", "120", None),
        ("NEIN 2", "NEIN", None, None),
    ],
)
def test_time_spent_in_a_message(text, keyword, ref, minutes):
    command = parse(text)
    assert (command.keyword, command.ref, command.minutes) == (keyword, ref, minutes)


def test_every_time_unit_and_word_in_the_tables_is_read():
    for unit, per in TIME_UNITS.items():
        assert duration(f"2 {unit}") == 2 * per
    for word, hours in AMOUNT_WORDS.items():
        assert duration(f"{word} stunden") == round(hours * 60)
    for word, minutes in TIME_WORDS.items():
        assert duration(word) == minutes
    assert duration(str(BARE_HOURS_UP_TO)) == BARE_HOURS_UP_TO * 60
    assert duration(str(BARE_HOURS_UP_TO + 1)) == BARE_HOURS_UP_TO + 1
    assert duration(f"{MAX_MINUTES} min") == MAX_MINUTES
    assert duration(f"{MAX_MINUTES + 1} min") is None


@pytest.mark.parametrize(
    ("text", "ref", "said"),
    [
        ("SORGE 4711 Frau M. wirkte verwirrt", "4711", "Frau M. wirkte verwirrt"),
        ("Sorge: 4711 - Kühlschrank leer!", "4711", "Kühlschrank leer!"),
        ("SORGE4711 Herd war an", "4711", "Herd war an"),
        ("sorge  4711\nsie   hat  geweint", "4711", "sie hat geweint"),
        ("SORGE Frau M. hat 3 Tage nichts gegessen", None, "Frau M. hat 3 Tage nichts gegessen"),
        ("SORGE 4711 (Tel. 4711) verwirrt", "4711", "(Tel. 4711) verwirrt"),  # only the first
        ("SORGE 47110 verwirrt", "47110", "verwirrt"),
        ("Besorgt 4711", "4711", ""),
        ("sorge", None, ""),
    ],
)
def test_a_concern_keeps_what_was_written(text, ref, said):
    command = parse(text)
    assert (command.keyword, command.ref, command.text) == ("SORGE", ref, said)


def test_only_a_concern_keeps_free_text():
    assert parse("JA 4711 gerne").text == ""
    assert free_text("SORGE 4711 x", None) == "4711 x"
    assert free_text("SORGE 14711 x", "4711") == "14711 x"  # not inside another number


# --- the other languages -----------------------------------------------------------------------


LANGUAGE_ALIASES = [
    (lang, alias, word)
    for lang, table in LANGUAGE_KEYWORDS.items()
    for word, aliases in table.items()
    for alias in aliases
]


@pytest.mark.parametrize(("lang", "alias", "keyword"), LANGUAGE_ALIASES)
def test_each_alias_of_a_language_means_its_keyword_to_its_speakers(lang, alias, keyword):
    command = parse(f"{alias.upper()} 4711!", [lang])
    assert (command.keyword, command.ref) == (keyword, "4711")


@pytest.mark.parametrize(
    ("text", "languages", "keyword"),
    [
        ("da 4711", ["ru"], "JA"),
        ("Da 4711", [], None),  # a German "da" is no answer
        ("ДА 4711", ["ru"], "JA"),
        ("ДА 4711", ["de"], None),  # only the sender's languages count
        ("ТАК", ["uk"], "JA"),
        ("так", ["ru"], None),  # Russian "так" is no yes
        ("TAK", ["pl"], "JA"),
        ("NIE 4711", ["pl"], "NEIN"),
        ("нет", ["ru", "de"], "NEIN"),
        ("HAYIR", ["tr"], "NEIN"),
        ("hayir", ["tr"], "NEIN"),  # without the dotless ı
        ("İPTAL 4711", ["tr"], "ABSAGEN"),
        ("ODWOLAJ", ["pl"], "ABSAGEN"),  # without the ł
        ("إلغاء", ["ar"], "ABSAGEN"),
        ("الغاء", ["ar"], "ABSAGEN"),  # without the hamza
        ("JA 4711", ["ru"], "JA"),  # German works for everybody
        ("STOPP", ["ar"], "STOPP"),
        ("Ende", ["en"], "STOPP"),
        ("yes", ["ru"], "JA"),  # German takes "yes" too
    ],
)
def test_the_senders_languages_decide(text, languages, keyword):
    assert parse(text, languages).keyword == keyword


def test_digits_of_any_script_are_the_reference():
    assert parse("نعم ٤٧١١", ["ar"]).ref == "4711"
    assert parse("نعم ٤٧", ["ar"]).ref is None  # two digits are no reference


def test_german_wins_where_a_language_uses_a_german_word_otherwise():
    merged = _merged({"ende": "STOPP"}, {"xx": {"ende": "ERLEDIGT", "fin": "ERLEDIGT"}}, ["xx"])
    assert merged == {"ende": "STOPP", "fin": "ERLEDIGT"}
    assert _merged({"a": "A"}, {"xx": {"b": "B"}}, []) == {"a": "A"}


@pytest.mark.parametrize(
    ("word", "lang", "written"),
    [
        ("JA", "ru", "ДА"),
        ("NEIN", "tr", "HAYIR"),
        ("ABSAGEN", "en", "DROP"),
        ("JA", "de", "JA"),  # German has no table: the German word
        ("JA", "fr", "JA"),  # no such language
        ("NICHTS", "ru", "NICHTS"),  # no such keyword
    ],
)
def test_how_our_sms_write_a_keyword(word, lang, written):
    assert keyword_in(word, lang) == written


@pytest.mark.parametrize(
    ("lang", "word", "category"),
    [
        (lang, w, c)
        for lang, t in LANGUAGE_CATEGORY_WORDS.items()
        for c, ws in t.items()
        for w in ws
    ],
)
def test_each_category_word_of_a_language(lang, word, category):
    assert parse(f"{word.upper()} bitte", [lang]).category == category
    assert parse(word, [lang]).keyword is None


@pytest.mark.parametrize(
    ("lang", "word", "when"),
    [(lang, w, c) for lang, t in LANGUAGE_WHEN_WORDS.items() for c, ws in t.items() for w in ws],
)
def test_each_when_word_of_a_language(lang, word, when):
    assert parse(word, [lang]).when == when


def test_a_clients_message_in_russian():
    command = parse("ПОКУПКИ ЗАВТРА, пожалуйста", ["ru"])
    assert (command.category, command.when) == (Category.SHOPPING, When.TOMORROW)
    assert (parse("ПОКУПКИ ЗАВТРА").category, parse("ПОКУПКИ ЗАВТРА").when) == (None, None)


def test_two_categories_named_the_first_in_the_table_wins():
    assert parse("Hund einkaufen").category == Category.SHOPPING
    assert parse("собаку и покупки", ["ru"]).category == Category.SHOPPING
    assert parse("morgen oder heute").when == When.TODAY


def test_a_table_of_aliases_is_read_normalised():
    """(Called here: mutation testing does not see what runs only at import.)"""
    assert _aliases({"JA": ("Évet", "ДА"), "NEIN": ("hayır",)}) == {
        "evet": "JA",
        "да": "JA",
        "hayir": "NEIN",
    }
