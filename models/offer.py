"""An offer: one request put to one volunteer in one round (the idempotency key)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .person import Person

if TYPE_CHECKING:
    from .request import HelpRequest


class OfferStatus(StrEnum):
    PENDING = "pending"  # committed, not yet handed to Twilio
    SENT = "sent"
    DELIVERED = "delivered"
    ANSWERED = "answered"  # call picked up by a person
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # round over without an answer
    TAKEN = "taken"  # someone else accepted first
    FAILED = "failed"  # undeliverable (invalid number, unsubscribed, no answer)
    WITHDRAWN = "withdrawn"  # request cancelled


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("request_id", "volunteer_id", "round"),
        Index("ix_offers_volunteer_created", "volunteer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request offered.
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id"), index=True)
    #: The volunteer asked.
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    #: Dispatch round (1-based).
    round: Mapped[int]
    #: sms or call.
    channel: Mapped[str] = mapped_column(String(4))
    #: See :class:`OfferStatus`.
    status: Mapped[str] = mapped_column(String(10), default=OfferStatus.PENDING)
    #: Twilio error code of a failed delivery (21211, 21610, ...).
    error_code: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]

    request: Mapped[HelpRequest] = relationship(back_populates="offers")
    volunteer: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<Offer {self.id} req={self.request_id} vol={self.volunteer_id} r{self.round} {self.status}>"
