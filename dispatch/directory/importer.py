"""Import offers into a Kommune's directory, from a CSV file (``offers import FILE``) or an
HSDS 3.0 tabular data package (:mod:`dispatch.directory.hsds`), with a preview.

Like the people import: :func:`plan` reads every row and works out what would change;
:meth:`OfferImport.apply` writes it — only when no row has an error, all in one
transaction, with bulk statements (24,000 rows in seconds). Importing again updates an
offer instead of adding it twice: it is found by its HSDS id, else by name, organisation
and address (folded: "Straße"/"Strasse", umlauts or not).

Rules where the issue is silent:

- A column the file leaves out keeps what is stored; an empty cell clears the field,
  except ``status`` and ``checked`` (staff set those in the dashboard too), where an empty
  cell keeps what is stored. A new offer is active; its "zuletzt geprüft" is the file's.
- Topics and target groups are found in the Kommune's vocabulary by name, code or their
  words ("Pflege" is "Pflege und Betreuung"); a new one is added and named in the result.
  Districts are added as they come.
- Opening hours are weekday ranges ("Mo-Fr 9-12, Di 14-18"); "nach Vereinbarung" and the
  like are kept as a note beside them, "rund um die Uhr" is every day 0-24.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from models import (
    Angebot,
    AngebotHours,
    AngebotStatus,
    AuditEntry,
    District,
    Kommune,
    Organization,
    TaxonomyTerm,
    TermKind,
    utcnow,
    week,
)
from models import phone as phones
from models.angebot import angebot_districts, angebot_terms, offer_key, search_fields
from models.organization import new_uuid
from models.staff import EMAIL
from prompts import directory as T
from prompts import people as P

from ..importer import _CONTROL, _lookup, _read_text, _shown, parse_language
from .vocabulary import Vocabulary

MAX_ROWS = 50_000
#: Longest text per field, as the database stores it (a longer cell is an error).
LIMITS = {
    "name": 200,
    "organization": 200,
    "summary": 300,
    "description": 8000,
    "address": 300,
    "website": 300,
    "email": 200,
    "cost": 300,
    "accessibility": 300,
    "hours": 300,
    "hsds_id": 36,
    "street": 200,
    "postal_code": 10,
    "city": 80,
    "hours_note": 200,
}
MAX_CELL = 2000
_CHUNK = 1000

REQUIRED = (
    "name",
    "organization",
    "description",
    "topics",
    "target_groups",
    "districts",
    "address",
    "phone",
    "hours",
    "website",
    "email",
)
HEADER_ALIASES = {
    "name": ("name", "angebot", "bezeichnung", "titel"),
    "organization": (
        "organization",
        "organisation",
        "träger",
        "traeger",
        "anbieter",
        "einrichtung",
    ),
    "description": ("description", "beschreibung", "langbeschreibung"),
    "summary": ("summary", "kurzbeschreibung", "kurz"),
    "topics": ("topics", "themen", "thema", "kategorien", "kategorie"),
    "target_groups": ("target_groups", "zielgruppen", "zielgruppe"),
    "districts": ("district", "districts", "ortsteil", "ortsteile", "quartier", "stadtteil"),
    "address": ("address", "adresse", "anschrift"),
    "phone": ("phone", "telefon", "tel", "tel.", "telefonnummer", "rufnummer"),
    "hours": ("opening_hours", "öffnungszeiten", "oeffnungszeiten", "sprechzeiten", "zeiten"),
    "website": ("website", "webseite", "internet", "homepage", "url", "web"),
    "email": ("email", "e-mail", "mail", "e-mail-adresse"),
    "languages": ("languages", "sprachen", "sprache"),
    "cost": ("cost", "kosten", "preis", "gebühr", "gebühren"),
    "accessibility": ("accessibility", "barrierefreiheit", "barrierefrei", "zugang"),
    "status": ("status",),
    "checked_on": (
        "checked",
        "zuletzt geprüft",
        "zuletzt geprueft",
        "geprüft",
        "geprueft",
        "geprüft am",
    ),
    "hsds_id": ("id", "hsds_id", "kennung"),
}
STATUS_ALIASES = {
    AngebotStatus.ACTIVE: ("active", "aktiv", "offen", "ja"),
    AngebotStatus.PAUSED: (
        "paused",
        "pausiert",
        "pause",
        "inactive",
        "temporarily closed",
        "vorübergehend geschlossen",
    ),
    AngebotStatus.RETIRED: ("retired", "eingestellt", "defunct", "beendet", "geschlossen"),
}
#: Hours that are no weekday range: kept as a note.
NOTE_PHRASES = re.compile(
    r"(termine\s+)?(nach\s+(telefonischer\s+)?(vereinbarung|absprache)|auf\s+anfrage)",
    re.IGNORECASE,
)
ALWAYS = re.compile(r"^(rund um die uhr|24\s*stunden|24/7|immer)$", re.IGNORECASE)
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")
WEBSITE = re.compile(r"(https?://)?[^\s/@]+\.[^\s/@]{2,}(/\S*)?", re.IGNORECASE)

#: Fields compared to see whether an offer changes (per column of the file).
SCALARS = (
    "name",
    "summary",
    "description",
    "phone",
    "website",
    "email",
    "languages",
    "cost",
    "accessibility",
)


@lru_cache(maxsize=20_000)
def _phone(raw: str) -> str | None:
    """E.164 of a number as written (remembered: a directory repeats its numbers)."""
    return phones.parse_or_none(raw)


@lru_cache(maxsize=5_000)
def parse_opening_hours(text: str) -> tuple[list[tuple[int, int, int]], str] | None:
    """ "Mo-Fr 9-12, Di 14-18" → ([(weekday, opens, closes), …] in minutes, note); the note
    keeps "nach Vereinbarung" and the like. ``None`` when unreadable."""
    text = " ".join(text.split())
    if not text:
        return [], ""
    if ALWAYS.match(text):
        return [(day, 0, 24 * 60) for day in range(7)], ""
    note = ""
    found = NOTE_PHRASES.search(text)
    if found:
        note = found.group(0)
        text = (text[: found.start()] + " " + text[found.end() :]).strip(" ,;")
        if not text:
            return [], note
    try:
        hours = week.parse_week(text)
    except week.HoursError:
        return None
    spans = {
        (day, opens, closes) for day, day_spans in hours.items() for opens, closes in day_spans
    }
    return sorted(spans), note


def split_address(text: str) -> tuple[str, str, str]:
    """ "Lange Straße 45, 33129 Delbrück" → (street, postal code, town)."""
    text = " ".join(text.split())
    m = re.fullmatch(r"(?:(.*?),?\s+)?(\d{5})\s+(.+)", text)
    if m:
        return (m.group(1) or "").strip(" ,"), m.group(2), m.group(3).strip()
    if "," in text:
        street, town = text.rsplit(",", 1)
        return street.strip(), "", town.strip()
    return text, "", ""


def parse_day(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def website(text: str) -> str | None:
    text = text.strip()
    if not text:
        return ""
    if not WEBSITE.fullmatch(text):
        return None
    return text if re.match(r"https?://", text, re.IGNORECASE) else "https://" + text


def split_list(text: str) -> list[str]:
    items = [" ".join(x.split()) for x in re.split(r"[;|]", text)]
    return list(dict.fromkeys(x for x in items if x))


@dataclass
class OfferRow:
    #: Row number as a spreadsheet shows it (header = 1), of the file named in ``source``.
    line: int
    #: The checked values (see :func:`check_values`); ``terms`` holds TaxonomyTerm objects.
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    #: create / update / unchanged
    action: str = ""
    angebot_id: int | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class OfferImport:
    kommune_id: int
    #: The fields the file gives (a field it leaves out keeps what is stored).
    columns: set[str] = field(default_factory=set)
    rows: list[OfferRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    vocabulary: Vocabulary | None = None

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[OfferRow]:
        return [r for r in self.rows if r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
        }

    @property
    def new_terms(self) -> list[str]:
        if self.vocabulary is None:
            return []
        return [t.name for t in self.vocabulary.new_terms]

    def summary(self) -> str:
        if self.file_errors:
            return str(P.RESULT_FILE_ERRORS)
        if self.error_rows:
            return P.RESULT_ERRORS(count=len(self.error_rows))
        text = T.RESULT(**self.counts())
        if self.new_terms:
            text += " " + T.RESULT_NEW_TERMS(terms=", ".join(self.new_terms))
        return text

    def apply(self, session: Session, staff_user_id: int | None = None) -> dict[str, int]:
        """Write the plan (all or nothing) with bulk statements; the caller commits."""
        if not self.ok or self.vocabulary is None:
            raise ValueError("an import with errors cannot be applied")
        self.vocabulary.save(session)
        existing = _snapshots(
            session, self.kommune_id, [r.angebot_id for r in self.rows if r.angebot_id]
        )
        now = utcnow()
        creates = [r for r in self.rows if r.action == "create"]
        updates = [r for r in self.rows if r.action == "update"]
        for i in range(0, len(creates), _CHUNK):
            chunk = creates[i : i + _CHUNK]
            rows = [
                {
                    **_columns(r.values, None, self.columns, now, new=True),
                    "kommune_id": self.kommune_id,
                }
                for r in chunk
            ]
            session.connection().execute(insert(Angebot.__table__), rows)
            # Each new row carries its own HSDS id: read the ids back by it (one query a
            # chunk; RETURNING in a guaranteed order would cost SQLite one statement a row).
            by_hsds = dict(
                session.execute(
                    select(Angebot.hsds_id, Angebot.id).where(
                        Angebot.kommune_id == self.kommune_id,
                        Angebot.hsds_id.in_([r["hsds_id"] for r in rows]),
                    )
                ).all()
            )
            ids = [by_hsds[r["hsds_id"]] for r in rows]
            for row, angebot_id in zip(chunk, ids, strict=True):
                row.angebot_id = angebot_id
            _write_links(session, chunk, self.columns, replace=False)
        if updates:
            for i in range(0, len(updates), _CHUNK):
                chunk = updates[i : i + _CHUNK]
                rows = [
                    {
                        "id": r.angebot_id,
                        **_columns(r.values, existing[r.angebot_id], self.columns, now),
                    }
                    for r in chunk
                ]
                session.execute(update(Angebot), rows)  # by primary key, in batches
                _write_links(session, chunk, self.columns, replace=True)
        counts = self.counts()
        session.add(
            AuditEntry(
                staff_user_id=staff_user_id,
                kommune_id=self.kommune_id,
                action="import",
                subject_type="angebot",
                detail={**counts, "new_terms": self.new_terms},
            )
        )
        session.flush()
        refresh_statistics(session)
        session.expire_all()
        return counts


#: The directory's tables, whose sizes the query planner should know after an import.
_TABLES = ("angebote", "angebot_terms", "angebot_districts", "angebot_hours")


def refresh_statistics(session: Session) -> None:
    """Tell the database's planner how large the directory has become (``ANALYZE``), as
    PostgreSQL's autovacuum would after a while; SQLite has no such daemon, and without
    statistics it drives a filtered search from the Kommune's whole list of offers instead
    of the short list of a district or topic."""
    for name in _TABLES:
        session.execute(sql_text(f"ANALYZE {name}"))


# --- reading a CSV file ------------------------------------------------------------------------


def plan_csv(session: Session, kommune: Kommune, data: bytes) -> OfferImport:
    result = OfferImport(kommune_id=kommune.id)
    try:
        text = _read_text(data)
    except ValueError:
        result.file_errors.append(str(T.IMPORT_NOT_READABLE))
        return result
    if "\x00" in text:
        result.file_errors.append(str(T.IMPORT_NOT_READABLE))
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns, names = _read_header(next(reader), result.file_errors)
    except (StopIteration, csv.Error):
        result.file_errors.append(str(P.IMPORT_NO_HEADER))
        return result
    if result.file_errors:
        return result
    result.columns = {c for c in columns if c} - {"hsds_id"}
    raw_rows: list[tuple[int, dict[str, str]]] = []
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(raw_rows) >= MAX_ROWS:
                result.file_errors.append(T.IMPORT_TOO_BIG(max=MAX_ROWS))
                return result
            if len(cells) != len(columns):
                row = OfferRow(line=line, values={})
                row.errors.append(P.ROW_COLUMNS(found=len(cells), expected=len(columns)))
                result.rows.append(row)
                continue
            raw_rows.append(
                (line, {key: cell for key, cell in zip(columns, cells, strict=True) if key})
            )
    except csv.Error:
        result.file_errors.append(str(T.IMPORT_NOT_READABLE))
        return result
    vocabulary = Vocabulary.load(session, kommune.id)
    for line, raw in raw_rows:
        result.rows.append(check_values(line, raw, names, vocabulary))
    resolve(session, result, vocabulary)
    return result


def _read_header(cells: list[str], errors: list[str]) -> tuple[list[str | None], dict[str, str]]:
    columns: list[str | None] = []
    names: dict[str, str] = {}
    unknown, twice = [], []
    for raw in cells:
        written = " ".join(raw.split())
        key = _lookup(HEADER_ALIASES, written)
        if key is None and written:
            unknown.append(_shown(written))
        elif key in names:
            twice.append(f"{names[key]}/{written}")
            key = None
        elif key is not None:
            names[key] = written
        columns.append(key)
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        errors.append(P.IMPORT_MISSING_COLUMNS(columns=", ".join(missing)))
    if unknown:
        errors.append(P.IMPORT_UNKNOWN_COLUMNS(columns=", ".join(unknown)))
    if twice:
        errors.append(P.IMPORT_DUPLICATE_COLUMNS(columns=", ".join(twice)))
    return columns, names


def check_values(
    line: int, raw: dict[str, Any], names: dict[str, str], vocabulary: Vocabulary
) -> OfferRow:
    """One row's cells (field → text; lists as ``;``-separated text or lists) checked and
    turned into values to store."""
    row = OfferRow(line=line, values={})
    errors = row.errors

    def column(key: str) -> str:
        return names.get(key) or str(T.FIELD.get(key, key))

    cells: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(value, str | None):  # lists and fields from an HSDS package
            cells[key] = value
            continue
        value = (value or "").strip()
        limit = LIMITS.get(key, MAX_CELL)
        if len(value) > limit:
            errors.append(P.ROW_TOO_LONG(column=column(key), max=limit))
            value = value[:limit]
        if _CONTROL.search(value):
            errors.append(P.ROW_CONTROL(column=column(key)))
        cells[key] = value

    values: dict[str, Any] = {}
    name = " ".join(cells.get("name", "").split())
    if not name:
        errors.append(str(T.ROW_NAME))
    values["name"] = name
    values["organization"] = " ".join(cells.get("organization", "").split())
    for key in ("summary", "description", "cost", "accessibility"):
        if key in cells:
            values[key] = (
                cells[key].strip() if key == "description" else " ".join(cells[key].split())
            )
    if "address" in cells:
        values["street"], values["postal_code"], values["city"] = split_address(cells["address"])
    elif "street" in cells:
        for key in ("street", "postal_code", "city"):
            values[key] = " ".join(cells.get(key, "").split())
    if "phone" in cells:
        values["phone"] = None
        if cells["phone"]:
            values["phone"] = _phone(cells["phone"])
            if values["phone"] is None:
                errors.append(T.ROW_PHONE(value=_shown(cells["phone"])))
    if "hours" in cells:
        hours = cells["hours"]
        if isinstance(hours, list):  # from HSDS: already spans
            values["hours"], values["hours_note"] = hours, cells.get("hours_note", "")
        else:
            parsed = parse_opening_hours(hours)
            if parsed is None:
                errors.append(T.ROW_HOURS(value=_shown(hours)))
            else:
                values["hours"], values["hours_note"] = parsed
    if "website" in cells:
        site = website(cells["website"])
        if site is None:
            errors.append(T.ROW_WEBSITE(value=_shown(cells["website"])))
        values["website"] = site or ""
    if "email" in cells:
        email = cells["email"].strip()
        if email and not EMAIL.fullmatch(email):
            errors.append(T.ROW_EMAIL(value=_shown(email)))
        values["email"] = email
    if "languages" in cells:
        codes, unknown = [], []
        items = cells["languages"]
        for token in items if isinstance(items, list) else re.split(r"[;|,/\s]+", items):
            if not token.strip():
                continue
            code = parse_language(token)
            if code is None:
                unknown.append(_shown(token))
            elif code not in codes:
                codes.append(code)
        if unknown:
            errors.append(T.ROW_LANGUAGE(value=", ".join(unknown)))
        values["languages"] = codes or ["de"]
    values["status"] = None
    if cells.get("status"):
        status = _lookup(STATUS_ALIASES, cells["status"])
        if status is None:
            errors.append(T.ROW_STATUS(value=_shown(cells["status"])))
        values["status"] = str(status) if status else None
    values["checked_on"] = None
    if cells.get("checked_on"):
        day = parse_day(cells["checked_on"])
        if day is None:
            errors.append(T.ROW_CHECKED(value=_shown(cells["checked_on"])))
        values["checked_on"] = day
    values["hsds_id"] = cells.get("hsds_id") or None
    if errors:
        return row

    terms: list[TaxonomyTerm] = []
    for key, kind in (("topics", TermKind.TOPIC), ("target_groups", TermKind.TARGET_GROUP)):
        if key in cells:
            items = cells[key] if isinstance(cells[key], list) else split_list(cells[key])
            for item in items:
                text, hsds_id = item if isinstance(item, tuple) else (item, None)
                term = vocabulary.term(kind, text, hsds_id)
                if term not in terms:
                    terms.append(term)
    if "topics" in cells or "target_groups" in cells:
        values["terms"] = terms
    if "districts" in cells:
        items = cells["districts"]
        items = items if isinstance(items, list) else split_list(items)
        values["districts"] = list(dict.fromkeys(vocabulary.district(d) for d in items))
    org = values["organization"]
    values["organization_obj"] = (
        vocabulary.organization(org, **cells.get("organization_fields", {})) if org else None
    )
    address = ", ".join(
        x
        for x in (
            values.get("street", ""),
            " ".join(x for x in (values.get("postal_code", ""), values.get("city", "")) if x),
        )
        if x
    )
    values["key"] = offer_key(name, org, address)
    row.values = values
    return row


# --- what changes -----------------------------------------------------------------------------------


def resolve(session: Session, result: OfferImport, vocabulary: Vocabulary) -> None:
    """Match each row to a stored offer (HSDS id, else name + organisation + address) and
    work out what changes."""
    result.vocabulary = vocabulary
    by_hsds: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for angebot_id, hsds_id, key in session.execute(
        select(Angebot.id, Angebot.hsds_id, Angebot.key).where(
            Angebot.kommune_id == result.kommune_id
        )
    ):
        by_hsds[hsds_id] = angebot_id
        by_key.setdefault(key, angebot_id)
    seen_key: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    matched: dict[int, OfferRow] = {}
    for row in result.rows:
        if row.errors:
            continue
        values = row.values
        if values["hsds_id"]:
            if values["hsds_id"] in seen_id:
                row.errors.append(T.ROW_ID_TWICE(line=seen_id[values["hsds_id"]]))
                continue
            seen_id[values["hsds_id"]] = row.line
        elif values["key"] in seen_key:
            row.errors.append(T.ROW_TWICE(line=seen_key[values["key"]]))
            continue
        seen_key.setdefault(values["key"], row.line)
        angebot_id = by_hsds.get(values["hsds_id"] or "") or by_key.get(values["key"])
        if angebot_id is None or angebot_id in matched:
            row.action = "create"
        else:
            matched[angebot_id] = row
            row.angebot_id = angebot_id
    snapshots = _snapshots(session, result.kommune_id, list(matched))
    for angebot_id, row in matched.items():
        row.changes = _compare(snapshots[angebot_id], row.values, result.columns)
        row.action = "update" if row.changes else "unchanged"


def _snapshots(session: Session, kommune_id: int, ids: list[int]) -> dict[int, dict[str, Any]]:
    """What is stored of these offers, as :func:`check_values` writes values."""
    out: dict[int, dict[str, Any]] = {}
    if not ids:
        return out
    wanted = sorted(set(ids))
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        for a, org_name in session.execute(
            select(Angebot, Organization.name)
            .outerjoin(Organization, Organization.id == Angebot.organization_id)
            .where(Angebot.id.in_(chunk))
            .execution_options(populate_existing=True)
        ):
            out[a.id] = {
                **{key: getattr(a, key) for key in SCALARS},
                "organization": org_name or "",
                "street": a.street,
                "postal_code": a.postal_code,
                "city": a.city,
                "hours_note": a.hours_note,
                "status": a.status,
                "checked_on": a.checked_on,
                "hsds_id": a.hsds_id,
                "terms": set(),
                "term_names": [],
                "districts": set(),
                "district_names": [],
                "hours": [],
            }
        for angebot_id, term_id, term_name in session.execute(
            select(angebot_terms.c.angebot_id, TaxonomyTerm.id, TaxonomyTerm.name)
            .join(TaxonomyTerm, TaxonomyTerm.id == angebot_terms.c.term_id)
            .where(angebot_terms.c.angebot_id.in_(chunk))
        ):
            out[angebot_id]["terms"].add(term_id)
            out[angebot_id]["term_names"].append(term_name)
        for angebot_id, district_id, district_name in session.execute(
            select(angebot_districts.c.angebot_id, District.id, District.name)
            .join(District, District.id == angebot_districts.c.district_id)
            .where(angebot_districts.c.angebot_id.in_(chunk))
        ):
            out[angebot_id]["districts"].add(district_id)
            out[angebot_id]["district_names"].append(district_name)
        for h in session.scalars(select(AngebotHours).where(AngebotHours.angebot_id.in_(chunk))):
            out[h.angebot_id]["hours"].append((h.weekday, h.opens, h.closes))
    for snapshot in out.values():
        snapshot["hours"].sort()
    return out


def _given(columns: set[str]) -> set[str]:
    """The stored fields the file's columns speak for."""
    fields = set(columns) & set(SCALARS)
    if "organization" in columns:
        fields.add("organization")
    if "address" in columns or "street" in columns:
        fields |= {"street", "postal_code", "city"}
    if "hours" in columns:
        fields |= {"hours", "hours_note"}
    if "topics" in columns or "target_groups" in columns:
        fields.add("terms")
    if "districts" in columns:
        fields.add("districts")
    return fields


