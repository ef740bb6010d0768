"""Text as the directory search compares it: one folding for what is indexed and what is
asked, so that "Straße" and "Strasse", "Müller", "Mueller" and "Muller" meet.

:func:`fold` is the Python twin of the SQL function ``nachbarruf_fold`` (PostgreSQL:
``unaccent`` then the same replacements; SQLite: this function, registered on every
connection). Both lower-case, drop accents and umlaut dots, write ß as ss, and then read
the spelled-out umlauts ae, oe, ue as a, o, u.
"""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify

#: Spelled-out umlauts, read as the plain vowel (after the dots are gone, ä is a too).
_SPELLED = (("ae", "a"), ("oe", "o"), ("ue", "u"))
#: German letters a URL writes out ("Müllheim" → "muellheim").
_URL_LETTERS = [
    ["Ä", "Ae"],
    ["Ö", "Oe"],
    ["Ü", "Ue"],
    ["ä", "ae"],
    ["ö", "oe"],
    ["ü", "ue"],
    ["ß", "ss"],
]


def _plain(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


#: Latin letters with marks → without (a table, so folding long texts stays fast).
_TABLE = {code: _plain(chr(code)) for code in range(0xC0, 0x250) if _plain(chr(code)) != chr(code)}
_TABLE[ord("ß")] = "ss"


def fold(text: str | None) -> str:
    """ "Pflegedienst Müller, Lange Straße" → "pflegedienst muller, lange strasse"."""
    text = (text or "").casefold().translate(_TABLE)
    if not text.isascii():  # marks beyond the table (rare): the slow, general way
        text = _plain(text)
    for spelled, plain in _SPELLED:
        text = text.replace(spelled, plain)
    return text


def fold_words(text: str | None) -> list[str]:
    """The folded words (letters and digits) of ``text``."""
    return re.findall(r"[a-z0-9]+", fold(text))


def slug(name: str) -> str:
    """A Kommune's name as a URL part: "Bad Müllheim" → "bad-muellheim"."""
    return slugify(name, replacements=_URL_LETTERS, max_length=80) or "kommune"
