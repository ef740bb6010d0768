"""An organisation that runs offers of the directory (HSDS ``organization``: a Träger)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


def new_uuid() -> str:
    """An HSDS identifier: a UUID as text."""
    return str(uuid.uuid4())


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (
        UniqueConstraint("kommune_id", "hsds_id"),
        Index("ix_organizations_kommune_key", "kommune_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose directory lists it.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: HSDS ``organization.id`` (a UUID), kept from an import or made here.
    hsds_id: Mapped[str] = mapped_column(String(36), default=new_uuid)
    #: Name as the organisation writes it ("Diakonie Musterstadt e.V.").
    name: Mapped[str] = mapped_column(String(200))
    #: The name folded for finding it again (:func:`models.folding.fold`).
    key: Mapped[str] = mapped_column(String(200))
    #: What it is (HSDS requires a description; may be empty here).
    description: Mapped[str] = mapped_column(Text, default="")
    #: Its website and e-mail address.
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"
