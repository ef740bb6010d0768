"""Phone calls in and out, every step of their dialogue, and their recordings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import Base, utcnow
from .kommune import Kommune
from .person import Person


class CallPurpose(StrEnum):
    HOTLINE = "hotline"  # a person called the help line
    OFFER = "offer"  # we call a volunteer with an offer
    NOTICE = "notice"  # we tell the client who comes
    FOLLOWUP = "followup"  # "Hat alles geklappt?"
    ESCALATION = "escalation"  # we tell the client staff will be in touch
    PAIRING = "pairing"  # a phone friendship's date: the volunteer, then the client
    PAIRING_NOTICE = "pair_notice"  # a date of a phone friendship falls through
    CHECKIN = "checkin"  # "Ist bei Ihnen alles in Ordnung?"
    TRUSTED = "trusted"  # the trusted contact: the client needs help or did not answer


#: Call states after which nothing happens any more.
FINAL_CALL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
#: Order of the states a call goes through; status callbacks may arrive out of order.
_PROGRESS = {"queued": 0, "initiated": 1, "ringing": 2, "in-progress": 3, "answered": 3}


class Call(Base):
    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_kommune_started", "kommune_id", "started_at"),
        Index("ix_calls_person_started", "person_id", "started_at"),
        Index("ix_calls_kommune_callback", "kommune_id", "needs_callback", "started_at"),
        # How often a number called lately (the rate limit per number).
        Index("ix_calls_from_started", "from_number", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Twilio's CallSid; ``None`` while an outbound call is still queued here.
    sid: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: The Kommune whose line it is.
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id"))
    #: inbound / outbound.
    direction: Mapped[str] = mapped_column(String(8))
    #: See :class:`CallPurpose`.
    purpose: Mapped[str] = mapped_column(String(12), default=CallPurpose.HOTLINE)
    #: Numbers in E.164; ``None`` when withheld or malformed.
    from_number: Mapped[str | None] = mapped_column(String(20))
    to_number: Mapped[str | None] = mapped_column(String(20))
    #: The known person on the other end.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    #: The request the call is about or led to.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"), index=True)
    #: The offer an outbound volunteer call carries.
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    #: Twilio CallStatus (queued, ringing, in-progress, completed, busy, no-answer, ...).
    status: Mapped[str] = mapped_column(String(12), default="queued")
    #: human / machine_* from answering-machine detection.
    answered_by: Mapped[str | None] = mapped_column(String(20))
    #: Language the dialogue is held in.
    language: Mapped[str] = mapped_column(String(5), default="de")
    #: Dialogue state: the request being taken, misses per step.
    state: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON()), default=dict)
    #: The caller left a voicemail or asked for a person: staff call back.
    needs_callback: Mapped[bool] = mapped_column(default=False)
    #: The staff member who said "Ich rufe zurück" (until they record how it went).
    callback_claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    callback_claimed_at: Mapped[datetime | None]
    #: Last step reached (for the call log).
    last_step: Mapped[str] = mapped_column(String(30), default="")
    #: How it ended for the call log: request, cancelled, voicemail, hangup, error, ...
    outcome: Mapped[str] = mapped_column(String(20), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    #: Seconds, from Twilio's status callback.
    duration: Mapped[int | None]
    #: What Twilio charged (a positive amount in ``price_unit``), once it reports it;
    #: fetched afterwards (``nachbarruf prices``). ``None``: not (yet) known.
    price: Mapped[Decimal | None] = mapped_column(Numeric(10, 5))
    price_unit: Mapped[str | None] = mapped_column(String(3))
    #: Outbound: attempt number for retried calls.
    attempt: Mapped[int] = mapped_column(default=1)
    #: The person this call was connected to through the hotline (a volunteer with their
    #: client, or the other way round): who talked to whom.
    bridged_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    #: Seconds the two talked (Twilio's ``DialCallDuration``); 0 when nobody answered.
    bridged_seconds: Mapped[int | None]
    #: The check-in the call is for (to the client, or to their trusted contact).
    checkin_date_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_dates.id"), index=True)
    #: The date of a phone friendship the call is for.
    pairing_date_id: Mapped[int | None] = mapped_column(ForeignKey("pairing_dates.id"), index=True)

    kommune: Mapped[Kommune | None] = relationship()
    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    bridged_person: Mapped[Person | None] = relationship(foreign_keys=[bridged_person_id])
    events: Mapped[list[CallEvent]] = relationship(
        back_populates="call", order_by="CallEvent.seq", cascade="all, delete-orphan"
    )
    recordings: Mapped[list[Recording]] = relationship(
        back_populates="call", order_by="Recording.id"
    )

    def __repr__(self) -> str:
        return f"<Call {self.id} {self.direction} {self.purpose} {self.status}>"

    @classmethod
    def by_sid(cls, session: Session, sid: str | None) -> Call | None:
        return session.scalar(select(cls).where(cls.sid == sid)) if sid else None

    @property
    def ended(self) -> bool:
        return self.status in FINAL_CALL_STATUSES

    def advance(
        self, status: str | None, duration: int | None = None, answered_by: str | None = None
    ) -> bool:
        """Apply a status callback. Never moves backwards; True if something changed."""
        if answered_by and not self.answered_by:
            self.answered_by = answered_by
        if not status or self.ended:
            return False
        if status not in FINAL_CALL_STATUSES and _PROGRESS.get(status, 0) <= _PROGRESS.get(
            self.status, 0
        ):
            return False
        self.status = status
        if status in FINAL_CALL_STATUSES:
            self.ended_at = utcnow()
            self.duration = duration
            if not self.outcome:
                self.outcome = "hangup" if self.direction == "inbound" else status
        return True

    def count_miss(self, step: str) -> int:
        misses = dict(self.state.get("misses", {}))
        misses[step] = misses.get(step, 0) + 1
        self.state["misses"] = misses
        return misses[step]

    def clear_misses(self, step: str) -> None:
        misses = dict(self.state.get("misses", {}))
        if misses.pop(step, None) is not None:
            self.state["misses"] = misses

    @property
    def draft(self) -> dict[str, Any]:
        """The request being taken in this call."""
        return dict(self.state.get("draft", {}))

    def update_draft(self, **values: Any) -> None:
        draft = self.draft
        draft.update(values)
        self.state["draft"] = draft


class CallEvent(Base):
    """One webhook of a call: the step, what the caller pressed or said, what we answered.

    ``(call_id, seq)`` is unique: Twilio's retry of the same webhook finds the stored
    answer and gets it again, changing nothing.
    """

    __tablename__ = "call_events"
    __table_args__ = (UniqueConstraint("call_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The call.
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    #: Position in the call (0 = the first webhook).
    seq: Mapped[int]
    #: The step the input belongs to ("incoming", "main", "when", ...).
    step: Mapped[str] = mapped_column(String(30))
    #: Keys pressed.
    digits: Mapped[str | None] = mapped_column(String(40))
    #: Recognised speech (truncated).
    speech: Mapped[str | None] = mapped_column(Text)
    #: Speech recognition confidence 0..1.
    confidence: Mapped[float | None]
    #: The step the caller was sent to.
    next_step: Mapped[str] = mapped_column(String(30), default="")
    #: The TwiML we answered, returned again on a retry.
    response: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Server time spent on this webhook.
    elapsed_ms: Mapped[float | None]

    call: Mapped[Call] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<CallEvent {self.call_id}#{self.seq} {self.step}→{self.next_step}>"


class Recording(Base):
    """Audio a caller left; fetched through the app, deleted after the retention period."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The call it was made in.
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    #: The request it describes, if any.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"), index=True)
    #: Twilio's RecordingSid.
    sid: Mapped[str] = mapped_column(String(40), unique=True)
    #: Where Twilio keeps the media (never shown to anyone; fetched with credentials).
    url: Mapped[str] = mapped_column(String(300))
    #: description / voicemail / name / address.
    purpose: Mapped[str] = mapped_column(String(12))
    #: Seconds.
    duration: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set once deleted here and at Twilio.
    deleted_at: Mapped[datetime | None]

    call: Mapped[Call] = relationship(back_populates="recordings")

    def __repr__(self) -> str:
        return f"<Recording {self.id} {self.purpose} call={self.call_id}>"

    @classmethod
    def upsert(
        cls,
        session: Session,
        *,
        call: Call,
        sid: str,
        url: str,
        duration: int | None,
        purpose: str | None,
    ) -> Recording:
        """Record what the <Record> action or the recording status callback told us; the
        two arrive in either order and either may be retried."""
        recording = session.scalar(select(cls).where(cls.sid == sid))
        if recording is None:
            # The two may come at the same moment: insert-or-nothing, then read it.
            insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            session.execute(
                insert(cls)
                .values(
                    call_id=call.id,
                    sid=sid,
                    url=url,
                    purpose=purpose or "unknown",
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=["sid"])
            )
            recording = session.scalars(select(cls).where(cls.sid == sid)).one()
        if purpose and recording.purpose == "unknown":
            recording.purpose = purpose
        if duration is not None:
            recording.duration = duration
        if recording.request_id is None and call.request_id is not None:
            recording.request_id = call.request_id
        return recording


class CallbackOutcome(StrEnum):
    """How a callback went."""

    #: Spoke with the person: off the list.
    REACHED = "reached"
    #: Nobody answered: it stays on the list (try again later).
    NOT_REACHED = "not_reached"
    #: Settled otherwise (taken as a request, a wrong number, …): off the list.
    DONE = "done"


class CallbackAttempt(Base):
    """One try to call back a caller who waits (or the note that it is settled)."""

    __tablename__ = "callback_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The call that waits for the callback.
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    #: The staff member who tried.
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: See :class:`CallbackOutcome`.
    outcome: Mapped[str] = mapped_column(String(12))
    #: What staff noted.
    note: Mapped[str] = mapped_column(Text, default="")
    #: When.
    at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CallbackAttempt call={self.call_id} {self.outcome}>"
