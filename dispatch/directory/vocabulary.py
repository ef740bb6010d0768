"""A Kommune's topics, target groups and districts: found by what people write, made when
new."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import District, Organization, TaxonomyTerm, TermKind
from models.folding import fold, fold_words
from models.taxonomy import ensure_defaults
from prompts.text import normalize


def code_for(name: str) -> str:
    """An ASCII code for a new term: its first word folded ("Sport und Spiel" → "sport")."""
    words = fold_words(name)
    return (words[0] if words else "thema")[:40]


def stems_for(name: str) -> list[str]:
    """Speech stems for a new term: its longer words, normalised ("Sport im Park" →
    ["sport", "park"])."""
    return [w for w in re.findall(r"[a-z]+", normalize(name)) if len(w) >= 4][:6]


@dataclass
class Vocabulary:
    """The Kommune's terms and districts, looked up by folded name; what an import adds
    is kept apart until :meth:`save`."""

    kommune_id: int
    terms: dict[str, list[TaxonomyTerm]] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    new_terms: list[TaxonomyTerm] = field(default_factory=list)
    new_districts: list[District] = field(default_factory=list)
    new_organizations: list[Organization] = field(default_factory=list)
    #: (kind, text as written) → term, for files that name the same topic thousands of times.
    _seen: dict[tuple[str, str], TaxonomyTerm] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, kommune_id: int) -> Vocabulary:
        ensure_defaults(session, kommune_id)
        session.flush()
        vocab = cls(kommune_id)
        for term in session.scalars(
            select(TaxonomyTerm)
            .where(TaxonomyTerm.kommune_id == kommune_id)
            .order_by(TaxonomyTerm.position, TaxonomyTerm.id)
        ):
            vocab.terms.setdefault(term.kind, []).append(term)
        for district in session.scalars(select(District).where(District.kommune_id == kommune_id)):
            vocab.districts[district.key] = district
        for org in session.scalars(
            select(Organization).where(Organization.kommune_id == kommune_id)
        ):
            vocab.organizations.setdefault(org.key, org)
        return vocab

    def term(self, kind: str, text: str, hsds_id: str | None = None) -> TaxonomyTerm:
        """The term ``text`` names (by name or code, else by its stems), or a new one."""
        found = self._seen.get((kind, text))
        if found is not None:
            return found
        found = self._term(kind, text, hsds_id)
        self._seen[(kind, text)] = found
        return found

    def _term(self, kind: str, text: str, hsds_id: str | None) -> TaxonomyTerm:
        key = " ".join(fold_words(text))
        terms = self.terms.setdefault(kind, [])
        for term in terms:
            if key in (" ".join(fold_words(term.name)), fold(term.code)):
                return term
        words = fold_words(text)
        if len(words) == 1:  # one word ("Pflege"): the term it is a word of
            for term in terms:
                if any(words[0].startswith(fold(s)) for s in term.stems):
                    return term
        taken = {t.code for t in terms}
        code = code_for(text)
        while code in taken:
            code = f"{code[:36]}{len(taken)}"
        term = TaxonomyTerm(
            kommune_id=self.kommune_id,
            kind=kind,
            code=code,
            name=" ".join(text.split())[:80],
            stems=stems_for(text),
            position=len(terms) + 100,
        )
        if hsds_id:
            term.hsds_id = hsds_id
        terms.append(term)
        self.new_terms.append(term)
        return term

    def district(self, name: str) -> District:
        key = " ".join(fold_words(name))[:80]
        found = self.districts.get(key)
        if found is None:
            found = District(kommune_id=self.kommune_id, name=" ".join(name.split())[:80], key=key)
            self.districts[key] = found
            self.new_districts.append(found)
        return found

    def organization(self, name: str, hsds_id: str | None = None, **values: str) -> Organization:
        key = " ".join(fold_words(name))[:200]
        found = self.organizations.get(key)
        if found is None:
            found = Organization(
                kommune_id=self.kommune_id, name=" ".join(name.split())[:200], key=key, **values
            )
            if hsds_id:
                found.hsds_id = hsds_id
            self.organizations[key] = found
            self.new_organizations.append(found)
        return found

    def save(self, session: Session) -> None:
        """Add what is new (the caller commits)."""
        session.add_all(self.new_terms + self.new_districts + self.new_organizations)
        session.flush()


def topics_with_offers(session: Session, kommune_id: int, limit: int = 6) -> list[TaxonomyTerm]:
    """The Kommune's topics that have active offers, in their order (for the phone menu):
    per topic the first active offer found through the index, not every offer."""
    from models import Angebot, AngebotStatus
    from models.angebot import angebot_terms

    has_offers = (
        select(angebot_terms.c.angebot_id)
        .join(Angebot, Angebot.id == angebot_terms.c.angebot_id)
        .where(angebot_terms.c.term_id == TaxonomyTerm.id, Angebot.status == AngebotStatus.ACTIVE)
        .exists()
    )
    return list(
        session.scalars(
            select(TaxonomyTerm)
            .where(
                TaxonomyTerm.kommune_id == kommune_id,
                TaxonomyTerm.kind == TermKind.TOPIC,
                has_offers,
            )
            .order_by(TaxonomyTerm.position, TaxonomyTerm.id)
            .limit(limit)
        )
    )


def _read_terms(session: Session, kommune_id: int) -> dict[str, list[TaxonomyTerm]]:
    terms: dict[str, list[TaxonomyTerm]] = {TermKind.TOPIC: [], TermKind.TARGET_GROUP: []}
    for term in session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.kommune_id == kommune_id)
        .order_by(TaxonomyTerm.position, TaxonomyTerm.id)
    ):
        terms.setdefault(term.kind, []).append(term)
    return terms


def all_terms(session: Session, kommune_id: int) -> dict[str, list[TaxonomyTerm]]:
    """The Kommune's terms by kind, in their order (one query; the German defaults are
    added for a Kommune that has no terms of a kind yet)."""
    terms = _read_terms(session, kommune_id)
    if not all(terms.values()) and ensure_defaults(session, kommune_id):
        session.flush()
        terms = _read_terms(session, kommune_id)
    return terms


def terms_of(session: Session, kommune_id: int, kind: str) -> list[TaxonomyTerm]:
    return all_terms(session, kommune_id)[kind]


def districts_of(session: Session, kommune_id: int) -> list[District]:
    return list(
        session.scalars(
            select(District).where(District.kommune_id == kommune_id).order_by(District.name)
        )
    )


def district_named(session: Session, kommune_id: int, text: str) -> District | None:
    """The district ``text`` names (folded exactly, else the one whose name it contains)."""
    key = " ".join(fold_words(text))
    if not key:
        return None
    found = session.scalar(
        select(District).where(District.kommune_id == kommune_id, District.key == key)
    )
    if found is not None:
        return found
    words = set(fold_words(text))
    candidates = [
        d
        for d in districts_of(session, kommune_id)
        if d.key and set(d.key.split()) <= words and len(d.key) >= 3
    ]
    candidates.sort(key=lambda d: -len(d.key))
    return candidates[0] if candidates else None


def count_districts(session: Session, kommune_id: int) -> int:
    return int(
        session.scalar(select(func.count(District.id)).where(District.kommune_id == kommune_id))
        or 0
    )
