"""Text as people say and write it, in one place for the channels and the domain: words
normalised for matching, the words that carry no meaning or name a key, and GSM 03.38
(which texts fit one SMS segment without switching to UCS-2)."""

from __future__ import annotations

import re
import unicodedata

#: Lower-case letters that NFKD does not take apart, and their plain forms.
_UNDOTTED = str.maketrans({"ı": "i", "ł": "l", "đ": "d"})


def normalize(text: str) -> str:
    """Lower case, no accents or umlaut dots, ß as ss: "Gespräch" → "gesprach", "hayır" →
    "hayir", "złe" → "zle", "ёлка" → "елка" (Cyrillic and Arabic letters stay letters)."""
    text = text.casefold()  # also ß → ss
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_UNDOTTED)


def words(text: str) -> list[str]:
    """The normalised words and numbers of ``text``, in any script ("хлеб", "خبز")."""
    return re.findall(r"[^\W_]+", normalize(text))


#: Hesitation sounds the recogniser writes down; they carry no meaning.
FILLERS = frozenset(
    {"ah", "aah", "ahm", "aahm", "eh", "ehm", "em", "oh", "ohm", "hm", "hmm", "mhm", "mh"}
)


def meaningful(text: str | None) -> bool:
    """Speech worth keeping as a description, name or address: a real word in it."""
    return any(len(w) >= 2 and not w.isdigit() and w not in FILLERS for w in words(text or ""))


#: Keys as the recogniser may write them, so "die Eins" works like the key 1.
SPOKEN_KEYS = {
    "null": "0",
    "eins": "1",
    "zwei": "2",
    "drei": "3",
    "vier": "4",
    "funf": "5",
    "stern": "*",
    "sterntaste": "*",
    "raute": "#",
    "rautetaste": "#",
    **{str(n): str(n) for n in range(10)},
}


def spoken_key(tokens: list[str]) -> str | None:
    """A key named in speech ("die zwei", "2"), if exactly one is named."""
    keys = {SPOKEN_KEYS[t] for t in tokens if t in SPOKEN_KEYS}
    return keys.pop() if len(keys) == 1 else None


def mentions(tokens: list[str], stems: tuple[str, ...]) -> bool:
    """Whether a token starts with one of the (normalised) stems; a stem with a space is a
    phrase and must appear as such."""
    joined = " " + " ".join(tokens) + " "
    return any(
        (f" {stem}" in joined) if " " in stem else any(t.startswith(stem) for t in tokens)
        for stem in stems
    )


# --- GSM 03.38 ----------------------------------------------------------------------------------

BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENDED = "^{}\\[~]|€\f"
SEGMENT = 160


def septets(text: str) -> int | None:
    """Length in GSM-7 septets, or ``None`` if a character needs UCS-2."""
    count = 0
    for ch in text:
        if ch in BASIC:
            count += 1
        elif ch in EXTENDED:
            count += 2
        else:
            return None
    return count


def fits_one_segment(text: str) -> bool:
    n = septets(text)
    return n is not None and n <= SEGMENT


#: Latin letters without a decomposition, and their plain stand-ins.
_NO_BASE = {"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}

_REPLACEMENTS = {
    "„": '"',
    "“": '"',
    "”": '"',
    "‚": "'",
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "…": "...",
    "\u00a0": " ",
    "•": "*",
}


def _plain(ch: str) -> str:
    """A GSM-7 stand-in for ``ch``: "ş" → "s", "ğ" → "g", "ı" → "i", "é" stays."""
    if septets(ch) is not None:
        return ch
    if ch in _REPLACEMENTS:
        return _REPLACEMENTS[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    base = _NO_BASE.get(base, base)  # letters NFKD does not take apart
    return base if base and septets(base) is not None else "?"


def to_gsm(text: str) -> str:
    """Write ``text`` with GSM-7 characters only, so an SMS is not sent as UCS-2 (70
    characters a segment): typographic quotes and dashes become plain ones, letters
    outside the alphabet (Turkish ş, ğ, ı, ...) lose their marks."""
    return "".join(_plain(ch) for ch in text)


def for_sms(text: str) -> str:
    """``text`` ready to send: GSM-7 (:func:`to_gsm`) where every letter has a stand-in
    (German, Turkish, Polish, English), else unchanged, as UCS-2 (Cyrillic, Arabic): a
    Russian SMS keeps its letters instead of turning into question marks."""
    if any(ch.isalpha() and _plain(ch) == "?" for ch in text):
        return text
    return to_gsm(text)


def segments(text: str) -> int:
    """How many SMS segments ``text`` takes: GSM-7 160 alone or 153 a part (UCS-2: 70, 67)."""
    n = septets(text)
    if n is None:
        n, single, part = len(text), 70, 67
    else:
        single, part = SEGMENT, 153
    if n <= single:
        return 1
    return -(-n // part)
