"""When we may phone or text people: the Kommune's contact hours, else ``CONTACT_HOURS``
(local time, default 8 to 20).

Outside them outbound work waits for the morning (a task handler raises :class:`Defer`),
so nobody's phone rings at night — rounds pause too, since the next round is a task.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import current_app

from models import BERLIN, Defer, Kommune, utcnow


def contact_hours(kommune: Kommune | None) -> tuple[int, int]:
    """First and last local hour (exclusive) in which people are phoned or texted."""
    if kommune is not None and kommune.contact_hours:
        start, end = kommune.contact_hours
        return int(start), int(end)
    start, end = current_app.config["CONTACT_HOURS"]
    return start, end


def next_contact_time(at: datetime, kommune: Kommune | None = None) -> datetime:
    """``at`` if it lies within the contact hours, else when they next begin."""
    start, end = contact_hours(kommune)
    local = at.astimezone(BERLIN)
    if start <= local.hour < end:
        return at
    day = local.date() if local.hour < start else local.date() + timedelta(days=1)
    return datetime.combine(day, time(hour=start), tzinfo=BERLIN).astimezone(UTC)


def wait_for_contact_hours(kommune: Kommune | None) -> None:
    """In a task handler: raise :class:`Defer` outside the contact hours."""
    now = utcnow()
    until = next_contact_time(now, kommune)
    if until > now:
        raise Defer(until)
