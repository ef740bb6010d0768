"""When we may phone or text people: ``CONTACT_HOURS`` local time (default 8 to 20).

Outside them outbound work waits for the morning (a task handler raises :class:`Defer`),
so nobody's phone rings at night — rounds pause too, since the next round is a task.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import current_app

from models import BERLIN, Defer, utcnow


def next_contact_time(at: datetime) -> datetime:
    """``at`` if it lies within the contact hours, else when they next begin."""
    start, end = current_app.config["CONTACT_HOURS"]
    local = at.astimezone(BERLIN)
    if start <= local.hour < end:
        return at
    day = local.date() if local.hour < start else local.date() + timedelta(days=1)
    return datetime.combine(day, time(hour=start), tzinfo=BERLIN).astimezone(UTC)


def wait_for_contact_hours() -> None:
    """In a task handler: raise :class:`Defer` outside the contact hours."""
    now = utcnow()
    until = next_contact_time(now)
    if until > now:
        raise Defer(until)
