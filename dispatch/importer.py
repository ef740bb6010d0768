"""Import people from a CSV file (operator contract in DESIGN.md).

Two phases: :func:`plan` reads and checks every row and works out what would change;
:meth:`ImportPlan.apply` writes it — only when no row has an error, all in one
transaction. Importing the same file twice changes nothing the second time.

Rules where the contract is silent:

- A row's line number is the row number a spreadsheet shows (the header is row 1), so a
  cell with a line break in it does not shift the numbers of the rows after it.
- The file is the truth for the columns it has: an empty cell clears the field (or sets
  its default), except ``status``, where an empty cell keeps what is stored. A column the
  file leaves out keeps what is stored. A client row never touches what only volunteers
  have (categories, status, availability).
- A number whose person was erased is an error: the erased record is not filled again
  (the rest of the app no longer sees it), and a new one cannot share its number.
- The same number twice is one person when the rows agree on the person (name, district,
  address, languages, notes, contact way, salutation): a client row and a volunteer row
  merge, an identical row is ignored; anything else is an error.
- ``anrede`` (``called_as``) says how a person is addressed and named: ``Frau`` or ``Herr``
  (a volunteer is then named to clients as "Frau Muster", a client greeted so), or
  ``Vorname`` (a volunteer named by first name, a client greeted by full name); empty is
  ``Vorname``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import AuditEntry, Category, Channel, Kommune, Person, VolunteerStatus, week
from models import phone as phones
from models.person import ALL_DAYS, CalledAs
from prompts import people as T

from . import checkins

MAX_ROWS = 20_000
#: Longest text per column, as the database stores it.
LIMITS = {"name": 120, "district": 80, "address": 200, "notes": 2000}
#: Longest cell in any other column (roles, numbers, codes, times are short).
MAX_CELL = 200
#: How much of a wrong value an error message repeats.
SHOWN = 40

REQUIRED = ("role", "name", "phone", "district", "categories", "languages", "notes")

#: Header names people actually write, German first.
HEADER_ALIASES = {
    "role": ("role", "rolle", "art", "typ"),
    "name": ("name", "vor- und nachname", "vollständiger name"),
    "phone": ("phone", "telefon", "telefonnummer", "tel", "tel.", "rufnummer", "nummer", "handy"),
    "district": ("district", "ortsteil", "quartier", "stadtteil", "bezirk", "viertel"),
    "categories": ("categories", "kategorien", "kategorie", "hilfe", "hilfebereiche", "bereiche"),
    "languages": ("languages", "sprachen", "sprache"),
    "notes": ("notes", "notizen", "notiz", "bemerkungen", "bemerkung", "hinweise"),
    "address": ("address", "adresse", "anschrift"),
    "availability": ("availability", "verfügbarkeit", "verfuegbarkeit", "zeiten", "verfügbar"),
    "status": ("status",),
    "prefers": ("prefers", "kontaktweg", "kontakt", "bevorzugt", "erreichbar per"),
    "called_as": ("called_as", "anrede", "ansprache", "genannt als"),
    "checkin": ("checkin", "anrufzeit", "anrufkette", "täglicher anruf"),
    "contact_name": ("contact_name", "vertrauensperson"),
    "contact_phone": ("contact_phone", "telefon vertrauensperson", "vertrauensperson telefon"),
}

ROLE_ALIASES = {
    "client": (
        "client",
        "klient",
        "klientin",
        "klient*in",
        "klient:in",
        "senior",
        "seniorin",
        "hilfesuchend",
        "hilfesuchende",
        "hilfesuchender",
    ),
    "volunteer": (
        "volunteer",
        "helfer",
        "helferin",
        "helfende",
        "helfer*in",
        "helfer:in",
        "ehrenamtlich",
        "ehrenamtliche",
        "ehrenamtlicher",
        "freiwillig",
        "freiwillige",
    ),
}
CATEGORY_ALIASES = {
    Category.SHOPPING: ("shopping", "einkaufen", "einkauf", "einkäufe"),
    Category.DOG_WALKING: ("dog_walking", "hund", "hunde", "gassi", "hund ausführen"),
    Category.PHONE_CHAT: ("phone_chat", "telefon", "telefongespräch", "gespräch", "telefonat"),
    Category.OTHER: ("other", "sonstiges", "anderes", "andere"),
}
STATUS_ALIASES = {
    VolunteerStatus.ACTIVE: ("active", "aktiv"),
    VolunteerStatus.PENDING: ("pending", "wartend", "neu", "offen"),
    VolunteerStatus.PAUSED: ("paused", "pausiert", "pause"),
}
PREFERS_ALIASES = {Channel.SMS: ("sms",), Channel.CALL: ("call", "anruf", "telefon")}
#: ``anrede``: (salutation, how the person is named).
CALLED_AS_ALIASES = {
    ("", CalledAs.FIRST_NAME): ("vorname", "first", "first name", "first_name", "du"),
    ("Frau", CalledAs.SURNAME): ("frau", "fr.", "mrs", "ms"),
    ("Herr", CalledAs.SURNAME): ("herr", "hr.", "mr"),
}

#: What the person is, whatever their role; compared when a number comes twice.
PERSON_FIELDS = (
    "name",
    "district",
    "address",
    "languages",
    "notes",
    "prefers",
    "line_type",
    "salutation",
    "called_as",
    "checkin_slots",
    "contact_name",
    "contact_phone",
)
#: What only a volunteer row sets.
VOLUNTEER_FIELDS = ("available_days", "available_from", "available_until")
#: A volunteer in one of these keeps it, whatever the file says (staff or the person
#: decided; a re-import must not undo that).
STICKY = (VolunteerStatus.BLOCKED, VolunteerStatus.OPTED_OUT)
#: Control characters (no tab or line break): binary garbage, and invalid in TwiML/XML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Numbers looked up per query (well below SQLite's bound-parameter limit).
_CHUNK = 500


def _lookup(aliases: dict[Any, tuple[str, ...]], value: str) -> Any:
    v = " ".join(value.lower().split())
    for key, names in aliases.items():
        if v in names:
            return key
    return None


def _shown(value: str) -> str:
    """A wrong value as an error message repeats it: short, on one line."""
    value = " ".join(value.split())
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


@cache
def _language_codes() -> dict[str, str]:
    """ISO 639 codes and their German and English names (lower case) → code."""
    codes: dict[str, str] = {}
    for locale in ("en", "de"):
        for code, name in Locale.parse(locale).languages.items():
            if "_" not in code:
                codes[code.lower()] = code.lower()
                codes[name.lower()] = code.lower()
    return codes


def parse_language(text: str) -> str | None:
    """ "de", "DE", "de-DE", "Deutsch", "Türkisch" → ISO code; ``None`` if unknown."""
    text = " ".join(text.lower().split())
    m = re.fullmatch(r"([a-z]{2,3})[-_][a-z]{2}", text)
    return _language_codes().get(m.group(1) if m else text)


def parse_availability(text: str) -> tuple[int, int, int] | None:
    """ "Mo-Fr 9-17", "Mo;Mi;Fr", "Sa 10:00-14:00", "Montag bis Freitag 9.00 Uhr - 17.00 Uhr"
    (en dashes too) → (day bits, from hour, until hour); ``None`` when unreadable or when
    it names more than one span of hours (one span is all that is stored). The same
    reader as a Kommune's office hours (:mod:`models.week`)."""
    if not text.strip():
        return ALL_DAYS, 8, 20
    try:
        return week.availability(text)
    except week.HoursError:
        return None


