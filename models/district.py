"""A district (Ortsteil, Quartier) of a Kommune, as the directory knows it: offers name the
districts they serve, searches and figures count per district."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class District(Base):
    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("kommune_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune it belongs to.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: Name as people write it ("Süd", "Ober-Unterdorf").
    name: Mapped[str] = mapped_column(String(80))
    #: The name folded (:func:`models.folding.fold`): the same district however spelled.
    key: Mapped[str] = mapped_column(String(80))

    def __repr__(self) -> str:
        return f"<District {self.id} {self.name!r}>"
