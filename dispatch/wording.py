"""How dates and categories of a request are put into words (in the current language)."""

from __future__ import annotations

from datetime import date, timedelta

from models import HelpRequest, When, utcnow
from models.base import BERLIN
from prompts import current_language, spoken_date
from prompts import sms as S
from prompts import voice as P

CATEGORY_PHRASE = {
    "shopping": P.CAT_SHOPPING,
    "dog_walking": P.CAT_DOG,
    "phone_chat": P.CAT_CHAT,
    "other": P.CAT_OTHER,
}

WHEN_PHRASE = {When.TODAY: P.WHEN_TODAY, When.TOMORROW: P.WHEN_TOMORROW, When.SOON: P.WHEN_SOON}


def day_text(request: HelpRequest) -> str:
    """ "heute", "morgen", "in den nächsten Tagen" or a date, seen from today."""
    today = utcnow().astimezone(BERLIN).date()
    if request.when == When.SOON and request.needed_until > request.needed_from:
        return str(P.WHEN_SOON)
    if request.needed_from == today:
        return str(P.WHEN_TODAY)
    if request.needed_from == today + timedelta(days=1):
        return str(P.WHEN_TOMORROW)
    return spoken_date(request.needed_from)


def _short_date(day: date) -> str:
    """ "Di 24.11." (German): short, GSM-7 only."""
    from babel.dates import format_date

    locale = "tr_TR" if current_language() == "tr" else "de_DE"
    weekday = format_date(day, "EEE", locale=locale).rstrip(".")
    return f"{weekday} {day.day:02d}.{day.month:02d}."


def sms_day(request: HelpRequest) -> str:
    """ "heute", "morgen", "bis Fr 27.11." or "Di 24.11." for an SMS."""
    today = utcnow().astimezone(BERLIN).date()
    if request.when == When.SOON and request.needed_until > request.needed_from:
        return S.DAY_UNTIL(day=_short_date(request.needed_until))
    if request.needed_from == today:
        return str(S.DAY_TODAY)
    if request.needed_from == today + timedelta(days=1):
        return S.DAY_TOMORROW(day=_short_date(request.needed_from))
    return _short_date(request.needed_from)
