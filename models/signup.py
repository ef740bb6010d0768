"""A volunteer's sign-up on the public page, waiting for the code we texted them. Only a
confirmed sign-up becomes a (pending) volunteer that staff see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class VolunteerSignup(Base):
    __tablename__ = "volunteer_signups"
    __table_args__ = (Index("ix_volunteer_signups_phone", "kommune_id", "phone", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose page it came from.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: As typed (shown to staff escaped, like every name).
    name: Mapped[str] = mapped_column(String(120))
    #: E.164; the code went there.
    phone: Mapped[str] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(80), default="")
    #: Categories they would help with (models.Category values).
    categories: Mapped[list[str]] = mapped_column(default=list)
    #: What they would like to do, in their words.
    note: Mapped[str] = mapped_column(String(500), default="")
    #: HMAC of the code (never the code itself).
    code_hash: Mapped[str] = mapped_column(String(64))
    #: Wrong codes entered.
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    #: When the right code was entered; the volunteer it made.
    confirmed_at: Mapped[datetime | None]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    def __repr__(self) -> str:
        return f"<VolunteerSignup {self.id} kommune={self.kommune_id}>"
