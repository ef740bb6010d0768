"""What two or more dashboard features share: the pieces of queries.

Every feature's ``queries.py`` does the reads behind its pages, a few statements per page and
always scoped to one Kommune; views call these and render, no SQL lives in views or templates.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from models import BERLIN, Person
from models import phone as phones

PAGE_SIZE = 50


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` literally (``%`` and ``_`` are no wildcards here)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A local (Berlin) day as UTC instants [start, end)."""
    start = datetime.combine(day, time(0), tzinfo=BERLIN)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BERLIN)
    return start, end


def people_matching(kommune_id: int, text: str) -> Select[tuple[int]]:
    """Ids of the Kommune's people whose name or number matches ``text``."""
    query = select(Person.id).where(Person.kommune_id == kommune_id)
    number = phones.parse_or_none(text)
    if number:
        return query.where(Person.phone == number)
    return query.where(contains(Person.name, text.strip()))