@dataclass
class RowPlan:
    #: Row number as a spreadsheet shows it (header = 1).
    line: int
    #: ``phone``, ``is_client``, ``is_volunteer``, ``fields`` (column values to store),
    #: ``categories`` and ``status`` (as given, or ``None``).
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    #: create / update / unchanged / merged (same person as an earlier row)
    action: str = ""
    person_id: int | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    kommune_id: int
    rows: list[RowPlan] = field(default_factory=list)
    #: Problems with the file as a whole (encoding, header).
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.errors]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
        }

    def summary(self) -> str:
        if self.file_errors:
            return str(T.RESULT_FILE_ERRORS)
        if self.error_rows:
            return T.RESULT_ERRORS(count=len(self.error_rows))
        return T.RESULT(**self.counts())

    def apply(self, session: Session, staff_user_id: int | None = None) -> dict[str, int]:
        """Write the plan (all or nothing) and audit it; the caller commits.

        Every created or changed person gets an audit entry naming the changed fields
        (never their values), and the import as a whole one with the counts.
        """
        if not self.ok:
            raise ValueError("an import with errors cannot be applied")
        rows = [r for r in self.rows if r.action in ("create", "update")]
        existing = _people_by_phone(session, self.kommune_id, (r.values["phone"] for r in rows))
        written = []
        new_times = []
        for row in rows:
            person = existing.get(row.values["phone"])
            detail: dict[str, Any] = {"via": "import", "line": row.line}
            if person is None:
                person = Person(kommune_id=self.kommune_id, phone=row.values["phone"])
                session.add(person)
                changed = _compare(person, row.values, write=True)
                written.append((person, "create", detail))
            else:
                changed = _compare(person, row.values, write=True)
                detail["fields"] = changed
                written.append((person, "update", detail))
            if "checkin_slots" in changed:
                new_times.append(person)
        session.flush()
        for person in new_times:  # the check-in calls follow the new times
            checkins.reschedule(session, person)
        counts = self.counts()
        session.add_all(
            AuditEntry(
                staff_user_id=staff_user_id,
                kommune_id=self.kommune_id,
                action=action,
                subject_type="person",
                subject_id=person.id,
                person_id=person.id,
                detail=detail,
            )
            for person, action, detail in written
        )
        session.add(
            AuditEntry(
                staff_user_id=staff_user_id,
                kommune_id=self.kommune_id,
                action="import",
                subject_type="person",
                detail=counts,
            )
        )
        return counts


