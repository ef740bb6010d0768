"""What needs staff today, and the number beside "Heute" in the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from models import BERLIN, Call, HelpRequest, RequestStatus, utcnow
from prompts import dashboard as T

ATTENTION_ORDER = list(T.ATTENTION)


@dataclass
class Today:
    attention: list[HelpRequest]
    callbacks: list[Call]
    searching: list[HelpRequest]
    assigned: list[HelpRequest]
    #: Lists cut at the limit (the rest is on the requests page).
    more: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.attention) + len(self.callbacks)


def today(session: Session, kommune_id: int, limit: int = 50) -> Today:
    """What needs staff first (by reason, then longest waiting), then what is being
    searched, then today's assignments."""
    local_today = utcnow().astimezone(BERLIN).date()
    load = (selectinload(HelpRequest.client), selectinload(HelpRequest.volunteer))
    mine = HelpRequest.kommune_id == kommune_id
    reason_order = case(
        {reason: i for i, reason in enumerate(ATTENTION_ORDER)},
        value=HelpRequest.attention_reason,
        else_=len(ATTENTION_ORDER),
    )
    queries = {
        "attention": select(HelpRequest)
        .where(mine, HelpRequest.needs_attention.is_(True))
        .order_by(reason_order, HelpRequest.created_at, HelpRequest.id),
        "searching": select(HelpRequest)
        .where(
            mine,
            HelpRequest.status.in_((RequestStatus.NEW, RequestStatus.SEARCHING)),
            HelpRequest.needs_attention.is_(False),
        )
        .order_by(HelpRequest.created_at, HelpRequest.id),
        "assigned": select(HelpRequest)
        .where(
            mine,
            HelpRequest.status == RequestStatus.ASSIGNED,
            HelpRequest.needs_attention.is_(False),
            HelpRequest.needed_from <= local_today,
        )
        .order_by(HelpRequest.needed_from.desc(), HelpRequest.assigned_at.desc()),
    }
    found = {
        name: list(session.scalars(q.options(*load).limit(limit + 1)))
        for name, q in queries.items()
    }
    callbacks = list(
        session.scalars(
            select(Call)
            .where(Call.kommune_id == kommune_id, Call.needs_callback.is_(True))
            .options(selectinload(Call.person))
            .order_by(Call.started_at)
            .limit(limit + 1)
        )
    )
    more = {name for name, rows in found.items() if len(rows) > limit}
    if len(callbacks) > limit:
        more.add("callbacks")
    return Today(
        found["attention"][:limit],
        callbacks[:limit],
        found["searching"][:limit],
        found["assigned"][:limit],
        more,
    )


def attention_count(session: Session, kommune_id: int) -> int:
    """For the navigation badge."""
    requests = session.scalar(
        select(func.count(HelpRequest.id)).where(
            HelpRequest.kommune_id == kommune_id, HelpRequest.needs_attention.is_(True)
        )
    )
    calls = session.scalar(
        select(func.count(Call.id)).where(
            Call.kommune_id == kommune_id, Call.needs_callback.is_(True)
        )
    )
    return int(requests or 0) + int(calls or 0)
