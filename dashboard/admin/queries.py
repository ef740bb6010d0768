"""The audit log and the staff accounts of one Kommune."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from models import AuditEntry, HelpRequest, HotlineNumber, Person, StaffUser
from prompts import dashboard as T

from ..common import PAGE_SIZE


@dataclass
class AuditRow:
    entry: AuditEntry
    staff_name: str
    person_name: str | None
    #: The request's number (as staff know it), when the entry is about a request.
    request_ref: str | None = None


def audit_log(
    session: Session, kommune_id: int, *, person_id: int | None = None, page: int = 1
) -> tuple[list[AuditRow], bool]:
    query = (
        select(
            AuditEntry,
            StaffUser.name,
            StaffUser.email,
            Person.name,
            Person.erased_at,
            HelpRequest.ref,
        )
        .outerjoin(StaffUser, AuditEntry.staff_user_id == StaffUser.id)
        .outerjoin(Person, AuditEntry.person_id == Person.id)
        .outerjoin(
            HelpRequest,
            and_(AuditEntry.subject_type == "request", AuditEntry.subject_id == HelpRequest.id),
        )
        .where(AuditEntry.kommune_id == kommune_id)
    )
    if person_id is not None:
        query = query.where(AuditEntry.person_id == person_id)
    page = max(1, page)
    found = session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    rows = [
        AuditRow(
            entry,
            staff_name or staff_email or str(T.SYSTEM),
            (str(T.ERASED_PERSON) if erased else person_name) if entry.person_id else None,
            ref,
        )
        for entry, staff_name, staff_email, person_name, erased, ref in found[:PAGE_SIZE]
    ]
    return rows, len(found) > PAGE_SIZE


def staff_accounts(session: Session, kommune_id: int) -> list[StaffUser]:
    return list(
        session.scalars(
            select(StaffUser).where(StaffUser.kommune_id == kommune_id).order_by(StaffUser.email)
        )
    )


def email_taken(session: Session, email: str) -> bool:
    """Whether a staff account (of any Kommune) has this address."""
    return session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is not None


def is_hotline_number(session: Session, number: str) -> bool:
    """Whether ``number`` is a hotline number (of any Kommune)."""
    found = session.scalar(select(HotlineNumber.id).where(HotlineNumber.number == number))
    return found is not None