def _people_by_phone(
    session: Session, kommune_id: int, numbers: Iterable[str]
) -> dict[str, Person]:
    wanted = sorted(set(numbers))
    found: dict[str, Person] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        query = (
            select(Person)
            .where(Person.kommune_id == kommune_id, Person.phone.in_(chunk))
            .options(selectinload(Person.category_links))
        )
        found.update((p.phone, p) for p in session.scalars(query))
    return found


def _new_status(person: Person, values: dict[str, Any]) -> str | None:
    """The volunteer status after import: active unless the file says otherwise for a new
    volunteer; changed only when the file names one; never away from blocked or opted-out."""
    if not values["is_volunteer"]:
        return person.status
    if person.status is None:
        return values["status"] or VolunteerStatus.ACTIVE
    if values["status"] and person.status not in STICKY:
        return values["status"]
    return person.status


def _compare(person: Person, values: dict[str, Any], write: bool = False) -> list[str]:
    """What importing ``values`` changes on ``person`` (field names); ``write`` does it."""
    changed = [key for key, value in values["fields"].items() if getattr(person, key) != value]
    if (values["is_client"] and not person.is_client) or (
        values["is_volunteer"] and not person.is_volunteer
    ):
        changed.append("role")
    status = _new_status(person, values)
    if status != person.status:
        changed.append("status")
    if values["is_volunteer"] and person.categories != sorted(values["categories"]):
        changed.append("categories")
    if write:
        for key in changed:
            if key in values["fields"]:
                setattr(person, key, values["fields"][key])
        if status != person.status:
            person.status, person.status_reason = status, ""
        if values["is_client"]:
            person.is_client = True
        if values["is_volunteer"]:
            person.is_volunteer = True
            person.set_categories(values["categories"])
    return changed


def _read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("undecodable")


@dataclass
class _Header:
    #: The field each column holds (``None``: an empty header cell, ignored).
    columns: list[str | None]
    #: The header as the file writes it, per field (for messages).
    names: dict[str, str]


def _read_header(cells: list[str], errors: list[str]) -> _Header:
    header = _Header(columns=[], names={})
    unknown, twice = [], []
    for raw in cells:
        written = " ".join(raw.split())
        key = _lookup(HEADER_ALIASES, written)
        if key is None and written:
            unknown.append(_shown(written))
        elif key in header.names:
            twice.append(f"{header.names[key]}/{written}")
            key = None
        elif key is not None:
            header.names[key] = written
        header.columns.append(key)
    missing = [c for c in REQUIRED if c not in header.names]
    if missing:
        errors.append(T.IMPORT_MISSING_COLUMNS(columns=", ".join(missing)))
    if unknown:
        errors.append(T.IMPORT_UNKNOWN_COLUMNS(columns=", ".join(unknown)))
    if twice:
        errors.append(T.IMPORT_DUPLICATE_COLUMNS(columns=", ".join(twice)))
    return header


