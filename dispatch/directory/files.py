"""An uploaded file of offers, whatever it is: a CSV file, or an HSDS 3.0 package as zip."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Kommune

from . import hsds
from .importer import OfferImport, plan_csv


def plan(session: Session, kommune: Kommune, data: bytes) -> OfferImport:
    """A CSV file's bytes, or an HSDS package (a zip): what importing it would do."""
    if data[:4] == b"PK\x03\x04":
        return hsds.plan_package(session, kommune, data)
    return plan_csv(session, kommune, data)
