"""A municipality: its own numbers, people, staff, hours and settings."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import holidays
from sqlalchemy import JSON, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import BERLIN, Base, utcnow
from .folding import slug as make_slug

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Monday to Friday, 9 to 16 o'clock (DESIGN.md default).
DEFAULT_OFFICE_HOURS: dict[str, list[list[str]]] = {
    day: [["09:00", "16:00"]] for day in WEEKDAYS[:5]
}

#: German federal states as ``holidays`` knows them.
STATES = (
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
)


class Kommune(Base):
    __tablename__ = "kommunen"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Name as it is spoken in the greeting ("Musterstadt").
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: Its part of the public directory's address (``/angebote/<slug>``), made from the name.
    slug: Mapped[str] = mapped_column(
        String(80),
        unique=True,
        default=lambda ctx: make_slug(ctx.get_current_parameters()["name"]),
    )
    #: Federal state (ISO 3166-2 suffix, "NW") for public holidays.
    state: Mapped[str] = mapped_column(String(2), default="NW")
    #: Languages offered, the first one is the default ("de").
    languages: Mapped[list[str]] = mapped_column(default=lambda: ["de"])
    #: TTS voice override for German; ``None`` uses prompts.VOICES.
    voice: Mapped[str | None] = mapped_column(String(60))
    #: Opening hours per weekday key ("mon"…"sun") as lists of ["HH:MM", "HH:MM"].
    office_hours: Mapped[dict[str, Any]] = mapped_column(
        default=lambda: {k: [list(v) for v in spans] for k, spans in DEFAULT_OFFICE_HOURS.items()}
    )
    #: Name said in the greeting ("Hier ist die Nachbarschaftshilfe …"); empty: ``name``.
    greeting_name: Mapped[str] = mapped_column(String(120), default="")
    #: Local hours [from, until) in which people are phoned or texted; ``None`` uses
    #: CONTACT_HOURS.
    contact_hours: Mapped[list[int] | None] = mapped_column(JSON)
    #: Staff phone (E.164): calls for "0" in office hours, escalation SMS.
    duty_phone: Mapped[str | None] = mapped_column(String(20))
    #: Volunteers asked per round; ``None`` uses DISPATCH_ROUND_SIZE.
    round_size: Mapped[int | None]
    #: Seconds between rounds; ``None`` uses DISPATCH_ROUND_SECONDS.
    round_seconds: Mapped[int | None]
    #: Rounds before escalation; ``None`` uses DISPATCH_MAX_ROUNDS.
    max_rounds: Mapped[int | None]
    #: Days a recording is kept (here and at Twilio).
    recording_retention_days: Mapped[int] = mapped_column(default=30)
    #: Days after which closed requests, calls and messages are anonymised.
    record_retention_days: Mapped[int] = mapped_column(default=365)
    #: Days after completion when the client gets the follow-up call.
    followup_days: Mapped[int] = mapped_column(default=1)
    #: Local hour (Europe/Berlin) at which follow-up calls start.
    followup_hour: Mapped[int] = mapped_column(default=10)
    #: When the Kommune was created.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    numbers: Mapped[list[HotlineNumber]] = relationship(
        back_populates="kommune", cascade="all, delete-orphan", order_by="HotlineNumber.id"
    )

    def __repr__(self) -> str:
        return f"<Kommune {self.id} {self.name!r}>"

    @classmethod
    def for_number(cls, session: Session, number: str | None) -> Kommune | None:
        """The Kommune whose hotline ``number`` is; with a single Kommune, that one."""
        if number:
            found = session.scalar(
                select(cls).join(HotlineNumber).where(HotlineNumber.number == number)
            )
            if found is not None:
                return found
        if session.scalar(select(func.count(cls.id))) == 1:
            return session.scalar(select(cls))
        return None

    @classmethod
    def by_name(cls, session: Session, name: str) -> Kommune | None:
        return session.scalar(select(cls).where(func.lower(cls.name) == name.strip().lower()))

    @classmethod
    def by_slug(cls, session: Session, slug: str) -> Kommune | None:
        return session.scalar(select(cls).where(cls.slug == slug))

    @property
    def spoken_name(self) -> str:
        """The name callers hear in the greeting."""
        return self.greeting_name or self.name

    @property
    def caller_id(self) -> str | None:
        """The number outbound calls and SMS come from: the first hotline number."""
        return self.numbers[0].number if self.numbers else None

    def is_holiday(self, at: datetime) -> bool:
        local = at.astimezone(BERLIN).date()
        return local in holidays.Germany(subdiv=self.state, years=local.year)

    def is_open(self, at: datetime | None = None) -> bool:
        """Whether staff are in the office at ``at`` (default now)."""
        local = (at or utcnow()).astimezone(BERLIN)
        if self.is_holiday(local):
            return False
        spans = (self.office_hours or {}).get(WEEKDAYS[local.weekday()], [])
        now = local.time()
        return any(time.fromisoformat(a) <= now < time.fromisoformat(b) for a, b in spans)

    def hours_text_spans(self) -> list[tuple[str, str, str, str]]:
        """Office hours grouped for speaking: (first day, last day, from, to)."""
        groups: list[list[Any]] = []
        for day in WEEKDAYS:
            spans = (self.office_hours or {}).get(day) or []
            if len(spans) != 1:
                continue
            start, end = spans[0]
            if (
                groups
                and groups[-1][2:] == [start, end]
                and WEEKDAYS.index(groups[-1][1]) + 1 == WEEKDAYS.index(day)
            ):
                groups[-1][1] = day
            else:
                groups.append([day, day, start, end])
        return [tuple(g) for g in groups]  # type: ignore[misc]


class HotlineNumber(Base):
    __tablename__ = "hotline_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune this number belongs to.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id", ondelete="CASCADE"))
    #: The public number (E.164) people dial; Twilio sends it as ``To``.
    number: Mapped[str] = mapped_column(String(20), unique=True)

    kommune: Mapped[Kommune] = relationship(back_populates="numbers")

    def __repr__(self) -> str:
        return f"<HotlineNumber {self.number[:5]}… kommune={self.kommune_id}>"
