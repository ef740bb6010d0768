"""The daily check-in call (Telefonkette): each call due to a client, and how it went.

A client's check-in times and trusted contact are on :class:`~models.person.Person`; the
states change only in :mod:`dispatch.checkins` (the table is in :mod:`dispatch.states`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .person import Person


class CheckInState(StrEnum):
    PLANNED = "planned"  # waiting for its time
    SKIPPED = "skipped"  # the check-ins were paused then
    CALLING = "calling"  # the client's phone rings
    RETRY = "retry"  # no answer: once more a little later
    OK = "ok"  # "alles in Ordnung" (1)
    HELP = "help"  # the client asked for help (2)
    UNREACHED = "unreached"  # no answer three times: the trusted contact was told


class CheckInDate(Base):
    __tablename__ = "checkin_dates"
    __table_args__ = (
        UniqueConstraint("person_id", "due_at"),
        Index("ix_checkin_dates_state_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose staff are told.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    #: The client called.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: When (UTC; the check-in time that day, local).
    due_at: Mapped[datetime]
    #: See :class:`CheckInState`.
    state: Mapped[str] = mapped_column(String(10), default=CheckInState.PLANNED)
    #: Calls made for it so far (retried twice without an answer).
    attempt: Mapped[int] = mapped_column(default=1)
    #: Help asked outside office hours, or nobody answered: urgent for staff.
    needs_staff: Mapped[bool] = mapped_column(default=False)
    #: What went wrong (the last call's end), or who paused it.
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<CheckInDate {self.id} person={self.person_id} {self.state}>"
