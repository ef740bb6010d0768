"""Everything a staff member loads is scoped to their Kommune; anything else is a 404.

And everything they see or change of a person's data goes into the audit log.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from sqlalchemy import select

from models import AuditEntry, Call, HelpRequest, Kommune, Person, Recording, db

from .auth import staff

M = TypeVar("M", HelpRequest, Person, Call)


def kommune_id() -> int:
    return staff().kommune_id


def kommune() -> Kommune:
    found = db.session.get(Kommune, kommune_id())
    if found is None:  # pragma: no cover - the login checks it
        abort(404)
    return found


def get_or_404(model: type[M], object_id: int) -> M:
    """A request, person or call of the staff member's Kommune, else 404."""
    found = db.session.get(model, object_id)
    if found is None or found.kommune_id != kommune_id():
        abort(404)
    return found


def recording_or_404(recording_id: int) -> Recording:
    found = db.session.scalar(
        select(Recording)
        .join(Call, Recording.call_id == Call.id)
        .where(Recording.id == recording_id, Call.kommune_id == kommune_id())
    )
    if found is None:
        abort(404)
    return found


def person_of_kommune(person_id: int | None, **where: Any) -> Person | None:
    """A (not erased) person of the Kommune, e.g. one picked in a form; None if not."""
    if person_id is None:
        return None
    person = db.session.get(Person, person_id)
    if person is None or person.kommune_id != kommune_id() or person.erased_at is not None:
        return None
    if any(getattr(person, key) != value for key, value in where.items()):
        return None
    return person


def audit(
    action: str,
    subject_type: str,
    subject_id: int | None = None,
    person_id: int | None = None,
    **detail: Any,
) -> None:
    """Note who saw or changed what (committed with the view's own commit)."""
    db.session.add(
        AuditEntry(
            staff_user_id=staff().id,
            kommune_id=kommune_id(),
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            person_id=person_id,
            detail=detail,
        )
    )
