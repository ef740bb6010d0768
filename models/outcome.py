"""What came of a request: done, nobody home, a concern, the follow-up answer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class OutcomeKind(StrEnum):
    DONE = "done"
    NOT_HOME = "not_home"
    CANCELLED = "cancelled"
    CONCERN = "concern"
    FOLLOWUP_OK = "followup_ok"
    FOLLOWUP_PROBLEM = "followup_problem"
    NOTE = "note"


class Outcome(Base):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id"), index=True)
    #: See :class:`OutcomeKind`.
    kind: Mapped[str] = mapped_column(String(20))
    #: client / volunteer / staff.
    reported_by: Mapped[str] = mapped_column(String(12))
    #: The staff member who logged it.
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: Free text.
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Outcome {self.id} req={self.request_id} {self.kind}>"
