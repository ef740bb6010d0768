"""Phone numbers: parse to E.164, tell mobiles from landlines, mask for logs and lists.

Everything stored is E.164 (``+495250123456``); ``05250 123456`` and ``0049 5250 123456``
are the same number. Nothing here ever logs a number.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

import phonenumbers
from babel import Locale
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

DEFAULT_REGION = "DE"
#: Longer input is not a phone number; refuse it before the parser sees it.
MAX_INPUT = 40


class LineType(StrEnum):
    MOBILE = "mobile"
    LANDLINE = "landline"
    UNKNOWN = "unknown"


class InvalidNumber(ValueError):
    """Raised for input that is not a dialable phone number."""


def parse(raw: str | None, region: str = DEFAULT_REGION) -> str:
    """Return ``raw`` as E.164 or raise :class:`InvalidNumber`."""
    text = (raw or "").strip()
    if not text or len(text) > MAX_INPUT:
        raise InvalidNumber("empty or too long")
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        raise InvalidNumber(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidNumber("not a valid number")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def parse_or_none(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """Like :func:`parse` but ``None`` for anything invalid (withheld caller IDs etc.)."""
    try:
        return parse(raw, region)
    except InvalidNumber:
        return None


def line_type(e164: str) -> LineType:
    """Mobile or landline, as far as the numbering plan tells."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    except NumberParseException:
        return LineType.UNKNOWN
    if kind == PhoneNumberType.MOBILE:
        return LineType.MOBILE
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.VOIP):
        return LineType.LANDLINE
    if kind == PhoneNumberType.FIXED_LINE_OR_MOBILE:
        return LineType.UNKNOWN
    return LineType.UNKNOWN


def mask(e164: str | None) -> str:
    """``+4930231250`` → ``+4930•••••50``: enough to tell numbers apart, not to dial."""
    if not e164:
        return "–"
    if len(e164) <= 6:
        return "•" * len(e164)
    return e164[:5] + "•" * (len(e164) - 7) + e164[-2:]


@lru_cache(maxsize=4096)
def national(e164: str | None) -> str:
    """German national format for staff (``030 23125001``); foreign numbers stay international.
    Remembered: a page of offers or a call log formats the same numbers again and again."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    fmt = (
        PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == DEFAULT_REGION
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


#: Country names in German → ISO 3166 code ("österreich" → "AT"), for the countries we can dial.
_BY_NAME = {
    name.casefold(): code
    for code, name in Locale("de").territories.items()
    if code in phonenumbers.SUPPORTED_REGIONS
}


def country_codes(raw: str) -> list[str]:
    """ "DE, Österreich" → ["DE", "AT"]: countries (ISO 3166 codes or German names) whose
    numbers may be texted and called. Raises ValueError with the first part that is none."""
    codes = []
    for part in (p.strip() for p in raw.replace(";", ",").split(",")):
        if not part:
            continue
        code = part.upper() if part.upper() in phonenumbers.SUPPORTED_REGIONS else None
        code = code or _BY_NAME.get(part.casefold())
        if code is None:
            raise ValueError(part)
        codes.append(code)
    return list(dict.fromkeys(codes))


def country_name(code: str) -> str:
    """ "AT" → "Österreich"."""
    return Locale("de").territories.get(code, code)
