"""Staff keep the directory: an offer added or changed from the dashboard's form, through
the same checks as an import (opening hours, numbers, addresses, the vocabulary)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import Angebot, AngebotHours, Kommune, TaxonomyTerm

from .importer import split_address, split_list
from .vocabulary import Vocabulary


def save_offer(
    session: Session,
    kommune: Kommune,
    offer: Angebot | None,
    values: dict[str, Any],
    terms: list[TaxonomyTerm],
) -> tuple[Angebot, list[str]]:
    """Create or change an offer from checked form values; returns it and what changed.
    ``values``: name, organization, summary, description, districts (text), address (text),
    phone (E.164 or None), hours ([(weekday, opens, closes)], note), website, email,
    languages, cost, accessibility."""
    vocabulary = Vocabulary.load(session, kommune.id)
    if offer is None:
        offer = Angebot(kommune_id=kommune.id, name=values["name"])
        session.add(offer)
    changed: list[str] = []

    def put(key: str, value: Any) -> None:
        if getattr(offer, key) != value:
            setattr(offer, key, value)
            changed.append(key)

    for key in ("name", "summary", "description", "phone", "website", "email", "languages"):
        put(key, values[key])
    for key in ("cost", "accessibility"):
        put(key, values[key])
    street, postal_code, city = split_address(values["address"])
    put("street", street)
    put("postal_code", postal_code)
    put("city", city)
    org_name = values["organization"]
    org = vocabulary.organization(org_name) if org_name else None
    if (offer.organization.name if offer.organization else "") != (org.name if org else ""):
        offer.organization = org
        changed.append("organization")
    districts = [vocabulary.district(d) for d in split_list(values["districts"].replace(",", ";"))]
    vocabulary.save(session)
    if {d.id for d in offer.districts} != {d.id for d in districts}:
        offer.districts = districts
        changed.append("districts")
    if {t.id for t in offer.terms} != {t.id for t in terms}:
        offer.terms = terms
        changed.append("terms")
    spans, note = values["hours"]
    if sorted((h.weekday, h.opens, h.closes) for h in offer.hours) != sorted(spans):
        offer.hours = [AngebotHours(weekday=d, opens=o, closes=c) for d, o, c in sorted(set(spans))]
        changed.append("hours")
    put("hours_note", note)
    session.flush()
    return offer, changed
