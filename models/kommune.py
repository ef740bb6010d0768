"""A municipality: its own numbers, people, staff, hours and settings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import holidays
from sqlalchemy import JSON, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import BERLIN, Base, utcnow
from .folding import slug as make_slug
from .week import WEEKDAYS, format_office_hours

#: Most numbers a ``<Dial>`` rings at once (Twilio's limit for ``<Number>``s is 10).
MAX_DUTY_PHONES = 10

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
    #: Countries (ISO 3166 codes, "DE") whose numbers we text or call; ``None`` uses
    #: OUTBOUND_COUNTRIES.
    outbound_countries: Mapped[list[str] | None] = mapped_column(JSON)
    #: Staff phones (E.164): "0" in office hours rings them all at once (the first to
    #: pick up takes the call); the first one also gets the escalation SMS.
    duty_phones: Mapped[list[str]] = mapped_column(default=list)
    #: The staff rota: ``[{"phone": "+49…", "hours": {"mon": [["09:00", "13:00"]], …}}]``
    #: (several phones may be on shift at once); empty: the duty phones in office hours.
    rota: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
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
    #: Allowance per hour of help the Kommune pays volunteers, in cents (0: none);
    #: printed on the monthly statements.
    allowance_cents: Mapped[int] = mapped_column(default=0)
    #: Years a Führungszeugnis counts (from its date); staff are reminded before.
    clearance_years: Mapped[int] = mapped_column(default=5)
    #: At most this many different people a volunteer helps per local month (some Länder
    #: limit Nachbarschaftshilfe so); ``None``: no limit.
    helper_max_people: Mapped[int | None]
    #: At most this many hours of help per volunteer and local month; ``None``: no limit.
    helper_max_hours: Mapped[int | None]
    #: Volunteers and clients reach each other only through the hotline (a ``<Dial>`` with
    #: the hotline as caller ID); no SMS or call gives anyone a private number.
    mask_numbers: Mapped[bool] = mapped_column(default=True)
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
    def duty_phone(self) -> str | None:
        """The first duty phone (escalation SMS), ``None`` without one."""
        return self.duty_phones[0] if self.duty_phones else None

    @duty_phone.setter
    def duty_phone(self, number: str | None) -> None:
        self.duty_phones = [number] if number else []

    @property
    def office_hours_text(self) -> str:
        """The office hours as people write them ("Mo-Do 9-16, Fr 9-12")."""
        return format_office_hours(self.office_hours)

    @property
    def caller_id(self) -> str | None:
        """The number outbound calls and SMS come from: the first hotline number."""
        return self.numbers[0].number if self.numbers else None

    def is_holiday(self, at: datetime) -> bool:
        local = at.astimezone(BERLIN).date()
        return local in holidays.Germany(subdiv=self.state, years=local.year)

    def on_shift(self, at: datetime | None = None) -> list[str]:
        """The rota's phones on shift at ``at`` (default now); none on public holidays."""
        local = (at or utcnow()).astimezone(BERLIN)
        if not self.rota or self.is_holiday(local):
            return []
        day, now = WEEKDAYS[local.weekday()], local.time()
        return list(
            dict.fromkeys(
                shift["phone"]
                for shift in self.rota
                if any(
                    time.fromisoformat(a) <= now < time.fromisoformat(b)
                    for a, b in shift["hours"].get(day, [])
                )
            )
        )

    def staff_phones(self, at: datetime | None = None) -> list[str]:
        """Who "0" rings: the rota's phones on shift, or (without a rota) the duty phones
        while the office is open."""
        if self.rota:
            return self.on_shift(at)
        return list(self.duty_phones) if self.is_open(at) else []

    def is_open(self, at: datetime | None = None) -> bool:
        """Whether staff are in the office at ``at`` (default now)."""
        local = (at or utcnow()).astimezone(BERLIN)
        if self.is_holiday(local):
            return False
        spans = (self.office_hours or {}).get(WEEKDAYS[local.weekday()], [])
        now = local.time()
        return any(time.fromisoformat(a) <= now < time.fromisoformat(b) for a, b in spans)

    def next_opening(
        self, at: datetime, *, lasting: timedelta = timedelta(0), within_days: int = 21
    ) -> datetime | None:
        """When staff are next in the office for at least ``lasting``: ``at`` itself when
        the office is open then (long enough), else the start of the next office hours
        (public holidays skipped). ``None`` when there are none within ``within_days``."""
        local = at.astimezone(BERLIN)
        for offset in range(within_days + 1):
            day = local.date() + timedelta(days=offset)
            if day in holidays.Germany(subdiv=self.state, years=day.year):
                continue
            spans = (self.office_hours or {}).get(WEEKDAYS[day.weekday()]) or []
            for first, last in sorted(spans):
                start = datetime.combine(day, time.fromisoformat(first), tzinfo=BERLIN)
                end = datetime.combine(day, time.fromisoformat(last), tzinfo=BERLIN)
                start = max(start, local)
                if end - start >= max(lasting, timedelta(seconds=1)):
                    return start if start > local else at
        return None


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
