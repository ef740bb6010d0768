"""An offer of the local directory ("Angebot": HSDS ``service`` with its one location,
address, phone and schedule), its opening hours, and what it is filed under.

Topics and target groups are :class:`~models.taxonomy.TaxonomyTerm` rows (HSDS
``attribute`` links), districts :class:`~models.district.District` rows (HSDS
``service_area``). The search reads ``search_title`` and ``search_text``, which are
written from the offer whenever it is flushed; the database keeps its full-text index of
them itself (SQLite: FTS5 table ``angebote_fts`` filled by triggers; PostgreSQL: the
generated ``tsvector`` column ``search_vector``), see the migration 0008.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import BERLIN, Base, utcnow
from .district import District
from .folding import fold
from .organization import Organization, new_uuid
from .taxonomy import TaxonomyTerm, TermKind


class AngebotStatus(StrEnum):
    ACTIVE = "active"  # aktiv
    PAUSED = "paused"  # pausiert: for a while not
    RETIRED = "retired"  # eingestellt: for good


#: Database objects of the full-text search that the models do not describe (the
#: migrations create them; the check "migrations match the models" leaves them out).
SEARCH_OBJECTS = ("angebote_fts", "search_vector", "ix_angebote_search_vector")

#: "Zuletzt geprüft" older than this many days puts an offer on the reminder list.
CHECK_EVERY_DAYS = 365

angebot_terms = Table(
    "angebot_terms",
    Base.metadata,
    Column("angebot_id", ForeignKey("angebote.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_angebot_terms_term", "term_id", "angebot_id"),
)

angebot_districts = Table(
    "angebot_districts",
    Base.metadata,
    Column("angebot_id", ForeignKey("angebote.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_angebot_districts_district", "district_id", "angebot_id"),
)


class Angebot(Base):
    __tablename__ = "angebote"
    __table_args__ = (
        Index("ix_angebote_kommune_hsds", "kommune_id", "hsds_id", unique=True),
        Index("ix_angebote_kommune_key", "kommune_id", "key"),
        # Covers the search's filter and its last sort keys: an index-only scan, not the rows.
        Index("ix_angebote_kommune_status", "kommune_id", "status", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose directory lists it.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: HSDS ``service.id`` (a UUID), kept from an import or made here.
    hsds_id: Mapped[str] = mapped_column(String(36), default=new_uuid)
    #: Who runs it (Träger).
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: Name ("Ambulanter Pflegedienst Sonnenschein").
    name: Mapped[str] = mapped_column(String(200))
    #: What it is in one short sentence (read out on the phone); empty: the first
    #: sentence of ``description``.
    summary: Mapped[str] = mapped_column(String(300), default="")
    #: The long description.
    description: Mapped[str] = mapped_column(Text, default="")
    #: Address (HSDS ``address``): street and number, postal code, town.
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    #: Phone in E.164 (read out, texted, dialled when open).
    phone: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    #: Languages spoken there, ISO 639-1 codes.
    languages: Mapped[list[str]] = mapped_column(default=lambda: ["de"])
    #: What it costs ("kostenlos", "5 € pro Fahrt").
    cost: Mapped[str] = mapped_column(String(300), default="")
    #: Accessibility ("stufenloser Zugang, Aufzug").
    accessibility: Mapped[str] = mapped_column(String(300), default="")
    #: Hours that are no weekday range ("nach Vereinbarung").
    hours_note: Mapped[str] = mapped_column(String(200), default="")
    #: See :class:`AngebotStatus`.
    status: Mapped[str] = mapped_column(String(10), default=AngebotStatus.ACTIVE)
    #: "Zuletzt geprüft": the day staff last confirmed the entry.
    checked_on: Mapped[date | None]
    #: Name, organisation and address folded: the same offer when imported again.
    key: Mapped[str] = mapped_column(String(500), default="")
    #: What the search reads, written on every flush (see the module docstring).
    search_title: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization | None] = relationship()
    hours: Mapped[list[AngebotHours]] = relationship(
        cascade="all, delete-orphan", order_by="(AngebotHours.weekday, AngebotHours.opens)"
    )
    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=angebot_terms, order_by="(TaxonomyTerm.kind, TaxonomyTerm.position)"
    )
    districts: Mapped[list[District]] = relationship(
        secondary=angebot_districts, order_by="District.name"
    )

    def __repr__(self) -> str:
        return f"<Angebot {self.id} {self.name!r} {self.status}>"

    # --- what people read --------------------------------------------------------------

    @property
    def short(self) -> str:
        """What it is in one short sentence."""
        return self.summary or first_sentence(self.description)

    @property
    def address(self) -> str:
        """ "Lange Straße 45, 33129 Delbrück"."""
        town = " ".join(x for x in (self.postal_code, self.city) if x)
        return ", ".join(x for x in (self.street, town) if x)

    @property
    def topics(self) -> list[TaxonomyTerm]:
        return [t for t in self.terms if t.kind == TermKind.TOPIC]

    @property
    def target_groups(self) -> list[TaxonomyTerm]:
        return [t for t in self.terms if t.kind == TermKind.TARGET_GROUP]

    @property
    def organization_name(self) -> str:
        return self.organization.name if self.organization else ""

    # --- status (aktiv ↔ pausiert, eingestellt) -------------------------------------------

    def _set_status(self, status: str) -> bool:
        if self.status == status:
            return False
        self.status = status
        return True

    def pause(self) -> bool:
        return self.status == AngebotStatus.ACTIVE and self._set_status(AngebotStatus.PAUSED)

    def activate(self) -> bool:
        return self._set_status(AngebotStatus.ACTIVE)

    def retire(self) -> bool:
        return self._set_status(AngebotStatus.RETIRED)

    def mark_checked(self, on: date) -> bool:
        if self.checked_on == on:
            return False
        self.checked_on = on
        return True

    def check_due(self, today: date) -> bool:
        """Not checked for :data:`CHECK_EVERY_DAYS` (or never)."""
        return self.checked_on is None or (today - self.checked_on).days > CHECK_EVERY_DAYS

    # --- opening hours ------------------------------------------------------------------------

    def is_open(self, at: datetime, holiday: Callable[[date], bool]) -> bool:
        """Open at ``at`` (closed on the public holidays ``holiday`` names)."""
        local = at.astimezone(BERLIN)
        if holiday(local.date()):
            return False
        minute = local.hour * 60 + local.minute
        return any(
            h.weekday == local.weekday() and h.opens <= minute < h.closes for h in self.hours
        )

    def open_until(self, at: datetime) -> int | None:
        """Minute of the day it closes, when open at ``at`` (holidays not checked)."""
        local = at.astimezone(BERLIN)
        minute = local.hour * 60 + local.minute
        for h in self.hours:
            if h.weekday == local.weekday() and h.opens <= minute < h.closes:
                return h.closes
        return None

    def next_opening(self, at: datetime, holiday: Callable[[date], bool]) -> datetime | None:
        """When it next opens after ``at`` (local time), within a week; ``None`` without hours."""
        if not self.hours:
            return None
        local = at.astimezone(BERLIN)
        minute = local.hour * 60 + local.minute
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            if holiday(day):
                continue
            for h in self.hours:
                if h.weekday == day.weekday() and (ahead > 0 or h.opens > minute):
                    return datetime(
                        day.year, day.month, day.day, h.opens // 60, h.opens % 60, tzinfo=BERLIN
                    )
        return None

    def spans(self) -> list[tuple[int, int, int, int]]:
        """Opening hours grouped for reading: (first weekday, last weekday, opens, closes),
        consecutive days with the same span joined ("Mo–Fr 9:00–12:00", "Di 14:00–18:00")."""
        days_of: dict[tuple[int, int], set[int]] = {}
        for h in self.hours:
            days_of.setdefault((h.opens, h.closes), set()).add(h.weekday)
        out: list[tuple[int, int, int, int]] = []
        for (opens, closes), days in days_of.items():
            run: list[int] = []
            for day in sorted(days):
                if run and day != run[-1] + 1:
                    out.append((run[0], run[-1], opens, closes))
                    run = []
                run.append(day)
            out.append((run[0], run[-1], opens, closes))
        out.sort(key=lambda s: (s[0], s[2]))
        return out

    # --- search -------------------------------------------------------------------------------

    def refresh_search(self) -> None:
        """Write what the search reads and the key an import finds it by."""
        values = search_fields(
            name=self.name,
            organization=self.organization.name if self.organization else "",
            terms=[t.name for t in self.terms],
            districts=[d.name for d in self.districts],
            summary=self.summary,
            description=self.description,
            address=self.address,
        )
        for key, value in values.items():
            if getattr(self, key) != value:
                setattr(self, key, value)


class AngebotHours(Base):
    """One span of opening hours on one weekday (HSDS ``schedule``, weekly)."""

    __tablename__ = "angebot_hours"
    #: "Open now" reads the spans of one weekday.
    __table_args__ = (
        Index("ix_angebot_hours_weekday", "weekday", "opens", "closes", "angebot_id"),
    )

    #: The offer.
    angebot_id: Mapped[int] = mapped_column(
        ForeignKey("angebote.id", ondelete="CASCADE"), primary_key=True
    )
    #: 0 = Monday … 6 = Sunday.
    weekday: Mapped[int] = mapped_column(primary_key=True)
    #: Local minutes after midnight: opens at, closes at (exclusive, at most 1440).
    opens: Mapped[int] = mapped_column(primary_key=True)
    closes: Mapped[int]

    def __repr__(self) -> str:
        return f"<AngebotHours {self.angebot_id} {self.weekday} {self.opens}-{self.closes}>"


def search_fields(
    *,
    name: str,
    organization: str,
    terms: list[str],
    districts: list[str],
    summary: str,
    description: str,
    address: str,
) -> dict[str, str]:
    """The columns the search reads (``search_title``, ``search_text``) and the ``key``."""
    parts = [*terms, *districts, summary, description, address]
    return {
        "search_title": " ".join(x for x in (name, organization) if x),
        "search_text": " ".join(x for x in parts if x),
        "key": offer_key(name, organization, address),
    }


def offer_key(name: str, organization: str, address: str) -> str:
    """Name, organisation and address folded: what makes an offer the same one again."""
    return "|".join(" ".join(fold(x).split()) for x in (name, organization, address))[:500]


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of ``text`` (at most ``limit`` characters, cut at a word)."""
    text = " ".join((text or "").split())
    for end in (". ", "! ", "? "):
        cut = text.find(end)
        if 0 < cut < limit:
            return text[: cut + 1]
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


@event.listens_for(Session, "before_flush")
def _refresh_search(session: Session, flush_context: Any, instances: Any) -> None:
    """Every offer added or changed carries its search text into the flush."""
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, Angebot):
                obj.refresh_search()
