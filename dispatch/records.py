"""The Servicepunkt's records read from requests: time spent per volunteer, by month and
by year (local months, Europe/Berlin; only requests done with a time given count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BERLIN, HelpRequest, RequestStatus


@dataclass(frozen=True)
class Hours:
    """Time spent in one period: minutes, and how many requests they came from."""

    #: The first local day of the period (a month, or a year's 1 January).
    period: date
    minutes: int
    requests: int


def local_month(at: datetime) -> date:
    """The first local day of the month ``at`` falls in."""
    return at.astimezone(BERLIN).date().replace(day=1)


def volunteer_hours(session: Session, volunteer_id: int) -> tuple[list[Hours], list[Hours]]:
    """A volunteer's time spent per month and per year, newest first."""
    rows = session.execute(
        select(HelpRequest.done_at, HelpRequest.minutes_spent).where(
            HelpRequest.volunteer_id == volunteer_id,
            HelpRequest.status == RequestStatus.DONE,
            HelpRequest.minutes_spent.is_not(None),
            HelpRequest.done_at.is_not(None),
        )
    ).all()
    months: dict[date, list[int]] = {}
    years: dict[date, list[int]] = {}
    for done_at, minutes in rows:
        month = local_month(done_at)
        for bucket, key in ((months, month), (years, month.replace(month=1))):
            total = bucket.setdefault(key, [0, 0])
            total[0] += minutes
            total[1] += 1
    return (
        [Hours(k, *v) for k, v in sorted(months.items(), reverse=True)],
        [Hours(k, *v) for k, v in sorted(years.items(), reverse=True)],
    )
