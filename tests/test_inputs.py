"""Text as callers say it (``prompts.text``): normalised words, whether speech says
something, which key a caller named, which stems they mentioned; and what a voice webhook
carries (``telephony.inputs``), cut to sane sizes. One fact per case; no database."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from models.message import MAX_BODY
from prompts.text import FILLERS, SPOKEN_KEYS, meaningful, mentions, normalize, spoken_key, words
from telephony.inputs import (
    MAX_ID,
    MAX_SPEECH,
    SmsInput,
    VoiceInput,
    by_machine,
    row_id,
    unsubscribed,
)

# --- normalize and words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Gespräch", "gesprach"),
        ("ÄÖÜ äöü", "aou aou"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Café", "cafe"),
        ("Ñandú", "nandu"),
        ("ﬁnden", "finden"),  # a ligature becomes its letters
        ("Ja, 4711!", "ja, 4711!"),  # punctuation and digits stay: words() splits them off
        ("HAYIR, İptal", "hayir, iptal"),  # Turkish dotless and dotted I
        ("Złoty Łuk", "zloty luk"),  # Polish ł has no decomposition
        ("Đurđa", "durda"),
        ("Ещё ЙОД", "еще иод"),  # Cyrillic stays Cyrillic, without its marks
        ("إلغاء", "الغاء"),  # Arabic hamza is a mark
        ("", ""),
    ],
)
def test_normalize(text, normalised):
    assert normalize(text) == normalised


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ja, bitte!", ["ja", "bitte"]),
        ("Die Zwei", ["die", "zwei"]),
        ("Für 4711 drücke ich 2", ["fur", "4711", "drucke", "ich", "2"]),
        ("Müller-Lüdenscheidt", ["muller", "ludenscheidt"]),
        ("  viel   Platz  ", ["viel", "platz"]),
        ("?!", []),
        ("Хлеб и молоко", ["хлеб", "и", "молоко"]),  # any script
        ("خبز_وحليب", ["خبز", "وحليب"]),  # the underscore is no letter
        ("", []),
    ],
)
def test_words_are_normalised_letters_and_digits(text, expected):
    assert words(text) == expected


# --- meaningful -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Brot und Milch",
        "ähm, Brot",  # a filler next to a real word
        "ok",  # two letters are a word
        "Hund 2",
        "Frau Müller",
        "хлеб и молоко",  # Russian
        "خبز",  # Arabic
    ],
)
def test_speech_with_a_real_word_is_meaningful(text):
    assert meaningful(text)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "?!",
        "a",  # one letter is no word
        "a b c",
        "4711",  # digits alone are no description
        "12 34",
        "ähm",
        "Äh … hm",
        "Mhm, mh",
        "ähm 4711 a",
    ],
)
def test_silence_fillers_single_letters_and_digits_are_not_meaningful(text):
    assert not meaningful(text)


@pytest.mark.parametrize("filler", sorted(FILLERS))
def test_each_filler_alone_is_not_meaningful(filler):
    assert not meaningful(filler)


# --- spoken_key -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "key"), sorted(SPOKEN_KEYS.items()))
def test_each_spoken_key_word_names_its_key(word, key):
    assert spoken_key([word]) == key


@pytest.mark.parametrize(
    ("speech", "key"),
    [
        ("Die Eins", "1"),
        ("die fünf bitte", "5"),
        ("Null", "0"),
        ("Stern", "*"),
        ("Sterntaste", "*"),
        ("die Raute", "#"),
        ("2", "2"),
        ("zwei, ja die 2", "2"),  # the same key named twice
        ("eins oder zwei", None),  # two keys: ambiguous
        ("Stern und Raute", None),
        ("sechs", None),  # not a key of the menus
        ("zweite", None),  # whole words only
        ("", None),
    ],
)
def test_a_key_named_in_speech(speech, key):
    assert spoken_key(words(speech)) == key


# --- mentions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("speech", "stems", "expected"),
    [
        ("Einkaufen bitte", ("einkauf",), True),  # a stem matches the start of a word
        ("ich brauche Einkäufe", ("einkauf",), True),
        ("Wareneinkauf", ("einkauf",), False),  # ... not the middle
        ("Hund", ("einkauf", "hund"), True),  # any of the stems
        ("Katze", ("einkauf", "hund"), False),
        ("Hund", (), False),
        ("", ("einkauf",), False),
        ("geht nicht mehr", ("nicht mehr",), True),  # a phrase must appear as such
        ("nicht mehr", ("nicht mehr",), True),  # also at the very start
        ("mehr nicht", ("nicht mehr",), False),
        ("nicht viel mehr", ("nicht mehr",), False),
        ("gar nichts mehr", ("nicht mehr",), False),
        ("xnicht mehr", ("nicht mehr",), False),  # a phrase starts at a word
        ("nicht mehrere", ("nicht mehr",), True),  # ... and its last word is a stem too
        ("nicht", ("nicht mehr",), False),
    ],
)
def test_mentions(speech, stems, expected):
    assert mentions(words(speech), stems) is expected


# --- VoiceInput.from_form -------------------------------------------------------------------------


def form(**fields: str) -> VoiceInput:
    return VoiceInput.from_form(MultiDict(fields))


def test_an_empty_form_is_silent_with_nothing_set():
    voice = form()
    assert voice.call_sid == ""
    assert voice.silent
    assert words(voice.speech or "") == []
    assert all(
        getattr(voice, name) is None
        for name in (
            "from_raw",
            "to_raw",
            "digits",
            "speech",
            "confidence",
            "recording_sid",
            "recording_url",
            "recording_duration",
            "recording_status",
            "dial_status",
            "call_status",
            "duration",
            "answered_by",
        )
    )


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("1", "1"),
        (" 2 ", "2"),
        ("03023125188#", "03023125188#"),
        ("*", "*"),
        ("1a2", "12"),  # anything but keys is dropped
        ("X1X", "1"),
        ("1 2", "12"),
        ("abc", None),  # nothing left
        ("", None),
        ("   ", None),
        ("1" * 50, "1" * 40),  # at most 40 keys
        ("x" * 40 + "1", None),  # cut to 40 characters before filtering
    ],
)
def test_digits_are_trimmed_cut_and_only_keys(raw, digits):
    assert form(Digits=raw).digits == digits


@pytest.mark.parametrize(
    ("raw", "speech"),
    [
        ("  Brot und Milch  ", "Brot und Milch"),
        ("   ", None),
        ("", None),
        ("a" * (MAX_SPEECH + 20), "a" * MAX_SPEECH),
        (" " + "a" * MAX_SPEECH, "a" * MAX_SPEECH),  # trimmed before it is cut
    ],
)
def test_speech_is_trimmed_and_cut(raw, speech):
    assert form(SpeechResult=raw).speech == speech


@pytest.mark.parametrize(
    ("name", "attribute", "limit"),
    [
        ("CallSid", "call_sid", 40),
        ("From", "from_raw", 40),
        ("To", "to_raw", 40),
        ("RecordingSid", "recording_sid", 40),
        ("RecordingUrl", "recording_url", 300),
        ("DialCallStatus", "dial_status", 20),
        ("CallStatus", "call_status", 20),
        ("AnsweredBy", "answered_by", 30),
        ("RecordingStatus", "recording_status", 20),
    ],
)
def test_each_text_field_is_trimmed_and_cut_to_its_limit(name, attribute, limit):
    assert getattr(form(**{name: "  x  "}), attribute) == "x"
    assert getattr(form(**{name: "y" * (limit + 5)}), attribute) == "y" * limit


def test_other_fields_are_not_read():
    assert form(Body="JA 4711").speech is None


@pytest.mark.parametrize(
    ("raw", "confidence"),
    [
        ("0.87", 0.87),
        (" 1 ", 1.0),
        ("0", 0.0),
        ("hoch", None),
        ("", None),
        ("1" + "0" * 25, 1e19),  # cut to 20 characters
    ],
)
def test_confidence_is_a_number_or_none(raw, confidence):
    assert form(Confidence=raw).confidence == confidence


@pytest.mark.parametrize(
    ("name", "attribute"),
    [("RecordingDuration", "recording_duration"), ("CallDuration", "duration")],
)
@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), (" 7 ", 7), ("0", 0), ("12.5", None), ("lang", None), ("", None)],
)
def test_durations_are_whole_seconds_or_none(name, attribute, raw, value):
    assert getattr(form(**{name: raw}), attribute) == value


@pytest.mark.parametrize(
    ("name", "attribute"),
    [("RecordingDuration", "recording_duration"), ("CallDuration", "duration")],
)
def test_a_duration_longer_than_ten_characters_is_cut(name, attribute):
    assert getattr(form(**{name: "12345678901234"}), attribute) == 1234567890


@pytest.mark.parametrize(
    ("fields", "silent"),
    [
        ({}, True),
        ({"Digits": "1"}, False),
        ({"SpeechResult": "hm"}, False),  # something said, if not understood
        ({"Digits": "x", "SpeechResult": " "}, True),
    ],
)
def test_silent_means_nothing_pressed_and_nothing_said(fields, silent):
    assert form(**fields).silent is silent


def test_spoken_words_are_the_normalised_words_of_the_speech():
    assert words(form(SpeechResult="Die Zwei, bitte").speech or "") == ["die", "zwei", "bitte"]


# --- what an SMS webhook carries ------------------------------------------------------------------


def sms_form(**fields: str) -> SmsInput:
    return SmsInput.from_form(MultiDict(fields))


def test_an_empty_sms_form_has_nothing_set():
    sms = sms_form()
    assert (sms.message_sid, sms.body) == ("", "")
    assert (sms.from_raw, sms.to_raw, sms.status, sms.error_code) == (None, None, None, None)


@pytest.mark.parametrize(
    ("name", "attribute", "limit"),
    [
        ("MessageSid", "message_sid", 40),
        ("From", "from_raw", 40),
        ("To", "to_raw", 40),
        ("MessageStatus", "status", 40),
        ("ErrorCode", "error_code", 10),
    ],
)
def test_each_sms_field_is_trimmed_and_cut_to_its_limit(name, attribute, limit):
    assert getattr(sms_form(**{name: "  x  "}), attribute) == "x"
    assert getattr(sms_form(**{name: "y" * (limit + 5)}), attribute) == "y" * limit


@pytest.mark.parametrize(
    ("fields", "sid", "status"),
    [
        ({"SmsSid": "SM1", "SmsStatus": "sent"}, "SM1", "sent"),  # the older names
        ({"MessageSid": "SM2", "SmsSid": "SM1"}, "SM2", None),  # the newer name wins
        ({"MessageStatus": "delivered", "SmsStatus": "sent"}, "", "delivered"),
    ],
)
def test_the_older_sms_field_names_are_read_too(fields, sid, status):
    sms = sms_form(**fields)
    assert (sms.message_sid, sms.status) == (sid, status)


def test_the_older_sms_field_names_are_cut_alike():
    sms = sms_form(SmsSid="S" * 45, SmsStatus="d" * 45)
    assert (sms.message_sid, sms.status) == ("S" * 40, "d" * 40)


def test_the_body_keeps_its_spaces_loses_nul_bytes_and_is_cut():
    assert sms_form(Body=" JA\x00 4711 ").body == " JA 4711 "
    assert sms_form(Body="x" * (MAX_BODY + 10)).body == "x" * MAX_BODY


def test_nul_bytes_leave_every_field():
    assert form(SpeechResult="Brot\x00 und Milch", From="+49\x0030").speech == "Brot und Milch"
    assert form(From="+49\x0030").from_raw == "+4930"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("17", 17),
        ("1", 1),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # no row has such an id
        ("0", None),
        ("-3", None),
        ("3a", None),
        ("", None),
        (None, None),
    ],
)
def test_an_id_from_a_callback_url(raw, value):
    assert row_id(raw) == value


@pytest.mark.parametrize(
    ("code", "gone"), [("21610", True), ("21211", False), ("", False), (None, False)]
)
def test_only_twilios_unsubscribed_code_means_unsubscribed(code, gone):
    assert unsubscribed(code) is gone


@pytest.mark.parametrize(
    ("answered_by", "machine"),
    [
        ("machine_start", True),
        ("machine_end_beep", True),
        ("fax", True),
        ("human", False),
        ("unknown", False),
        ("", False),
        (None, False),
    ],
)
def test_a_machine_or_a_fax_answered(answered_by, machine):
    assert by_machine(answered_by) is machine
    assert form(AnsweredBy=answered_by or "").by_machine is machine
