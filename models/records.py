"""The Servicepunkt's records of a volunteer's recognition: the Kommune's checklist (the
Land's conditions, e.g. NRW's AnFöVO §11), what staff confirmed per volunteer, trainings,
and what a category requires before a volunteer is offered it. Documents are never stored:
staff record that they saw them, when and who."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:
    from .staff import StaffUser

#: The requirement a category can name besides a checklist item: a Führungszeugnis younger
#: than the Kommune's period (``Kommune.clearance_years``).
CLEARANCE = "clearance"


class ChecklistItem(Base):
    """One condition of the Kommune's recognition checklist."""

    __tablename__ = "checklist_items"
    __table_args__ = (UniqueConstraint("kommune_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose checklist it is.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id", ondelete="CASCADE"))
    #: Short stable name (a preset's, or made from the title), used by requirements.
    key: Mapped[str] = mapped_column(String(40))
    #: What staff confirm ("Nicht in häuslicher Gemeinschaft mit der unterstützten Person").
    title: Mapped[str] = mapped_column(String(200))
    #: Where it comes from or how to check it.
    hint: Mapped[str] = mapped_column(Text, default="")
    #: A course of this many hours (Länder that require one); ``None``: no course.
    course_hours: Mapped[int | None]
    #: A confirmation expires after this many months; ``None``: it does not.
    valid_months: Mapped[int | None]
    #: Order on the checklist.
    position: Mapped[int] = mapped_column(default=0)
    #: When it was added.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ChecklistItem {self.id} {self.key!r} kommune={self.kommune_id}>"


class VolunteerCheck(Base):
    """Staff confirmed one checklist item for one volunteer."""

    __tablename__ = "volunteer_checks"
    __table_args__ = (UniqueConstraint("person_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The volunteer.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: The checklist item.
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_items.id", ondelete="CASCADE"))
    #: The day it was confirmed (or the course taken).
    confirmed_on: Mapped[date]
    #: The first day it no longer counts (from the item's ``valid_months``); ``None``: never.
    expires_on: Mapped[date | None]
    #: The staff member who confirmed it.
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: When it was recorded.
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ChecklistItem] = relationship()
    confirmed_by: Mapped[StaffUser | None] = relationship()

    def __repr__(self) -> str:
        return f"<VolunteerCheck person={self.person_id} item={self.item_id}>"


class Training(Base):
    """A training a volunteer took (title, day, hours)."""

    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The volunteer.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: What it was ("Erste Hilfe", "Demenz verstehen").
    title: Mapped[str] = mapped_column(String(200))
    #: The day it took place.
    taken_on: Mapped[date]
    #: How long, in minutes.
    minutes: Mapped[int] = mapped_column(default=0)
    #: Who recorded it.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    #: When it was recorded.
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Training {self.id} person={self.person_id} {self.title!r}>"


class CategoryRequirement(Base):
    """A category the Kommune offers only to volunteers who meet ``requirement`` (a checklist
    item's key, or :data:`CLEARANCE`)."""

    __tablename__ = "category_requirements"
    __table_args__ = (UniqueConstraint("kommune_id", "category", "requirement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id", ondelete="CASCADE"))
    #: One of :class:`~models.person.Category`.
    category: Mapped[str] = mapped_column(String(20))
    #: A checklist item's key, or :data:`CLEARANCE`.
    requirement: Mapped[str] = mapped_column(String(40))

    def __repr__(self) -> str:
        return f"<CategoryRequirement {self.category} needs {self.requirement}>"