def plan(session: Session, kommune: Kommune, data: bytes) -> ImportPlan:
    """Read ``data`` (the file's bytes) and work out what importing it would do."""
    result = ImportPlan(kommune_id=kommune.id)
    try:
        text = _read_text(data)
    except ValueError:
        result.file_errors.append(str(T.IMPORT_NOT_CSV))
        return result
    if "\x00" in text:
        result.file_errors.append(str(T.IMPORT_NOT_CSV))
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _read_header(next(reader), result.file_errors)
    except (StopIteration, csv.Error):
        result.file_errors.append(str(T.IMPORT_NO_HEADER))
        return result
    if result.file_errors:
        return result

    seen: dict[str, RowPlan] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(result.rows) >= MAX_ROWS:
                result.file_errors.append(T.IMPORT_TOO_BIG(max=MAX_ROWS))
                return result
            row = _check_row(line, header, cells)
            result.rows.append(row)
            if row.errors:
                continue
            earlier = seen.get(row.values["phone"])
            if earlier is not None:
                _merge_duplicate(earlier, row)
            else:
                seen[row.values["phone"]] = row
    except csv.Error:
        result.file_errors.append(str(T.IMPORT_NOT_CSV))
        return result

    existing = _people_by_phone(session, kommune.id, seen)
    for phone, row in seen.items():
        person = existing.get(phone)
        if person is None:
            row.action = "create"
        elif person.erased_at is not None:
            row.errors.append(str(T.ROW_ERASED))
        else:
            row.person_id = person.id
            row.changes = _compare(person, row.values)
            row.action = "update" if row.changes else "unchanged"
    return result


def _volunteer_part(values: dict[str, Any]) -> tuple[Any, ...]:
    return (
        sorted(values["categories"]),
        values["status"],
        *(values["fields"].get(key) for key in VOLUNTEER_FIELDS),
    )


def _merge_duplicate(earlier: RowPlan, row: RowPlan) -> None:
    """The same number again: one person if the rows agree on who it is (a client who also
    helps, or the same row twice); an error otherwise."""
    a, b = earlier.values, row.values
    person_a = {k: v for k, v in a["fields"].items() if k in PERSON_FIELDS}
    person_b = {k: v for k, v in b["fields"].items() if k in PERSON_FIELDS}
    if "prefers" in person_a:  # one row may leave the contact way to the other
        prefers = person_a["prefers"] or person_b["prefers"]
        person_a["prefers"] = person_a["prefers"] or prefers
        person_b["prefers"] = person_b["prefers"] or prefers
    both_volunteer = a["is_volunteer"] and b["is_volunteer"]
    if person_a != person_b or (both_volunteer and _volunteer_part(a) != _volunteer_part(b)):
        row.errors.append(T.ROW_PHONE_TWICE(line=earlier.line))
        return
    volunteer = a if a["is_volunteer"] else b
    earlier.values = {
        **volunteer,
        "fields": {**a["fields"], **b["fields"], **person_a},
        "is_client": a["is_client"] or b["is_client"],
        "is_volunteer": a["is_volunteer"] or b["is_volunteer"],
    }
    row.action = "merged"


