"""Something staff must look at: why, about which request (or person), and how it ended.

A flag is raised and resolved only by the domain (:mod:`dispatch.lifecycle`): each reason
is resolved by the events that settle it (:data:`dispatch.states.FLAG_RESOLVED_BY`) or by
staff with a note. A request can carry several open flags; a resolved one stays as history.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:
    from .request import HelpRequest


class FlagReason(StrEnum):
    """Why staff must look; labels in :data:`prompts.dashboard.ATTENTION`, in this order."""

    #: Somebody is worried about the client (a volunteer's SORGE, staff's note): urgent.
    CONCERN = "concern"
    #: An unknown caller's request: staff check who it is.
    REVIEW = "review"
    #: No volunteer found.
    UNMATCHED = "unmatched"
    #: The client could not be told who comes.
    NOTICE_UNANSWERED = "notice_unanswered"
    #: The client said "no" at the follow-up.
    FOLLOWUP_PROBLEM = "followup_problem"
    #: An SMS or call could not be handed to Twilio for good.
    DELIVERY_FAILED = "delivery_failed"
    #: The volunteer who had taken it can no longer help; a new search runs.
    VOLUNTEER_GONE = "volunteer_gone"
    #: Called from the number of a person "mit PIN" without typing the PIN: staff check
    #: that it really was them (caller ID can be forged).
    PIN_MISSING = "pin_missing"
    #: The client asked for more than the open requests one person may have; staff call.
    TOO_MANY_OPEN = "too_many_open"


#: Order on the dashboard: most pressing first.
PRIORITY = {reason: n for n, reason in enumerate(FlagReason)}

_OPEN = text("resolved_at IS NULL")


class Flag(Base):
    __tablename__ = "flags"
    __table_args__ = (
        # Raising a flag that is already open changes nothing.
        Index(
            "uq_flags_open_request_reason",
            "request_id",
            "reason",
            unique=True,
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
        Index("ix_flags_kommune_resolved", "kommune_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose staff must look.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: The request it is about.
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    #: The person it is about, when there is no request.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    #: See :class:`FlagReason`.
    reason: Mapped[str] = mapped_column(String(30))
    #: What was reported (a concern in the volunteer's words, …).
    note: Mapped[str] = mapped_column(Text, default="")
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Who raised it (an :class:`~models.actor.Actor` as text).
    raised_by: Mapped[str] = mapped_column(String(40), default="system")
    #: Set when it is settled; the flag then leaves the dashboard's list.
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(40))
    #: What staff did, or the event that settled it.
    resolution: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[HelpRequest | None] = relationship(back_populates="flags")

    def __repr__(self) -> str:
        state = "resolved" if self.resolved_at else "open"
        return f"<Flag {self.id} {self.reason} req={self.request_id} {state}>"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
