"""The Kommune's vocabulary for its directory: topics and target groups (HSDS
``taxonomy_term``), with a German default set, and the words that name a topic by phone
and SMS as data."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, utcnow
from .organization import new_uuid


class TermKind(StrEnum):
    TOPIC = "topic"
    TARGET_GROUP = "target_group"


#: code, name, speech stems (normalised: lower case, no umlaut dots). The code is also
#: the SMS keyword ("INFO PFLEGE").
DEFAULT_TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pflege", "Pflege und Betreuung", ("pfleg", "betreu", "demenz", "haushaltshilf")),
    ("beratung", "Beratung", ("berat", "antrag", "rente", "sozialamt")),
    ("treffpunkte", "Treffpunkte und Vereine", ("treff", "verein", "begegn", "club", "kaffee")),
    ("essen", "Essen und Einkaufen", ("essen", "mittag", "einkauf", "lebensmittel", "tafel")),
    ("fahrdienste", "Fahrdienste", ("fahr", "transport", "taxi", "bus")),
    ("gesundheit", "Gesundheit", ("gesund", "arzt", "krank", "therap", "sport")),
    ("selbsthilfe", "Selbsthilfe", ("selbsthilf", "gruppe")),
)
DEFAULT_TARGET_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("aeltere", "Ältere Menschen", ("alter", "alt", "senior")),
    ("angehoerige", "Pflegende Angehörige", ("angehorig",)),
    ("behinderung", "Menschen mit Behinderung", ("behinder",)),
    ("familien", "Familien", ("famil", "kind", "eltern")),
)
DEFAULTS = {TermKind.TOPIC: DEFAULT_TOPICS, TermKind.TARGET_GROUP: DEFAULT_TARGET_GROUPS}


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_terms"
    __table_args__ = (UniqueConstraint("kommune_id", "kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Kommune whose vocabulary it is.
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"))
    #: topic or target_group (:class:`TermKind`).
    kind: Mapped[str] = mapped_column(String(12))
    #: Short ASCII key, lower case; for topics the SMS keyword ("pflege").
    code: Mapped[str] = mapped_column(String(40))
    #: Name as people read and hear it ("Pflege und Betreuung").
    name: Mapped[str] = mapped_column(String(80))
    #: Word stems that name it in speech or an SMS (normalised, see prompts.text).
    stems: Mapped[list[str]] = mapped_column(default=list)
    #: Order in menus and lists.
    position: Mapped[int] = mapped_column(default=0)
    #: HSDS ``taxonomy_term.id`` (a UUID).
    hsds_id: Mapped[str] = mapped_column(String(36), default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<TaxonomyTerm {self.id} {self.kind} {self.code}>"

    @property
    def keyword(self) -> str:
        """How an SMS names it: "PFLEGE"."""
        return self.code.upper()


def ensure_defaults(session: Session, kommune_id: int) -> list[TaxonomyTerm]:
    """Give a Kommune the German default topics and target groups unless it has terms of
    that kind already; returns the terms created."""
    created = []
    for kind, defaults in DEFAULTS.items():
        have = session.scalar(
            select(TaxonomyTerm.id).where(
                TaxonomyTerm.kommune_id == kommune_id, TaxonomyTerm.kind == kind
            )
        )
        if have is not None:
            continue
        for position, (code, name, stems) in enumerate(defaults):
            term = TaxonomyTerm(
                kommune_id=kommune_id,
                kind=kind,
                code=code,
                name=name,
                stems=list(stems),
                position=position,
            )
            session.add(term)
            created.append(term)
    return created
