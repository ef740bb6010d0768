"""Limits that protect the budget, counted from the rows every call and SMS leaves.

* How often one number may call or write (``INBOUND_CALL_LIMIT``, ``INBOUND_SMS_LIMIT``,
  e.g. ``5/10min, 20/24h``): beyond that a call hears one sentence and ends, an SMS is
  kept but nothing is done and nothing answered.
* How many answers a sender we do not know gets (``UNKNOWN_SMS_REPLIES``, ``2/24h``).
* How many open requests a client may have (``OPEN_REQUESTS_PER_CLIENT``, 3; see
  :func:`dispatch.intake.open_request`).

Counting the database rows (by number and time, indexed) needs nothing besides the
database, and a flood stays limited: what was refused counts too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

import config
from models import Call, Message, utcnow

#: A window: at most ``count`` in ``seconds``.
Limit = tuple[int, int]


def _over(
    session: Session, limits: Sequence[Limit], column: object, where: Sequence[object]
) -> bool:
    """Whether any window holds more than its count: one statement for all windows."""
    if not limits:
        return False
    now = utcnow()
    starts = [now - timedelta(seconds=seconds) for _, seconds in limits]
    row = session.execute(
        select(*(func.sum(case((column >= start, 1), else_=0)) for start in starts)).where(  # type: ignore[operator]
            *where,
            column >= min(starts),  # type: ignore[operator]
        )
    ).one()
    return any((found or 0) > count for found, (count, _) in zip(row, limits, strict=True))


def per_number(name: str) -> Sequence[Limit]:
    """``INBOUND_CALL_LIMIT`` or ``INBOUND_SMS_LIMIT``: as configured, else what a real line
    needs (more in the sandbox, which spends nothing)."""
    configured = current_app.config.get(name)
    if configured is not None:
        return tuple(configured)
    sandbox = current_app.config.get("TELEPHONY") == "sandbox"
    return config.limits(config.SANDBOX_LIMIT if sandbox else config.LINE_LIMIT, name)


def too_many_calls(session: Session, number: str | None) -> bool:
    """Whether ``number`` called more often than ``INBOUND_CALL_LIMIT`` allows (the call
    being answered counts; a withheld number is never limited: it cannot be told apart)."""
    if not number:
        return False
    where = (Call.from_number == number, Call.direction == "inbound")
    return _over(session, per_number("INBOUND_CALL_LIMIT"), Call.started_at, where)


def too_many_messages(session: Session, number: str | None) -> bool:
    """Whether ``number`` wrote more often than ``INBOUND_SMS_LIMIT`` allows (the SMS being
    answered counts)."""
    if not number:
        return False
    where = (Message.from_number == number, Message.direction == "inbound")
    return _over(session, per_number("INBOUND_SMS_LIMIT"), Message.created_at, where)


def stranger_answered_enough(session: Session, number: str) -> bool:
    """Whether a sender we do not know had as many answers as ``UNKNOWN_SMS_REPLIES``
    allows (at most 2 in 24 hours by default)."""
    where = (
        Message.to_number == number,
        Message.direction == "outbound",
        Message.purpose.startswith("reply:"),
    )
    limits = [(count - 1, seconds) for count, seconds in current_app.config["UNKNOWN_SMS_REPLIES"]]
    return _over(session, limits, Message.created_at, where)


def last_text_to(session: Session, number: str, within: timedelta) -> str | None:
    """What we last wrote to ``number`` within ``within`` (for the loop guard)."""
    return session.scalar(
        select(Message.body)
        .where(
            Message.to_number == number,
            Message.direction == "outbound",
            Message.created_at >= utcnow() - within,
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )


def open_requests_per_client() -> int:
    return int(current_app.config.get("OPEN_REQUESTS_PER_CLIENT", 3))
