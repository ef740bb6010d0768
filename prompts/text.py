"""GSM 03.38: which texts fit one SMS segment without switching to UCS-2."""

from __future__ import annotations

import unicodedata

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
    base = {"ı": "i", "ß": "ss"}.get(base, base)
    return base if base and septets(base) is not None else "?"


def to_gsm(text: str) -> str:
    """Write ``text`` with GSM-7 characters only, so an SMS is not sent as UCS-2 (70
    characters a segment): typographic quotes and dashes become plain ones, letters
    outside the alphabet (Turkish ş, ğ, ı, ...) lose their marks."""
    return "".join(_plain(ch) for ch in text)
