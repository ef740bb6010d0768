"""A phone friendship (Telefonpatenschaft): a client and a volunteer who talk every week at
the same times, connected through the hotline, and each date of it.

The states change only in :mod:`dispatch.pairings` (tables in :mod:`dispatch.states`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .kommune import Kommune
from .person import Person
from .week import format_slots


class PairingStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class DateState(StrEnum):
    """Where one date of a pairing stands."""

    PLANNED = "planned"  # waiting for its time
    SKIPPED = "skipped"  # one side paused it (PAUSE, a key, staff)
    CALLING = "calling"  # the volunteer's phone rings
    CONNECTING = "connecting"  # the volunteer pressed 1: the client's phone rings
    RETRY = "retry"  # the client did not answer: once more a little later
    HELD = "held"  # they talked
    MOVED = "moved"  # the volunteer declined or did not answer: the client was told
    MISSED = "missed"  # the client did not answer twice: the volunteer was told


class Pairing(Base):
    __tablename__ = "pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose hotline connects them.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    #: Who is called at the slot and connected to the volunteer.
    client_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: Who is called first at the slot.
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: Weekly times, local: ``[[weekday 0-6, "HH:MM"], …]``.
    slots: Mapped[list[list[int | str]]] = mapped_column(JSON, default=list)
    #: See :class:`PairingStatus`.
    status: Mapped[str] = mapped_column(String(8), default=PairingStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Who set it up (an :class:`~models.actor.Actor` as text).
    created_by: Mapped[str] = mapped_column(String(40), default="system")
    ended_at: Mapped[datetime | None]

    kommune: Mapped[Kommune] = relationship()
    client: Mapped[Person] = relationship(foreign_keys=[client_id])
    volunteer: Mapped[Person] = relationship(foreign_keys=[volunteer_id])
    dates: Mapped[list[PairingDate]] = relationship(
        back_populates="pairing", order_by="PairingDate.due_at"
    )

    def __repr__(self) -> str:
        return f"<Pairing {self.id} {self.status} {self.slots_text!r}>"

    @property
    def ref(self) -> str:
        """The pairing's number, as people write it ("PAUSE 007"): at least three digits."""
        return f"{self.id:03d}"

    @property
    def slots_text(self) -> str:
        return format_slots((int(day), str(hhmm)) for day, hhmm in self.slots)


class PairingDate(Base):
    """One date of a pairing: its time, how it went, and whether staff should look."""

    __tablename__ = "pairing_dates"
    __table_args__ = (
        UniqueConstraint("pairing_id", "due_at"),
        Index("ix_pairing_dates_state_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"))
    #: When the volunteer is called (UTC; the slot's local time that day).
    due_at: Mapped[datetime]
    #: See :class:`DateState`.
    state: Mapped[str] = mapped_column(String(10), default=DateState.PLANNED)
    #: Tries to reach the client (a second one after no answer).
    attempt: Mapped[int] = mapped_column(default=1)
    #: Seconds they talked (Twilio's ``DialCallDuration``).
    seconds: Mapped[int | None]
    #: Who paused it (an :class:`~models.actor.Actor` as text), or what went wrong.
    note: Mapped[str] = mapped_column(Text, default="")
    #: Moved or missed: staff should look (cleared when they did).
    needs_staff: Mapped[bool] = mapped_column(default=False)

    pairing: Mapped[Pairing] = relationship(back_populates="dates")

    def __repr__(self) -> str:
        return f"<PairingDate {self.id} pairing={self.pairing_id} {self.state}>"