def _compare(stored: dict[str, Any], values: dict[str, Any], columns: set[str]) -> list[str]:
    changed = []
    for key in sorted(_given(columns)):
        new = values.get(key)
        old = stored.get(key)
        if key == "terms":
            if any(t.id is None for t in new) or {t.id for t in new} != old:
                changed.append(key)
        elif key == "districts":
            if any(d.id is None for d in new) or {d.id for d in new} != old:
                changed.append(key)
        elif new != old:
            changed.append(key)
    for key in ("status", "checked_on"):
        if values.get(key) is not None and values[key] != stored[key]:
            changed.append(key)
    return changed


def _columns(
    values: dict[str, Any],
    stored: dict[str, Any] | None,
    columns: set[str],
    now: datetime,
    *,
    new: bool = False,
) -> dict[str, Any]:
    """The ``angebote`` columns a row writes: what the file gives, over what is stored."""
    given = _given(columns)
    base: dict[str, Any] = dict(stored or {})
    if new:
        base.update(
            summary="",
            description="",
            street="",
            postal_code="",
            city="",
            phone=None,
            website="",
            email="",
            languages=["de"],
            cost="",
            accessibility="",
            hours_note="",
            term_names=[],
            district_names=[],
        )
    out: dict[str, Any] = {}
    for key in given - {"terms", "districts", "hours", "organization"}:
        out[key] = values.get(key, base.get(key))
    out["name"] = values["name"]
    if "organization" in given or new:
        org = values.get("organization_obj")
        out["organization_id"] = org.id if org is not None else None
    org_name = values["organization"] if "organization" in given else base.get("organization", "")
    out["status"] = values.get("status") or base.get("status") or AngebotStatus.ACTIVE
    out["checked_on"] = values.get("checked_on") or base.get("checked_on")
    if new:
        out["hsds_id"] = values.get("hsds_id") or new_uuid()
        out["created_at"] = now
    out["updated_at"] = now
    merged = {**base, **out}
    term_names = (
        [t.name for t in values["terms"]] if "terms" in given else base.get("term_names", [])
    )
    district_names = (
        [d.name for d in values["districts"]]
        if "districts" in given
        else base.get("district_names", [])
    )
    town = " ".join(x for x in (merged.get("postal_code", ""), merged.get("city", "")) if x)
    address = ", ".join(x for x in (merged.get("street", ""), town) if x)
    out.update(
        search_fields(
            name=merged["name"],
            organization=org_name,
            terms=term_names,
            districts=district_names,
            summary=merged.get("summary", ""),
            description=merged.get("description", ""),
            address=address,
        )
    )
    return out


def _write_links(session: Session, rows: list[OfferRow], columns: set[str], replace: bool) -> None:
    given = _given(columns)
    ids = [r.angebot_id for r in rows]
    if "terms" in given:
        if replace:
            session.execute(delete(angebot_terms).where(angebot_terms.c.angebot_id.in_(ids)))
        links = [
            {"angebot_id": r.angebot_id, "term_id": t.id} for r in rows for t in r.values["terms"]
        ]
        if links:
            session.connection().execute(insert(angebot_terms), links)
    if "districts" in given:
        if replace:
            session.execute(
                delete(angebot_districts).where(angebot_districts.c.angebot_id.in_(ids))
            )
        links = [
            {"angebot_id": r.angebot_id, "district_id": d.id}
            for r in rows
            for d in r.values["districts"]
        ]
        if links:
            session.connection().execute(insert(angebot_districts), links)
    if "hours" in given:
        if replace:
            session.execute(delete(AngebotHours).where(AngebotHours.angebot_id.in_(ids)))
        spans = [
            {"angebot_id": r.angebot_id, "weekday": d, "opens": o, "closes": c}
            for r in rows
            for d, o, c in r.values["hours"]
        ]
        if spans:
            session.connection().execute(insert(AngebotHours.__table__), spans)
