"""People: clients (seniors asking for help) and volunteers, or both."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import Base, utcnow
from .kommune import Kommune
from .phone import LineType


class Category(StrEnum):
    SHOPPING = "shopping"
    DOG_WALKING = "dog_walking"
    PHONE_CHAT = "phone_chat"
    OTHER = "other"


class VolunteerStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    PAUSED = "paused"
    BLOCKED = "blocked"
    OPTED_OUT = "opted_out"


class Channel(StrEnum):
    SMS = "sms"
    CALL = "call"


class CalledAs(StrEnum):
    """How a volunteer is named to the people they help ("Max" or "Herr Mustermann")."""

    FIRST_NAME = "first"
    SURNAME = "surname"  # Frau/Herr and the surname


#: Bit per weekday, Monday = bit 0.
ALL_DAYS = 0b1111111
#: Wrong PINs in a row after which the PIN no longer opens anything until staff set a new one.
PIN_MAX_FAILURES = 10
_PIN = re.compile(r"\d{4}")
#: argon2id, like staff passwords.
_hasher = PasswordHasher()


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("kommune_id", "phone"),
        Index("ix_people_volunteer_pool", "kommune_id", "is_volunteer", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose staff look after this person.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    #: Full name as the person gives it ("Erika Mustermann").
    name: Mapped[str] = mapped_column(String(120))
    #: "Frau", "Herr" or empty; used to greet ("Guten Tag, Frau Mustermann").
    salutation: Mapped[str] = mapped_column(String(10), default="")
    #: Phone number in E.164.
    phone: Mapped[str] = mapped_column(String(20))
    #: Mobile or landline, from the numbering plan.
    line_type: Mapped[str] = mapped_column(String(10), default=LineType.UNKNOWN)
    #: Ortsteil / Quartier.
    district: Mapped[str] = mapped_column(String(80), default="")
    #: Street, house number, town; only volunteers who accepted get to see it.
    address: Mapped[str] = mapped_column(String(200), default="")
    #: ISO 639-1 codes, preferred first (["de", "tr"]).
    languages: Mapped[list[str]] = mapped_column(default=lambda: ["de"])
    #: Staff notes.
    notes: Mapped[str] = mapped_column(Text, default="")
    #: When the person agreed to have their data kept (DSGVO Art. 6/7).
    consent_at: Mapped[datetime | None]
    #: How consent was given ("telefonisch bei Frau Beispiel").
    consent_note: Mapped[str] = mapped_column(String(200), default="")
    #: Asks for help.
    is_client: Mapped[bool] = mapped_column(default=False)
    #: Offers help.
    is_volunteer: Mapped[bool] = mapped_column(default=False)
    #: Volunteer state (pending → active ↔ paused, blocked, opted_out); ``None`` for clients.
    status: Mapped[str | None] = mapped_column(String(12))
    #: Why staff blocked or paused the volunteer.
    status_reason: Mapped[str] = mapped_column(String(200), default="")
    #: ``sms`` or ``call``; ``None`` means SMS for mobiles and a call for landlines.
    prefers: Mapped[str | None] = mapped_column(String(4))
    #: Weekdays the volunteer can help, bit 0 = Monday.
    available_days: Mapped[int] = mapped_column(default=ALL_DAYS)
    #: First local hour the volunteer can be asked to help.
    available_from: Mapped[int] = mapped_column(default=8)
    #: Local hour by which help must be over.
    available_until: Mapped[int] = mapped_column(default=20)
    #: Assigned, unfinished requests a volunteer may hold at once.
    max_open_tasks: Mapped[int] = mapped_column(default=2)
    #: When the Servicepunkt recognised (qualified) the volunteer.
    recognized_on: Mapped[date | None]
    #: When the volunteer was last asked (an offer was made), for fair rotation.
    last_offered_at: Mapped[datetime | None]
    #: Note on recognition / qualification.
    recognition_note: Mapped[str] = mapped_column(String(200), default="")
    #: The date of the Führungszeugnis staff saw (the document is not kept).
    clearance_issued_on: Mapped[date | None]
    #: The staff member who saw it.
    clearance_seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: Created / last changed.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: Set when the person was erased; name and contact data are gone then.
    erased_at: Mapped[datetime | None]
    #: How the person is named to others: ``first`` (first name) or ``surname`` (Frau/Herr
    #: and the surname, by ``salutation``); see :class:`CalledAs`.
    called_as: Mapped[str] = mapped_column(String(10), default=CalledAs.FIRST_NAME)
    #: Staff marked the person "mit PIN": calling from their number is not enough to hear
    #: or cancel their requests (caller ID can be forged).
    pin_required: Mapped[bool] = mapped_column(default=False)
    #: argon2id hash of the 4-digit PIN; never shown.
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    #: Wrong PINs typed in a row (reset by the right one or a new PIN).
    pin_failures: Mapped[int] = mapped_column(default=0)
    #: The daily check-in call ("Ist bei Ihnen alles in Ordnung?"): weekly local times
    #: ``[[weekday 0-6, "HH:MM"], …]``; ``None`` without one.
    checkin_slots: Mapped[list[list[int | str]] | None] = mapped_column(JSON)
    #: The check-in calls are paused ("Ich bin verreist"): by the client or staff.
    checkin_paused: Mapped[bool] = mapped_column(default=False)
    #: The trusted contact (Vertrauensperson): called when the client asks for help at the
    #: check-in outside office hours or does not answer it.
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    #: Their number (E.164).
    contact_phone: Mapped[str | None] = mapped_column(String(20))

    kommune: Mapped[Kommune] = relationship()
    #: Load with ``selectinload(Person.category_links)`` where lists show categories.
    category_links: Mapped[list[VolunteerCategory]] = relationship(cascade="all, delete-orphan")

    def __repr__(self) -> str:
        roles = "+".join(
            r for r, on in (("client", self.is_client), ("volunteer", self.is_volunteer)) if on
        )
        return f"<Person {self.id} {roles or 'none'} kommune={self.kommune_id}>"

    @classmethod
    def by_phone(cls, session: Session, kommune_id: int, phone: str | None) -> Person | None:
        """The (not erased) person of this Kommune with that E.164 number."""
        if not phone:
            return None
        return session.scalar(
            select(cls).where(
                cls.kommune_id == kommune_id, cls.phone == phone, cls.erased_at.is_(None)
            )
        )

    @property
    def greeting_name(self) -> str:
        """ "Frau Mustermann" when a salutation is known, else the full name."""
        if self.salutation and self.last_name:
            return f"{self.salutation} {self.last_name}"
        return self.name

    # --- the PIN a caller types when staff asked for one ---------------------------------

    @property
    def asks_pin(self) -> bool:
        """Whether a call from this person's number must be confirmed with the PIN."""
        return self.pin_required

    @property
    def pin_locked(self) -> bool:
        return self.pin_hash is None or self.pin_failures >= PIN_MAX_FAILURES

    def set_pin(self, pin: str) -> None:
        """Staff set (or replace) the PIN: four digits."""
        if not _PIN.fullmatch(pin):
            raise ValueError("a PIN has four digits")
        self.pin_hash = _hasher.hash(pin)
        self.pin_failures = 0

    def check_pin(self, pin: str) -> bool:
        """Whether ``pin`` is right; counts wrong ones, and after :data:`PIN_MAX_FAILURES`
        in a row no PIN is right any more (until staff set a new one)."""
        if self.pin_locked or self.pin_hash is None:
            return False
        try:
            ok = _hasher.verify(self.pin_hash, pin) and bool(_PIN.fullmatch(pin))
        except (VerificationError, InvalidHashError):
            ok = False
        self.pin_failures = 0 if ok else self.pin_failures + 1
        return ok

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def last_name(self) -> str:
        parts = self.name.split()
        return parts[-1] if parts else ""

    @property
    def categories(self) -> list[str]:
        return sorted(link.category for link in self.category_links)

    def set_categories(self, categories: list[str]) -> None:
        wanted = set(categories)
        self.category_links = [link for link in self.category_links if link.category in wanted]
        have = {link.category for link in self.category_links}
        for category in sorted(wanted - have):
            self.category_links.append(VolunteerCategory(category=category))

    @property
    def channel(self) -> str:
        """How to reach the person: their preference, else by line type."""
        if self.prefers in (Channel.SMS, Channel.CALL):
            return self.prefers
        return Channel.SMS if self.line_type == LineType.MOBILE else Channel.CALL

    @property
    def language(self) -> str:
        """The language we speak and write to them: the first of theirs that their Kommune
        offers (a Kommune switches a language on once its catalog was reviewed), else
        German."""
        offered = (self.kommune.languages if self.kommune else None) or ["de"]
        return next((lang for lang in self.languages or [] if lang in offered), "de")

    # --- volunteer status (DESIGN: pending → active ↔ paused, blocked, opted_out) ---------

    def _set_status(self, status: str, reason: str = "") -> bool:
        if self.status == status and self.status_reason == reason:
            return False
        self.status = status
        self.status_reason = reason
        return True

    def approve(self, on: date, note: str = "") -> bool:
        """Staff recognised the volunteer: they get offers from now on."""
        self.recognized_on = on
        self.recognition_note = note
        return self._set_status(VolunteerStatus.ACTIVE)

    def pause(self, reason: str = "") -> bool:
        """No offers until resumed (PAUSE by SMS, or staff)."""
        if self.status != VolunteerStatus.ACTIVE:
            return False
        return self._set_status(VolunteerStatus.PAUSED, reason)

    def resume(self) -> bool:
        if self.status != VolunteerStatus.PAUSED:
            return False
        return self._set_status(VolunteerStatus.ACTIVE)

    def opt_out(self) -> bool:
        """STOPP: no more SMS or calls from us until START."""
        if self.status in (VolunteerStatus.OPTED_OUT, VolunteerStatus.BLOCKED, None):
            return False  # blocked volunteers get nothing anyway and stay blocked
        # Remember what they were, so START brings a pending volunteer back as pending.
        return self._set_status(VolunteerStatus.OPTED_OUT, reason=str(self.status))

    def opt_in(self) -> bool:
        """START after STOPP: active again (a blocked volunteer stays blocked)."""
        if self.status != VolunteerStatus.OPTED_OUT:
            return False
        before = self.status_reason
        return self._set_status(
            VolunteerStatus.PENDING if before == VolunteerStatus.PENDING else VolunteerStatus.ACTIVE
        )

    def block(self, reason: str) -> bool:
        """Staff block a volunteer (with a reason); only staff can lift it."""
        return self._set_status(VolunteerStatus.BLOCKED, reason)

    def unblock(self) -> bool:
        if self.status != VolunteerStatus.BLOCKED:
            return False
        return self._set_status(VolunteerStatus.ACTIVE)


class VolunteerCategory(Base):
    """What a volunteer helps with; a table so matching can use an index."""

    __tablename__ = "volunteer_categories"
    __table_args__ = (Index("ix_volunteer_categories_category", "category", "person_id"),)

    #: The volunteer.
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    #: One of :class:`Category`.
    category: Mapped[str] = mapped_column(String(20), primary_key=True)

    def __repr__(self) -> str:
        return f"<VolunteerCategory {self.person_id} {self.category}>"
