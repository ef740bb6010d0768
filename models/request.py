"""A request for help and its timeline."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import BERLIN, Base, utcnow
from .flag import Flag
from .kommune import Kommune
from .person import Person

if TYPE_CHECKING:
    from .offer import Offer


class RequestStatus(StrEnum):
    #: From an unknown caller: staff verify the person first.
    REVIEW = "review"
    #: Ready for dispatch, no volunteer asked yet.
    NEW = "new"
    SEARCHING = "searching"
    ASSIGNED = "assigned"
    DONE = "done"
    CANCELLED = "cancelled"
    #: No volunteer found: escalated to staff.
    UNMATCHED = "unmatched"


class NoticeState(StrEnum):
    """Telling the client who comes (``None`` until a volunteer is assigned)."""

    PENDING = "pending"
    TOLD = "told"
    UNREACHABLE = "unreachable"


class FollowupState(StrEnum):
    """The call the day after: "Hat alles geklappt?" (``None`` until done)."""

    DUE = "due"
    OK = "ok"
    PROBLEM = "problem"
    UNREACHABLE = "unreachable"
    #: Staff recorded how it went themselves; no automatic call.
    BY_STAFF = "by_staff"


class When(StrEnum):
    TODAY = "today"
    TOMORROW = "tomorrow"
    SOON = "soon"


#: Days a "in the next days" request stays open for matching.
SOON_DAYS = 4


def window_for(when: str, at: datetime) -> tuple[date, date]:
    """The local dates a request is for, counted from ``at``."""
    today = at.astimezone(BERLIN).date()
    if when == When.TODAY:
        return today, today
    if when == When.TOMORROW:
        return today + timedelta(days=1), today + timedelta(days=1)
    return today, today + timedelta(days=SOON_DAYS - 1)


class HelpRequest(Base):
    __tablename__ = "help_requests"
    __table_args__ = (
        UniqueConstraint("kommune_id", "ref"),
        Index("ix_help_requests_kommune_status", "kommune_id", "status"),
        Index("ix_help_requests_client_status", "client_id", "status"),
        # Also carries what the figures count, so that they read the index alone.
        Index(
            "ix_help_requests_kommune_created",
            "kommune_id",
            "created_at",
            "category",
            "district",
            "status",
            "assigned_at",
        ),
        Index("ix_help_requests_volunteer_status", "volunteer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose volunteers and staff handle it.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: Short reference number, spoken digit by digit and used in SMS ("JA 4711").
    ref: Mapped[str] = mapped_column(String(8))
    #: The person who needs help; ``None`` until staff verify an unknown caller.
    client_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    #: One of :class:`~models.person.Category`.
    category: Mapped[str] = mapped_column(String(20))
    #: today / tomorrow / soon, as the caller said it.
    when: Mapped[str] = mapped_column(String(10))
    #: First and last local day the help is for.
    needed_from: Mapped[date]
    needed_until: Mapped[date]
    #: What the person needs in their own words (speech result, SMS or staff note).
    description: Mapped[str] = mapped_column(Text, default="")
    #: District, copied from the client when known.
    district: Mapped[str] = mapped_column(String(80), default="")
    #: See :class:`RequestStatus`.
    status: Mapped[str] = mapped_column(String(12))
    #: call / sms / staff.
    channel: Mapped[str] = mapped_column(String(8), default="call")
    #: The call the request was made in.
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", use_alter=True))
    #: Unknown callers: name, address and number as they gave them.
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    caller_address: Mapped[str] = mapped_column(String(300), default="")
    callback_phone: Mapped[str | None] = mapped_column(String(20))
    #: When and by whom staff verified an unknown caller.
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: The volunteer who accepted.
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    assigned_at: Mapped[datetime | None]
    #: Dispatch round reached so far (0 = not started); counts on over re-dispatches.
    round: Mapped[int] = mapped_column(default=0)
    #: The round the current search started after (rounds are counted from here).
    search_base_round: Mapped[int] = mapped_column(default=0)
    #: When the next round is due while searching.
    next_round_at: Mapped[datetime | None]
    #: Set when no volunteer was found and staff were told.
    escalated_at: Mapped[datetime | None]
    #: Telling the client who comes: see :class:`NoticeState`.
    client_notice: Mapped[str | None] = mapped_column(String(12))
    done_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    #: client / volunteer / staff.
    cancelled_by: Mapped[str | None] = mapped_column(String(12))
    #: When the follow-up call is due, and how far it got: see :class:`FollowupState`.
    followup_due_at: Mapped[datetime | None]
    followup_state: Mapped[str | None] = mapped_column(String(12))
    #: Time the helper spent, in minutes ("ERLEDIGT 4711 1,5"; staff may correct it).
    minutes_spent: Mapped[int | None]
    #: Who gave :attr:`minutes_spent` last: volunteer:<id> or staff:<id>.
    minutes_by: Mapped[str | None] = mapped_column(String(40))
    #: The client's answer in the follow-up call to that time (``None``: not asked).
    minutes_confirmed: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kommune: Mapped[Kommune] = relationship()
    client: Mapped[Person | None] = relationship(foreign_keys=[client_id])
    volunteer: Mapped[Person | None] = relationship(foreign_keys=[volunteer_id])
    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )
    offers: Mapped[list[Offer]] = relationship(back_populates="request", order_by="Offer.id")
    #: Every flag raised on it, open and resolved.
    flags: Mapped[list[Flag]] = relationship(
        back_populates="request", order_by=Flag.id, cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<HelpRequest {self.id} ref={self.ref} {self.category} {self.status}>"

    @property
    def open_flags(self) -> list[Flag]:
        return [flag for flag in self.flags if flag.is_open]

    @staticmethod
    def new_ref(session: Session, kommune_id: int) -> str:
        """A reference number not yet used in this Kommune: four digits while they last."""
        for digits in (4, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7):
            ref = str(random.randrange(10 ** (digits - 1), 10**digits))
            taken = session.scalar(
                select(HelpRequest.id).where(
                    HelpRequest.kommune_id == kommune_id, HelpRequest.ref == ref
                )
            )
            if taken is None:
                return ref
        raise RuntimeError("no free reference number")  # pragma: no cover - 10^7 space


class RequestEvent(Base):
    """One line of a request's timeline (made, offered, accepted, confirmed, …)."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The request.
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_requests.id", ondelete="CASCADE"), index=True
    )
    #: When it happened.
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: What happened ("created", "offer_sent", "accepted", …).
    kind: Mapped[str] = mapped_column(String(40))
    #: Who: system, client, volunteer:<id>, staff:<id>.
    actor: Mapped[str] = mapped_column(String(40), default="system")
    #: Free details (round, channel, error code, …) for the timeline.
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    request: Mapped[HelpRequest] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<RequestEvent {self.request_id} {self.kind}>"
