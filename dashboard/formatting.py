"""How values look in the dashboard: Berlin time, ages, phone numbers, German labels."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date, format_datetime, format_timedelta
from flask import Flask

from dispatch.wording import hours_text
from models import BERLIN, utcnow, week
from models import phone as phones
from prompts import dashboard as T
from prompts import directory as T_DIR
from prompts import gettext
from prompts import recognition as T_REC
from prompts.settings import language_name

LOCALE = "de_DE"


def local(value: datetime | None, fmt: str = "dd.MM.yyyy, HH:mm") -> str:
    """An aware UTC time as Berlin wall-clock time."""
    if value is None:
        return ""
    return format_datetime(value.astimezone(BERLIN), fmt, locale=LOCALE)


def day(value: date | None, fmt: str = "EEE dd.MM.yyyy") -> str:
    return format_date(value, fmt, locale=LOCALE) if value else ""


def age(value: datetime | None, now: datetime | None = None) -> str:
    """ "vor 12 Minuten", for how long something has waited."""
    if value is None:
        return ""
    delta = (now or utcnow()) - value
    if delta < timedelta(minutes=1):
        return str(T.AGE_NOW)
    return T.AGE(age=format_timedelta(delta, threshold=1.5, locale=LOCALE))


def duration(seconds: int | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return T.SECONDS(n=seconds)
    return T.MINUTES_SECONDS(m=seconds // 60, s=seconds % 60)


def masked(number: str | None) -> str:
    return phones.mask(number) if number else str(T.ANONYMOUS)


def national(number: str | None) -> str:
    return phones.national(number) if number else str(T.ANONYMOUS)


def languages(codes: list[str] | None) -> str:
    """ "de", "tr" → "Deutsch, Türkisch"."""
    return ", ".join(language_name(code) for code in codes or [])


def field_names(names: list[str] | None) -> str:
    """Stored field names as staff call them: "district" → "Ortsteil"."""
    return ", ".join(T.label(T.FIELD, name) for name in names or [])


def audit_detail(detail: dict[str, Any] | None) -> str:
    """An audit entry's details in German: "geändert: Name, Ortsteil; über: CSV-Import"."""
    parts = []
    for key, value in (detail or {}).items():
        if key == "fields":
            shown = field_names(value)
        elif key == "status":
            shown = T.label(T.VOLUNTEER_STATUS, value)
        elif key == "role":
            shown = T.label(T.ROLE, value)
        elif isinstance(value, str):
            shown = T.label(T.AUDIT_VALUE, value)
        elif isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = str(value)
        parts.append(f"{T.label(T.AUDIT_DETAIL, key)}: {shown}")
    return "; ".join(parts)


def format_slots(raw: Any) -> str:
    """Stored weekly times ``[[1, "10:00"]]`` as people write them ("Di 10:00")."""
    return week.format_slots((int(day), str(hhmm)) for day, hhmm in (raw or []))


def init_jinja(app: Flask) -> None:
    env = app.jinja_env
    env.globals.update(
        _=gettext,
        T=T,
        T_DIR=T_DIR,
        R=T_REC,
        label=T.label,
        call_result=T.call_result,
        format_slots=format_slots,
    )
    env.filters.update(
        local=local,
        day=day,
        age=age,
        duration=duration,
        masked=masked,
        national=national,
        languages=languages,
        field_names=field_names,
        audit_detail=audit_detail,
        hours=hours_text,
    )
    env.trim_blocks = True
    env.lstrip_blocks = True


def csv_safe(value: Any) -> str:
    """A CSV cell that spreadsheet programs do not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
