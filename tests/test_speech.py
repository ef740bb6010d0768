"""What callers say in each language (``ivr.speech``): words, stems, keys and language
names. One fact per case; no database."""

from __future__ import annotations

import pytest

from ivr import speech
from ivr.speech import KEYS, LANGUAGE_NAMES, WORDS, language_named, matches, spoken_key, stems
from ivr.speech import tokens as toks


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Да, всё верно!", "ru", ["да", "все", "верно"]),  # ё loses its dots
        ("П'ять", "uk", ["пять"]),  # the apostrophe does not split a word
        ("пʼять", "uk", ["пять"]),  # nor the Ukrainian one (U+02BC)
        ("one’s", "en", ["ones"]),
        ("Dziś, ZAKUPY", "pl", ["dzis", "zakupy"]),
        ("٤٧١١ und 12", "de", ["4711", "und", "12"]),  # digits of any script as 0-9
        ("والتسوق", "ar", ["والتسوق", "تسوق"]),  # "and the shopping": also without
        ("بالتسوق", "ar", ["بالتسوق", "تسوق"]),
        ("التسوق", "ar", ["التسوق", "تسوق"]),
        ("كلب", "ar", ["كلب"]),  # nothing in front
        ("والتسوق", "ru", ["والتسوق"]),  # only Arabic takes particles off
        ("", "ru", []),
        (None, "ru", []),
        ("a_b", "en", ["a", "b"]),
    ],
)
def test_tokens(text, lang, expected):
    assert toks(text, lang) == expected


@pytest.mark.parametrize(
    ("words", "entries", "found"),
    [
        (["покупки"], ("покуп",), True),  # a word that starts with the entry
        (["купить"], ("покуп",), False),
        (["даже"], ("да ",), False),  # a trailing space: the whole word only
        (["да", "верно"], ("да ",), True),
        (["верно", "да"], ("да ",), True),  # also the last word
        (["еще", "раз"], ("еще раз",), True),  # a phrase
        (["раз", "еще"], ("еще раз",), False),
        (["нееще", "раз"], ("еще раз",), False),  # a phrase starts at a word
        ([], ("да ",), False),
        (["да"], (), False),
    ],
)
def test_matches(words, entries, found):
    assert matches(words, entries) is found


def test_entries_are_normalised_and_keep_their_trailing_space():
    assert "да " in WORDS["ru"]["yes"]  # whole word
    assert "hayir" in WORDS["tr"]["no"]  # dotless ı
    assert "odwol" in WORDS["pl"]["cancel"]  # ł
    assert "الغاء" in WORDS["ar"]["cancel"]  # hamza
    assert speech._norm("Ещё раз ") == "еще раз "
    assert speech._norm("ok") == "ok"


def test_stems_of_several_meanings_in_order():
    assert stems("en", ("yes", "cancel"))[:1] == ("yes",)
    assert stems("en", ("cancel",)) == ("cancel", "call off", "withdraw")
    assert stems("en", ("nothing",)) == ()
    assert stems("xx", ("yes",)) == ()


@pytest.mark.parametrize(
    ("words", "lang", "key"),
    [
        (["семь"], "ru", "7"),
        (["нажимаю", "два"], "ru", "2"),
        (["7"], "ru", "7"),
        (["два", "три"], "ru", None),  # two keys: none
        (["два", "2"], "ru", "2"),  # the same key twice is one
        (["zwei"], "ru", None),  # another language's word
        (["12"], "en", None),  # a number is no key
        (["star"], "en", "*"),
        (["пять"], "uk", "5"),
        (["sieben"], "de", "7"),
        ([], "en", None),
        (["7"], "xx", "7"),  # a language without names: digits still count
        (["x"], "en", None),  # one letter is no key
    ],
)
def test_spoken_key(words, lang, key):
    assert spoken_key(words, lang) == key


def test_every_language_names_every_key():
    for lang, names in KEYS.items():
        assert set(names.values()) == set("0123456789*#"), lang


@pytest.mark.parametrize(
    ("text", "offered", "lang"),
    [
        ("Türkçe", ["de", "tr", "ru"], "tr"),
        ("по-русски, пожалуйста", ["de", "tr", "ru"], "ru"),
        ("Ukrainisch", ["de", "uk"], "uk"),
        ("Ukrainisch", ["de", "tr"], None),  # not offered
        ("Deutsch oder Türkisch", ["de", "tr"], None),  # two named
        ("Hallo", ["de", "tr"], None),
        ("العربية", ["de", "ar"], "ar"),
        ("Deutsch", ["xx", "de"], "de"),  # a language without names is never named
    ],
)
def test_language_named(text, offered, lang):
    assert language_named(toks(text, "ar" if "ال" in text else "de"), offered) == lang


def test_every_language_has_names():
    assert set(LANGUAGE_NAMES) == {"de", "tr", "ru", "uk", "pl", "en", "ar"}
