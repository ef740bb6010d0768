"""Every SMS in and out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .kommune import Kommune
from .person import Person

#: SMS bodies longer than this are cut when stored (a webhook may carry anything).
MAX_BODY = 1600


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_kommune_created", "kommune_id", "created_at"),
        Index("ix_messages_person_created", "person_id", "created_at"),
        # How often a number wrote lately, and what we last wrote to it (limits, loop guard).
        Index("ix_messages_from_created", "from_number", "created_at"),
        Index("ix_messages_to_created", "to_number", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Twilio's MessageSid; ``None`` while an outbound SMS waits to be handed over.
    sid: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: The Kommune whose number it went through.
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id"))
    #: inbound / outbound.
    direction: Mapped[str] = mapped_column(String(8))
    #: Numbers in E.164 (``None`` when malformed).
    from_number: Mapped[str | None] = mapped_column(String(20))
    to_number: Mapped[str | None] = mapped_column(String(20))
    #: Text (cut to :data:`MAX_BODY`).
    body: Mapped[str] = mapped_column(Text, default="")
    #: The known sender or recipient.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    #: The request and offer it is about.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    #: What it is for: offer, details, taken, notice, escalation, reply, ...
    purpose: Mapped[str] = mapped_column(String(20), default="")
    #: received / queued / sending (being handed to Twilio: if it stays so, the hand-over
    #: was interrupted) / sent / delivered / undelivered / failed (Twilio's MessageStatus)
    #: / cancelled (not sent: its offer was withdrawn).
    status: Mapped[str] = mapped_column(String(12))
    #: Twilio error code of a failed message.
    error_code: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    #: What Twilio charged (a positive amount in ``price_unit``), once it reports it;
    #: fetched afterwards (``nachbarruf prices``). ``None``: not (yet) known.
    price: Mapped[Decimal | None] = mapped_column(Numeric(10, 5))
    price_unit: Mapped[str | None] = mapped_column(String(3))

    kommune: Mapped[Kommune | None] = relationship()
    person: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.direction} {self.purpose} {self.status}>"
