"""Numbers a Kommune does not serve any more (abuse, pranks, a stalker): they hear one
neutral sentence when they call, their SMS get no answer, and nothing but the call or
message row is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, utcnow


class Ban(Base):
    __tablename__ = "bans"
    __table_args__ = (UniqueConstraint("kommune_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose line the number may not use.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id", ondelete="CASCADE"))
    #: The banned number (E.164).
    number: Mapped[str] = mapped_column(String(20))
    #: Why, in staff's words (shown to staff only).
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Who banned it (an :class:`~models.actor.Actor` as text; "system" for the command line).
    created_by: Mapped[str] = mapped_column(String(40), default="system")

    def __repr__(self) -> str:
        return f"<Ban {self.id} kommune={self.kommune_id}>"

    @classmethod
    def find(cls, session: Session, kommune_id: int, number: str) -> Ban | None:
        return session.scalar(select(cls).where(cls.kommune_id == kommune_id, cls.number == number))

    @classmethod
    def applies(cls, session: Session, kommune_id: int | None, number: str | None) -> bool:
        """Whether ``number`` is banned from the line of Kommune ``kommune_id``."""
        if kommune_id is None or not number:
            return False
        found = session.scalar(
            select(cls.id).where(cls.kommune_id == kommune_id, cls.number == number)
        )
        return found is not None
