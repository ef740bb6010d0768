"""Reads behind the offers pages, scoped to one Kommune."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from models import Angebot, AngebotStatus, Organization
from models.angebot import CHECK_EVERY_DAYS

from ..common import PAGE_SIZE, contains


@dataclass
class OffersPage:
    offers: list[Angebot]
    page: int
    more: bool
    total: int


def check_due(today: date):  # type: ignore[no-untyped-def]
    """SQL: an active or paused offer not checked for 12 months (or never)."""
    limit = today - timedelta(days=CHECK_EVERY_DAYS)
    return (Angebot.status != AngebotStatus.RETIRED) & (
        Angebot.checked_on.is_(None) | (Angebot.checked_on < limit)
    )


def offers(
    session: Session, kommune_id: int, *, q: str, status: str, due: bool, today: date, page: int
) -> OffersPage:
    query = select(Angebot).where(Angebot.kommune_id == kommune_id)
    if q:
        query = query.outerjoin(Organization, Organization.id == Angebot.organization_id).where(
            or_(contains(Angebot.name, q), contains(Organization.name, q))
        )
    if status:
        query = query.where(Angebot.status == status)
    if due:
        query = query.where(check_due(today))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    rows = list(
        session.scalars(
            query.options(selectinload(Angebot.organization), selectinload(Angebot.terms))
            .order_by(Angebot.name, Angebot.id)
            .limit(PAGE_SIZE + 1)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return OffersPage(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE, int(total))


def due_count(session: Session, kommune_id: int, today: date) -> int:
    return int(
        session.scalar(
            select(func.count(Angebot.id)).where(Angebot.kommune_id == kommune_id, check_due(today))
        )
        or 0
    )
