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


#: "Heute" is offered to a caller only while at least this much of today's contact hours is
#: left (``TODAY_MIN_HOURS``, default 2): less is too little to ask volunteers, wait for
#: their answers and for someone to come.
TODAY_MIN_HOURS = 2


def contact_time_left_today(at: datetime, kommune: Kommune | None = None) -> timedelta:
    """How much of today's contact hours lies ahead of ``at`` (all of them before they
    begin, nothing after they end)."""
    start, end = contact_hours(kommune)
    local = at.astimezone(BERLIN)
    midnight = datetime.combine(local.date(), time(), tzinfo=BERLIN)
    begin = max(local, midnight + timedelta(hours=start))
    return max(midnight + timedelta(hours=end) - begin, timedelta(0))


def today_still_possible(
    at: datetime, kommune: Kommune | None = None, *, needs: timedelta | None = None
) -> bool:
    """Whether help for "today" can still be found: at least ``needs`` (by default
    ``TODAY_MIN_HOURS``) of today's contact hours are left."""
    if needs is None:
        needs = timedelta(hours=current_app.config.get("TODAY_MIN_HOURS", TODAY_MIN_HOURS))
    return contact_time_left_today(at, kommune) >= needs


def wait_for_contact_hours(kommune: Kommune | None) -> None:
    """In a task handler: raise :class:`Defer` outside the contact hours."""
    now = utcnow()
    until = next_contact_time(now, kommune)
    if until > now:
        raise Defer(until)
