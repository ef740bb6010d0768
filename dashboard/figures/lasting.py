"""Figures of lasting help per month: dates of phone friendships (held, fell through,
paused), check-in calls (all right, help asked, not reached) and the minutes talked
through the hotline (phone friendships and calls between volunteers and clients)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BERLIN, Call, CheckInDate, Pairing, PairingDate
from prompts import dashboard as T

from .queries import Period

Table = tuple[list[str], list[list[object]]]


def _month(at: object) -> date:
    local = at.astimezone(BERLIN)  # type: ignore[attr-defined]
    return date(local.year, local.month, 1)


def compute(session: Session, kommune_id: int, period: Period) -> dict[str, Table]:
    """One row per month of the period (Berlin months)."""
    start, end = period.bounds
    pairing_dates = session.execute(
        select(PairingDate.due_at, PairingDate.state)
        .join(Pairing)
        .where(Pairing.kommune_id == kommune_id, PairingDate.due_at >= start)
        .where(PairingDate.due_at < end)
    ).all()
    checkin_dates = session.execute(
        select(CheckInDate.due_at, CheckInDate.state).where(
            CheckInDate.kommune_id == kommune_id,
            CheckInDate.due_at >= start,
            CheckInDate.due_at < end,
        )
    ).all()
    talked = session.execute(
        select(Call.started_at, Call.bridged_seconds).where(
            Call.kommune_id == kommune_id,
            Call.started_at >= start,
            Call.started_at < end,
            Call.bridged_seconds > 0,
        )
    ).all()
    counts: Counter[tuple[date, str]] = Counter()
    for due, state in pairing_dates:
        counts[_month(due), f"pairing_{state}"] += 1
    for due, state in checkin_dates:
        counts[_month(due), f"checkin_{state}"] += 1
    seconds: Counter[date] = Counter()
    for started, n in talked:
        seconds[_month(started)] += int(n or 0)
    months = []
    month = date(period.start.year, period.start.month, 1)
    while month <= period.end:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    header = [str(h) for h in T.FIG_LASTING_COLUMNS]
    rows: list[list[object]] = []
    for month in months:
        rows.append(
            [
                f"{month.month:02d}.{month.year}",
                counts[month, "pairing_held"],
                counts[month, "pairing_moved"] + counts[month, "pairing_missed"],
                counts[month, "pairing_skipped"],
                counts[month, "checkin_ok"],
                counts[month, "checkin_help"],
                counts[month, "checkin_unreached"],
                round(seconds[month] / 60),
            ]
        )
    return {"lasting": (header, rows)}
