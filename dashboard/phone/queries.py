"""The browser phone's lists: people to call as, and what the sandbox "sent"."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Call, Message, Person


def sandbox_outbox(
    session: Session, kommune_id: int, limit: int = 30
) -> tuple[list[Message], list[Call]]:
    """What the sandbox "sent": outbound SMS and calls, newest first."""
    messages = list(
        session.scalars(
            select(Message)
            .where(
                Message.kommune_id == kommune_id,
                Message.direction == "outbound",
                ~Message.purpose.startswith("reply:"),
            )
            .options(selectinload(Message.person))
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(limit)
        )
    )
    calls = list(
        session.scalars(
            select(Call)
            .where(Call.kommune_id == kommune_id, Call.direction == "outbound")
            .options(selectinload(Call.person))
            .order_by(Call.started_at.desc(), Call.id.desc())
            .limit(limit)
        )
    )
    return messages, calls


def phone_people(session: Session, kommune_id: int) -> tuple[list[Person], list[Person]]:
    """Clients who can call and volunteers who can answer, for the browser phone."""
    found = list(
        session.scalars(
            select(Person)
            .where(Person.kommune_id == kommune_id, Person.erased_at.is_(None))
            .order_by(Person.name)
            .limit(500)
        )
    )
    return [p for p in found if p.is_client], [p for p in found if p.is_volunteer]


def rota_ringing(session: Session, kommune_id: int, limit: int = 10) -> list[tuple[Call, str]]:
    """Callers who pressed 0 and ring the staff on shift now: (call, number) per phone
    that rings, for taking the call in the browser phone."""
    calls = session.scalars(
        select(Call)
        .where(
            Call.kommune_id == kommune_id,
            Call.direction == "inbound",
            Call.last_step == "human",
            Call.ended_at.is_(None),
        )
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(limit)
    )
    return [
        (call, number)
        for call in calls
        if not call.ended and not call.state.get("taken_by")
        for number in call.state.get("ringing", [])
    ]
