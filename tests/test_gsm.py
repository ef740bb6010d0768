"""GSM 03.38 (``prompts.text``): which texts stay one plain SMS, how many segments a text
takes, and how a text is written with GSM-7 characters only."""

from __future__ import annotations

import pytest

from prompts.text import fits_one_segment, for_sms, segments, septets, to_gsm


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("JA 4711", 7),
        ("Grüße äöü ß é", 13),  # German letters are in the basic alphabet
        ("€", 2),  # the extension table counts twice
        ("[x]", 5),
        ("ş", None),  # Turkish s-cedilla needs UCS-2
        ("Привет", None),
        ("„Hallo“", None),
    ],
)
def test_septets(text, count):
    assert septets(text) == count


@pytest.mark.parametrize(
    ("text", "fits"),
    [("a" * 160, True), ("a" * 161, False), ("€" * 80, True), ("€" * 81, False), ("ş", False)],
)
def test_fits_one_segment(text, fits):
    assert fits_one_segment(text) is fits


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),  # two parts of 153
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("ş" * 70, 1),  # UCS-2: 70 alone
        ("ş" * 71, 2),  # then 67 a part
        ("ş" * 134, 2),
        ("ş" * 135, 3),
    ],
)
def test_segments(text, count):
    assert segments(text) == count


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("„Ja“ – gern…", '"Ja" - gern...'),
        ("‚ok‘ — ’s", "'ok' - 's"),
        ("a\u00a0b • c", "a b * c"),
        ("şğı Şİ", "sgi SI"),  # Turkish letters lose their marks
        ("Łódź, żółć, Đ", "Lodz, zolc, D"),  # Polish ł has no decomposition
        ("Grüße", "Grüße"),  # already GSM-7: unchanged
        ("€ [x]", "€ [x]"),
        ("☺ 漢", "? ?"),  # nothing to stand in for it
        ("ﬁnden", "finden"),  # a ligature becomes its letters
    ],
)
def test_to_gsm(text, plain):
    assert to_gsm(text) == plain
    assert septets(to_gsm(text)) is not None


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("Teşekkürler – Ayşe", "Tesekkürler - Ayse"),  # Latin letters: GSM-7
        ("Dziękujemy, Łukasz", "Dziekujemy, Lukasz"),
        ("Спасибо – ДА 4711", "Спасибо – ДА 4711"),  # Cyrillic: kept, as UCS-2
        ("Nachbarruf: شكرا", "Nachbarruf: شكرا"),  # Arabic: kept
        ("☺ ok", "? ok"),  # a symbol is no letter: it alone does not keep UCS-2
        ("", ""),
    ],
)
def test_for_sms(text, sent):
    assert for_sms(text) == sent