def _check_row(line: int, header: _Header, cells: list[str]) -> RowPlan:
    row = RowPlan(line=line, values={})
    errors = row.errors
    if len(cells) != len(header.columns):
        errors.append(T.ROW_COLUMNS(found=len(cells), expected=len(header.columns)))
        return row
    raw = {key: cell.strip() for key, cell in zip(header.columns, cells, strict=True) if key}
    for key, value in raw.items():
        limit = LIMITS.get(key, MAX_CELL)
        if len(value) > limit:
            errors.append(T.ROW_TOO_LONG(column=header.names[key], max=limit))
            raw[key] = value[:limit]
        if _CONTROL.search(value):
            errors.append(T.ROW_CONTROL(column=header.names[key]))

    role = _lookup(ROLE_ALIASES, raw["role"])
    if role is None:
        errors.append(T.ROW_ROLE(value=_shown(raw["role"])))
    name = " ".join(raw["name"].split())
    if not name:
        errors.append(str(T.ROW_NAME))
    try:
        phone = phones.parse(raw["phone"])
    except phones.InvalidNumber:
        errors.append(T.ROW_PHONE(value=_shown(raw["phone"])))
        phone = ""

    categories: list[str] = []
    unknown = []
    for token in re.split(r"[;|,]", raw["categories"]):
        if token.strip():
            category = _lookup(CATEGORY_ALIASES, token)
            if category is None:
                unknown.append(_shown(token))
            elif category not in categories:
                categories.append(str(category))
    if unknown:
        errors.append(T.ROW_CATEGORY(value=", ".join(unknown)))
    languages: list[str] = []
    unknown = []
    for token in re.split(r"[;|,/\s]+", raw["languages"]):
        if not token.strip():
            continue
        code = parse_language(token)
        if code is None:
            unknown.append(_shown(token))
        elif code not in languages:
            languages.append(code)
    if unknown:
        errors.append(T.ROW_LANGUAGE(value=", ".join(unknown)))

    status = None
    if raw.get("status"):
        status = _lookup(STATUS_ALIASES, raw["status"])
        if status is None:
            errors.append(T.ROW_STATUS(value=_shown(raw["status"])))
        elif role == "client":
            errors.append(str(T.ROW_STATUS_CLIENT))
    prefers = None
    if raw.get("prefers"):
        prefers = _lookup(PREFERS_ALIASES, raw["prefers"])
        if prefers is None:
            errors.append(T.ROW_PREFERS(value=_shown(raw["prefers"])))
    called_as = ("", CalledAs.FIRST_NAME)
    if raw.get("called_as"):
        called_as = _lookup(CALLED_AS_ALIASES, raw["called_as"])
        if called_as is None:
            errors.append(T.ROW_CALLED_AS(value=_shown(raw["called_as"])))
    availability = parse_availability(raw.get("availability", ""))
    if availability is None:
        errors.append(T.ROW_AVAILABILITY(value=_shown(raw["availability"])))
    if role == "volunteer" and not categories:
        errors.append(str(T.ROW_VOLUNTEER_NO_CATEGORY))
    checkin: list[list[int | str]] | None = None
    if raw.get("checkin"):
        try:
            checkin = [[day, hhmm] for day, hhmm in week.slots(raw["checkin"])]
        except week.HoursError:
            errors.append(T.ROW_CHECKIN(value=_shown(raw["checkin"])))
        if role != "client":
            errors.append(str(T.ROW_CHECKIN_CLIENT))
    contact_phone = None
    if raw.get("contact_phone"):
        try:
            contact_phone = phones.parse(raw["contact_phone"])
        except phones.InvalidNumber:
            errors.append(T.ROW_CONTACT_PHONE(value=_shown(raw["contact_phone"])))
    if errors:
        return row

    fields: dict[str, Any] = {
        "name": name,
        "district": " ".join(raw["district"].split()),
        "languages": languages or ["de"],
        "notes": raw["notes"],
        "line_type": str(phones.line_type(phone)),
    }
    if "address" in raw:
        fields["address"] = " ".join(raw["address"].split())
    if "prefers" in raw:
        fields["prefers"] = str(prefers) if prefers else None
    if "called_as" in raw and called_as is not None:
        fields["salutation"], fields["called_as"] = called_as[0], str(called_as[1])
    if "checkin" in raw:
        fields["checkin_slots"] = checkin
    if "contact_name" in raw:
        fields["contact_name"] = " ".join(raw["contact_name"].split())
    if "contact_phone" in raw:
        fields["contact_phone"] = contact_phone
    if role == "volunteer" and availability and "availability" in raw:
        fields.update(zip(VOLUNTEER_FIELDS, availability, strict=True))
    row.values = {
        "phone": phone,
        "is_client": role == "client",
        "is_volunteer": role == "volunteer",
        "fields": fields,
        "categories": categories if role == "volunteer" else [],
        "status": str(status) if status else None,
    }
    return row
