"""The people import (``dispatch.importer``) against the operator contract in DESIGN.md.

``plan()`` and ``apply()`` run directly on the test session; every test runs on SQLite
and PostgreSQL. People are fictional; numbers come from the BNetzA drama ranges.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.importer import ImportPlan, parse_availability, plan
from models import AuditEntry, Kommune, Person, VolunteerCategory, VolunteerStatus
from models.base import utcnow
from models.person import ALL_DAYS
from prompts import people as T

HEADER = ("role", "name", "phone", "district", "categories", "languages", "notes")
FULL = (*HEADER, "address", "availability", "status", "prefers")
GERMAN = (
    "Rolle",
    "Vor- und Nachname",
    "Telefonnummer",
    "Ortsteil",
    "Hilfebereiche",
    "Sprachen",
    "Bemerkungen",
    "Anschrift",
    "Verfügbarkeit",
    "Status",
    "Kontaktweg",
)

Row = dict[str, str]


def with_(person: Row, **changes: str) -> Row:
    return {**person, **changes}


ERIKA = {
    "role": "client",
    "name": "Erika Musterfrau",
    "phone": "030 23125001",
    "district": "Südstadt",
    "categories": "",
    "languages": "de",
    "notes": "Schlüssel beim Nachbarn",
    "address": "Musterstraße 1, 12345 Musterstadt",
}
MAX = {
    "role": "volunteer",
    "name": "Max Mustermann",
    "phone": "0152 28817301",
    "district": "Altstadt",
    "categories": "shopping;dog_walking",
    "languages": "de;tr",
    "notes": "",
    "address": "Beispielweg 2",
    "availability": "Mo-Fr 9-17",
}
OTTO = with_(ERIKA, name="Otto Normalverbraucher", phone="030 23125002")
ERIKA_E164 = "+493023125001"
MAX_E164 = "+4915228817301"
MON_TO_FRI = 0b0011111


def csv_text(
    *people: Row,
    columns: Sequence[str] = HEADER,
    header: Sequence[str] | None = None,
    sep: str = ",",
    newline: str = "\r\n",
) -> str:
    """A file as a spreadsheet writes it: a header, then one row per person, quoted where
    a cell needs it. ``header`` writes other column names for ``columns``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=newline)
    writer.writerow(header or columns)
    for person in people:
        writer.writerow([person.get(column, "") for column in columns])
    return out.getvalue()


def csv_bytes(*people: Row, encoding: str = "utf-8", **options: Any) -> bytes:
    return csv_text(*people, **options).encode(encoding)


def do_import(session: Session, kommune: Kommune, data: bytes) -> ImportPlan:
    """Plan, check that the plan is clean, apply and commit, as the command does."""
    result = plan(session, kommune, data)
    assert result.ok, (result.file_errors, [(r.line, r.errors) for r in result.error_rows])
    result.apply(session)
    session.commit()
    return result


def stored(session: Session, kommune: Kommune, phone: str) -> Person:
    session.expire_all()
    person = Person.by_phone(session, kommune.id, phone)
    assert person is not None, f"nobody with {phone}"
    return person


def people(session: Session, kommune: Kommune) -> list[Person]:
    session.expire_all()
    return list(
        session.scalars(
            select(Person).where(Person.kommune_id == kommune.id).order_by(Person.phone)
        )
    )


def snapshot(session: Session) -> tuple[list[Any], ...]:
    """Every row an import can write, to show that nothing changed."""
    session.expire_all()
    return tuple(
        session.execute(select(table).order_by(*table.primary_key.columns)).all()
        for table in (Person.__table__, VolunteerCategory.__table__, AuditEntry.__table__)
    )


def audit(session: Session, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def errors(result: ImportPlan) -> list[tuple[int, list[str]]]:
    return [(row.line, row.errors) for row in result.error_rows]


def assert_refused(session: Session, result: ImportPlan, before: tuple[list[Any], ...]) -> None:
    """A plan with errors cannot be applied, and trying writes nothing."""
    assert not result.ok
    with pytest.raises(ValueError, match="errors"):
        result.apply(session)
    session.commit()
    assert snapshot(session) == before


# --- reading the file ---------------------------------------------------------------------


def test_imports_clients_and_volunteers_with_every_field(session: Any, kommune: Kommune) -> None:
    result = do_import(session, kommune, csv_bytes(ERIKA, MAX, columns=FULL))

    assert [row.action for row in result.rows] == ["create", "create"]
    assert result.summary() == T.RESULT(created=2, updated=0, unchanged=0)
    erika = stored(session, kommune, ERIKA_E164)
    assert (erika.name, erika.district, erika.address, erika.notes, erika.languages) == (
        "Erika Musterfrau",
        "Südstadt",
        "Musterstraße 1, 12345 Musterstadt",
        "Schlüssel beim Nachbarn",
        ["de"],
    )
    assert (erika.is_client, erika.is_volunteer, erika.status, erika.categories) == (
        True,
        False,
        None,
        [],
    )
    assert (erika.line_type, erika.prefers, erika.channel) == ("landline", None, "call")
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.is_client, max_.is_volunteer, max_.status) == (False, True, VolunteerStatus.ACTIVE)
    assert max_.categories == ["dog_walking", "shopping"]
    assert max_.languages == ["de", "tr"]
    assert (max_.available_days, max_.available_from, max_.available_until) == (MON_TO_FRI, 9, 17)
    assert (max_.line_type, max_.channel) == ("mobile", "sms")


@pytest.mark.parametrize(
    ("sep", "encoding", "newline"),
    [
        (",", "utf-8", "\n"),
        (";", "utf-8", "\r\n"),
        (";", "utf-8-sig", "\r\n"),
        (",", "utf-8-sig", "\n"),
        (";", "cp1252", "\r\n"),
        (",", "cp1252", "\r\n"),
    ],
)
def test_german_excel_files_in_any_encoding_and_delimiter(
    session: Any, kommune: Kommune, sep: str, encoding: str, newline: str
) -> None:
    helferin = with_(
        MAX,
        role="Helferin",
        categories="Einkäufe; Gassi",
        languages="Deutsch, Türkisch",
        notes="Fährt Rad",
        availability="Mo.–Fr. 9–17 Uhr",
        status="pausiert",
        prefers="Anruf",
    )
    seniorin = with_(ERIKA, role="Seniorin", languages="DE")
    data = csv_bytes(
        seniorin, helferin, columns=FULL, header=GERMAN, sep=sep, encoding=encoding, newline=newline
    )

    do_import(session, kommune, data)

    erika = stored(session, kommune, ERIKA_E164)
    assert (erika.is_client, erika.district, erika.notes) == (
        True,
        "Südstadt",
        "Schlüssel beim Nachbarn",
    )
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.is_volunteer, max_.status, max_.prefers, max_.notes) == (
        True,
        VolunteerStatus.PAUSED,
        "call",
        "Fährt Rad",
    )
    assert max_.categories == ["dog_walking", "shopping"]
    assert max_.languages == ["de", "tr"]
    assert (max_.available_days, max_.available_from, max_.available_until) == (MON_TO_FRI, 9, 17)


@pytest.mark.parametrize(
    "header",
    [
        ("Rolle", "Name", "Telefon", "Stadtteil", "Kategorien", "Sprache", "Notizen"),
        ("Art", "Vollständiger Name", "Handy", "Quartier", "Kategorie", "Sprachen", "Hinweise"),
        ("Typ", "NAME", "Rufnummer", "Bezirk", "Bereiche", "sprachen", "Bemerkung"),
        (" role ", "name", "Tel.", "district", "categories", "languages", "notes"),
    ],
)
def test_german_header_aliases(session: Any, kommune: Kommune, header: tuple[str, ...]) -> None:
    do_import(session, kommune, csv_bytes(ERIKA, MAX, header=header, sep=";"))

    assert [p.name for p in people(session, kommune)] == ["Max Mustermann", "Erika Musterfrau"]


@pytest.mark.parametrize(
    ("values", "role"),
    [
        ({"role": "Klientin"}, "client"),
        ({"role": "Hilfesuchende"}, "client"),
        ({"role": "SENIOR"}, "client"),
        ({"role": "Helfer*in"}, "volunteer"),
        ({"role": "Ehrenamtliche"}, "volunteer"),
        ({"role": "freiwillig"}, "volunteer"),
    ],
)
def test_german_role_names(session: Any, kommune: Kommune, values: Row, role: str) -> None:
    row = with_(ERIKA, categories="Telefonat", **values)
    do_import(session, kommune, csv_bytes(row))

    person = stored(session, kommune, ERIKA_E164)
    assert (person.is_client, person.is_volunteer) == (role == "client", role == "volunteer")


@pytest.mark.parametrize(
    ("cell", "languages"),
    [
        ("de;tr", ["de", "tr"]),
        ("TR, de", ["tr", "de"]),
        ("Deutsch; Türkisch", ["de", "tr"]),
        ("de de", ["de"]),
        ("de-DE", ["de"]),
        ("Turkish", ["tr"]),
        ("", ["de"]),
    ],
)
def test_languages_keep_their_order(
    session: Any, kommune: Kommune, cell: str, languages: list[str]
) -> None:
    do_import(session, kommune, csv_bytes(with_(ERIKA, languages=cell)))

    assert stored(session, kommune, ERIKA_E164).languages == languages


def test_only_a_header_imports_nothing(session: Any, kommune: Kommune) -> None:
    result = do_import(session, kommune, csv_bytes())

    assert result.rows == []
    assert result.summary() == T.RESULT(created=0, updated=0, unchanged=0)
    assert people(session, kommune) == []


def test_blank_rows_are_skipped(session: Any, kommune: Kommune) -> None:
    text = csv_text(ERIKA) + ",,,,,,\r\n\r\n" + csv_text(MAX).split("\r\n", 1)[1]

    result = do_import(session, kommune, text.encode())

    assert [(row.line, row.action) for row in result.rows] == [(2, "create"), (5, "create")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", T.IMPORT_NO_HEADER, id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", T.IMPORT_NOT_CSV, id="png"),
        pytest.param("role,name\r\n".encode("utf-16"), T.IMPORT_NOT_CSV, id="utf-16"),
        pytest.param(b"role,name\x81\x8d\xff\r\n", T.IMPORT_NOT_CSV, id="undecodable"),
        pytest.param(b"role;name\x00;phone\r\n", T.IMPORT_NOT_CSV, id="nul"),
    ],
)
def test_files_that_are_not_csv(session: Any, kommune: Kommune, data: bytes, message: Any) -> None:
    before = snapshot(session)

    result = plan(session, kommune, data)

    assert result.file_errors == [str(message)]
    assert result.summary() == str(T.RESULT_FILE_ERRORS)
    assert_refused(session, result, before)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            ("role", "name", "phone", "categories", "languages"),
            T.IMPORT_MISSING_COLUMNS(columns="district, notes"),
        ),
        ((*HEADER, "Geburtstag"), T.IMPORT_UNKNOWN_COLUMNS(columns="Geburtstag")),
        ((*HEADER, "Handy"), T.IMPORT_DUPLICATE_COLUMNS(columns="phone/Handy")),
        (("Rolle", "Rolle", *HEADER[1:]), T.IMPORT_DUPLICATE_COLUMNS(columns="Rolle/Rolle")),
    ],
)
def test_header_problems_stop_the_whole_file(
    session: Any, kommune: Kommune, header: tuple[str, ...], message: str
) -> None:
    before = snapshot(session)
    data = csv_text(header=header).encode() + b"client,Erika Musterfrau,030 23125001,,,de,,\r\n"

    result = plan(session, kommune, data)

    assert message in result.file_errors
    assert_refused(session, result, before)


def test_empty_header_cells_are_ignored(session: Any, kommune: Kommune) -> None:
    """Spreadsheets often write a trailing separator after the last column."""
    data = csv_text(ERIKA, columns=(*HEADER, ""), sep=";")

    do_import(session, kommune, data.encode())

    assert stored(session, kommune, ERIKA_E164).name == "Erika Musterfrau"


def test_too_many_rows(session: Any, kommune: Kommune, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dispatch.importer.MAX_ROWS", 2)
    before = snapshot(session)
    other = with_(ERIKA, phone="030 23125002")

    result = plan(session, kommune, csv_bytes(ERIKA, MAX, other))

    assert result.file_errors == [T.IMPORT_TOO_BIG(max=2)]
    assert_refused(session, result, before)


# --- errors per row -----------------------------------------------------------------------


def test_errors_name_their_row_and_nothing_is_written(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(ERIKA, MAX))
    before = snapshot(session)
    moved = with_(ERIKA, district="Nordstadt")
    lines = csv_text(moved, MAX).splitlines()
    lines[3:3] = [
        "client,Erika Musterfrau,12,Nordstadt,,de,",
        "",
        "Nachbar,Max Mustermann,0152 28817302,Altstadt,Fensterputzen,de,",
        "client,Erika Musterfrau,030 23125003",
    ]

    result = plan(session, kommune, "\r\n".join(lines).encode())

    assert errors(result) == [
        (4, [T.ROW_PHONE(value="12")]),
        (6, [T.ROW_ROLE(value="Nachbar"), T.ROW_CATEGORY(value="Fensterputzen")]),
        (7, [T.ROW_COLUMNS(found=3, expected=7)]),
    ]
    assert result.summary() == T.RESULT_ERRORS(count=3)
    assert_refused(session, result, before)
    assert stored(session, kommune, ERIKA_E164).district == "Südstadt"


def test_line_numbers_are_spreadsheet_rows(session: Any, kommune: Kommune) -> None:
    """A line break inside a cell (Alt+Enter in Excel) keeps the row numbers staff see."""
    text = csv_text(
        with_(ERIKA, notes="Klingeln\r\nund lange warten"),
        with_(MAX, phone="12"),
        with_(MAX, name="Max\x07Mustermann", notes="zwei\nZeilen"),
    )

    result = plan(session, kommune, text.encode())

    assert [row.line for row in result.rows] == [2, 3, 4]
    assert errors(result) == [
        (3, [T.ROW_PHONE(value="12")]),
        (4, [T.ROW_CONTROL(column="name")]),
    ]


ROW_ERRORS = [
    pytest.param({"role": "Nachbar"}, T.ROW_ROLE(value="Nachbar"), id="role"),
    pytest.param({"role": ""}, T.ROW_ROLE(value=""), id="no-role"),
    pytest.param({"name": "  "}, str(T.ROW_NAME), id="no-name"),
    pytest.param({"phone": "12"}, T.ROW_PHONE(value="12"), id="phone"),
    pytest.param({"phone": ""}, T.ROW_PHONE(value=""), id="no-phone"),
    pytest.param({"phone": "0152 2881730"}, T.ROW_PHONE(value="0152 2881730"), id="short-mobile"),
    pytest.param({"categories": "Fensterputzen"}, T.ROW_CATEGORY(value="Fensterputzen"), id="cat"),
    pytest.param({"categories": ""}, str(T.ROW_VOLUNTEER_NO_CATEGORY), id="no-category"),
    pytest.param({"languages": "Elbisch"}, T.ROW_LANGUAGE(value="Elbisch"), id="language"),
    pytest.param({"languages": "de;d3"}, T.ROW_LANGUAGE(value="d3"), id="language-code"),
    pytest.param({"status": "blocked"}, T.ROW_STATUS(value="blocked"), id="status-blocked"),
    pytest.param({"status": "gesperrt"}, T.ROW_STATUS(value="gesperrt"), id="status"),
    pytest.param({"prefers": "Brieftaube"}, T.ROW_PREFERS(value="Brieftaube"), id="prefers"),
    pytest.param({"availability": "abends"}, T.ROW_AVAILABILITY(value="abends"), id="avail"),
    pytest.param({"name": "M" * 121}, T.ROW_TOO_LONG(column="name", max=120), id="long-name"),
    pytest.param({"district": "D" * 81}, T.ROW_TOO_LONG(column="district", max=80), id="long-d"),
    pytest.param({"address": "A" * 201}, T.ROW_TOO_LONG(column="address", max=200), id="long-a"),
    pytest.param({"notes": "N" * 2001}, T.ROW_TOO_LONG(column="notes", max=2000), id="long-n"),
    pytest.param({"prefers": "s" * 201}, T.ROW_TOO_LONG(column="prefers", max=200), id="long-p"),
    pytest.param({"district": "Alt\x1bstadt"}, T.ROW_CONTROL(column="district"), id="control"),
]


@pytest.mark.parametrize(("values", "message"), ROW_ERRORS)
def test_each_row_error(session: Any, kommune: Kommune, values: Row, message: str) -> None:
    do_import(session, kommune, csv_bytes(ERIKA, columns=FULL))
    before = snapshot(session)
    data = csv_bytes(with_(ERIKA, notes="neu"), with_(MAX, **values), columns=FULL)

    result = plan(session, kommune, data)

    assert len(result.error_rows) == 1
    assert result.error_rows[0].line == 3
    assert message in result.error_rows[0].errors
    assert_refused(session, result, before)


def test_status_is_only_for_volunteers(session: Any, kommune: Kommune) -> None:
    result = plan(session, kommune, csv_bytes(with_(ERIKA, status="aktiv"), columns=FULL))

    assert errors(result) == [(2, [str(T.ROW_STATUS_CLIENT)])]


def test_a_2000_character_cell_gives_short_messages(session: Any, kommune: Kommune) -> None:
    junk = "Ü" * 2000
    row = {key: junk for key in FULL}

    result = plan(session, kommune, csv_bytes(row, columns=FULL, sep=";", encoding="cp1252"))

    [(line, messages)] = errors(result)
    assert line == 2
    assert T.ROW_TOO_LONG(column="notes", max=2000) not in messages
    assert T.ROW_TOO_LONG(column="role", max=200) in messages
    assert all(len(message) < 150 for message in messages), messages


def test_longest_allowed_fields_are_stored_whole(session: Any, kommune: Kommune) -> None:
    row = with_(ERIKA, name="M" * 120, district="D" * 80, address="A" * 200, notes="N\n" * 1000)

    do_import(session, kommune, csv_bytes(row, columns=FULL))

    erika = stored(session, kommune, ERIKA_E164)
    assert (len(erika.name), len(erika.district), len(erika.address)) == (120, 80, 200)
    assert erika.notes == ("N\n" * 1000).strip()


# --- phone numbers and duplicates ---------------------------------------------------------


@pytest.mark.parametrize("spelling", ["+493023125001", "0049 30 23125001", "030/23125-001"])
def test_one_number_in_any_spelling_is_one_person(
    session: Any, kommune: Kommune, spelling: str
) -> None:
    do_import(session, kommune, csv_bytes(ERIKA))

    result = do_import(session, kommune, csv_bytes(with_(ERIKA, phone=spelling)))

    assert [row.action for row in result.rows] == ["unchanged"]
    assert [p.phone for p in people(session, kommune)] == [ERIKA_E164]


@pytest.mark.parametrize("volunteer_first", [False, True], ids=["client-first", "volunteer-first"])
def test_client_and_volunteer_rows_of_one_person_merge(
    session: Any, kommune: Kommune, volunteer_first: bool
) -> None:
    client = with_(ERIKA, prefers="")
    volunteer = with_(
        ERIKA,
        role="volunteer",
        phone="+49 30 23125001",
        categories="phone_chat",
        availability="Sa 10:00-14:00",
        prefers="sms",
    )
    rows = (volunteer, client) if volunteer_first else (client, volunteer)

    result = do_import(session, kommune, csv_bytes(*rows, columns=FULL))

    assert [row.action for row in result.rows] == ["create", "merged"]
    assert result.summary() == T.RESULT(created=1, updated=0, unchanged=0)
    (erika,) = people(session, kommune)
    assert (erika.is_client, erika.is_volunteer, erika.status) == (True, True, "active")
    assert (erika.categories, erika.prefers) == (["phone_chat"], "sms")
    assert (erika.available_days, erika.available_from, erika.available_until) == (1 << 5, 10, 14)


def test_the_same_row_twice_is_one_person(session: Any, kommune: Kommune) -> None:
    result = do_import(session, kommune, csv_bytes(MAX, with_(MAX, phone=MAX_E164), columns=FULL))

    assert [row.action for row in result.rows] == ["create", "merged"]
    assert len(people(session, kommune)) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(ERIKA, with_(ERIKA, name="Erika Mustermann"), id="name"),
        pytest.param(
            ERIKA,
            with_(ERIKA, role="volunteer", district="Nordstadt", categories="other"),
            id="district",
        ),
        pytest.param(MAX, with_(MAX, categories="other"), id="categories"),
        pytest.param(MAX, with_(MAX, status="pausiert"), id="status"),
        pytest.param(MAX, with_(MAX, availability="Sa 10-14"), id="availability"),
        pytest.param(
            with_(ERIKA, prefers="call"),
            with_(ERIKA, role="volunteer", prefers="sms", categories="other"),
            id="prefers",
        ),
    ],
)
def test_conflicting_rows_for_one_number_are_an_error(
    session: Any, kommune: Kommune, first: Row, second: Row
) -> None:
    before = snapshot(session)

    result = plan(session, kommune, csv_bytes(first, OTTO, second, columns=FULL))

    assert errors(result) == [(4, [T.ROW_PHONE_TWICE(line=2)])]
    assert_refused(session, result, before)


def test_the_same_number_in_another_kommune_is_another_person(
    session: Any, kommune: Kommune, make_kommune: Callable[..., Kommune]
) -> None:
    other = make_kommune("Beispielhausen", number="+493023125010")
    do_import(session, kommune, csv_bytes(ERIKA))

    result = do_import(session, other, csv_bytes(with_(ERIKA, district="Oberdorf")))

    assert [row.action for row in result.rows] == ["create"]
    assert stored(session, kommune, ERIKA_E164).district == "Südstadt"
    assert stored(session, other, ERIKA_E164).district == "Oberdorf"


def test_a_number_of_an_erased_person_is_an_error(
    session: Any, kommune: Kommune, make_person: Callable[..., Person]
) -> None:
    make_person("client", "–", ERIKA_E164, erased_at=utcnow())
    before = snapshot(session)

    result = plan(session, kommune, csv_bytes(MAX, ERIKA))

    assert errors(result) == [(3, [str(T.ROW_ERASED)])]
    assert_refused(session, result, before)


# --- importing again ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "again",
    [
        pytest.param({}, id="same-file"),
        pytest.param({"sep": ";", "encoding": "cp1252", "header": GERMAN}, id="as-excel-writes-it"),
    ],
)
def test_importing_twice_changes_nothing(
    session: Any, kommune: Kommune, again: dict[str, Any]
) -> None:
    paused = with_(MAX, status="paused", prefers="call")
    do_import(session, kommune, csv_bytes(ERIKA, paused, columns=FULL))
    people_before, categories_before, audit_before = snapshot(session)

    result = do_import(session, kommune, csv_bytes(ERIKA, paused, columns=FULL, **again))

    assert [(row.action, row.changes) for row in result.rows] == [("unchanged", [])] * 2
    assert result.summary() == T.RESULT(created=0, updated=0, unchanged=2)
    people_after, categories_after, audit_after = snapshot(session)
    assert (people_after, categories_after) == (people_before, categories_before)
    # Decision: the import itself is always recorded, with its counts; no person entry.
    new = audit_after[len(audit_before) :]
    assert [(e.action, e.person_id, e.detail) for e in new] == [
        ("import", None, {"created": 0, "updated": 0, "unchanged": 2})
    ]


def test_a_large_file_imports_and_imports_again_unchanged(
    session: Any, kommune: Kommune, count_queries: Callable[[], Any]
) -> None:
    """More numbers than one lookup query takes: every one is still found the second time,
    with a handful of queries, not one per person."""
    volunteers = [
        with_(MAX, name=f"Max Mustermann {n}", phone=f"030 23125{n:03d}") for n in range(1, 601)
    ]
    data = csv_bytes(*volunteers, sep=";")
    first = do_import(session, kommune, data)
    session.expire_all()

    with count_queries() as queries:
        second = plan(session, kommune, data)

    assert first.counts() == {"created": 600, "updated": 0, "unchanged": 0}
    assert second.counts() == {"created": 0, "updated": 0, "unchanged": 600}
    assert queries.n <= 6, queries.statements
    assert len(people(session, kommune)) == 600


def test_every_created_person_is_audited_without_personal_data(
    session: Any, kommune: Kommune
) -> None:
    do_import(session, kommune, csv_bytes(ERIKA, MAX, columns=FULL))

    by_id = {p.id: p.phone for p in people(session, kommune)}
    created = audit(session, "create")
    assert sorted((by_id[e.person_id], e.detail) for e in created) == [
        (MAX_E164, {"via": "import", "line": 3}),
        (ERIKA_E164, {"via": "import", "line": 2}),
    ]
    assert all(
        (e.kommune_id, e.subject_type, e.subject_id) == (kommune.id, "person", e.person_id)
        for e in created
    )
    (summary,) = audit(session, "import")
    assert summary.detail == {"created": 2, "updated": 0, "unchanged": 0}


def test_changed_fields_are_updated_and_audited(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(ERIKA, MAX, columns=FULL))
    erika_id = stored(session, kommune, ERIKA_E164).id
    moved = with_(ERIKA, district="Nordstadt", notes="")
    retrained = with_(MAX, categories="phone_chat;Einkaufen", languages="tr;de")

    result = do_import(session, kommune, csv_bytes(moved, retrained, columns=FULL))

    assert [(row.action, row.changes) for row in result.rows] == [
        ("update", ["district", "notes"]),
        ("update", ["languages", "categories"]),
    ]
    erika = stored(session, kommune, ERIKA_E164)
    assert (erika.id, erika.district, erika.notes, erika.name) == (
        erika_id,
        "Nordstadt",
        "",
        "Erika Musterfrau",
    )
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.categories, max_.languages) == (["phone_chat", "shopping"], ["tr", "de"])
    updates = audit(session, "update")
    assert [e.detail["fields"] for e in updates] == [
        ["district", "notes"],
        ["languages", "categories"],
    ]
    assert [e.person_id for e in updates] == [erika_id, max_.id]


def test_a_client_row_adds_the_role_and_leaves_volunteer_data_alone(
    session: Any, kommune: Kommune
) -> None:
    do_import(
        session, kommune, csv_bytes(with_(MAX, status="pausiert", prefers="sms"), columns=FULL)
    )
    as_client = with_(MAX, role="client", categories="", availability="", prefers="sms")

    result = do_import(session, kommune, csv_bytes(as_client, columns=FULL))

    assert [row.changes for row in result.rows] == [["role"]]
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.is_client, max_.is_volunteer, max_.status) == (True, True, "paused")
    assert max_.categories == ["dog_walking", "shopping"]
    assert (max_.available_days, max_.available_from, max_.available_until) == (MON_TO_FRI, 9, 17)


def test_a_client_who_starts_helping(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(ERIKA))

    result = do_import(
        session, kommune, csv_bytes(with_(ERIKA, role="volunteer", categories="Telefonat"))
    )

    assert [row.changes for row in result.rows] == [["role", "status", "categories"]]
    erika = stored(session, kommune, ERIKA_E164)
    assert (erika.is_client, erika.is_volunteer, erika.status) == (True, True, "active")
    assert erika.categories == ["phone_chat"]


def test_optional_columns_left_out_keep_what_is_stored(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(ERIKA, with_(MAX, prefers="call"), columns=FULL))
    before = snapshot(session)[0]

    result = do_import(session, kommune, csv_bytes(ERIKA, MAX, columns=HEADER))

    assert [row.action for row in result.rows] == ["unchanged", "unchanged"]
    assert snapshot(session)[0] == before
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.address, max_.prefers, max_.available_from) == ("Beispielweg 2", "call", 9)


def test_empty_optional_cells_clear_the_field(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(with_(MAX, prefers="call"), columns=FULL))

    result = do_import(
        session,
        kommune,
        csv_bytes(with_(MAX, address="", availability="", prefers=""), columns=FULL),
    )

    assert result.rows[0].changes == [
        "address",
        "prefers",
        "available_days",
        "available_from",
        "available_until",
    ]
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.address, max_.prefers, max_.channel) == ("", None, "sms")
    assert (max_.available_days, max_.available_from, max_.available_until) == (ALL_DAYS, 8, 20)


# --- volunteer status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("", "active"),
        ("aktiv", "active"),
        ("Pending", "pending"),
        ("wartend", "pending"),
        ("neu", "pending"),
        ("pausiert", "paused"),
        ("Pause", "paused"),
    ],
)
def test_status_of_new_volunteers(session: Any, kommune: Kommune, cell: str, status: str) -> None:
    do_import(session, kommune, csv_bytes(with_(MAX, status=cell), columns=FULL))

    assert stored(session, kommune, MAX_E164).status == status


@pytest.mark.parametrize(
    ("before", "cell", "after"),
    [
        (VolunteerStatus.PAUSED, "", VolunteerStatus.PAUSED),
        (VolunteerStatus.PAUSED, "aktiv", VolunteerStatus.ACTIVE),
        (VolunteerStatus.ACTIVE, "pausiert", VolunteerStatus.PAUSED),
        (VolunteerStatus.PENDING, "", VolunteerStatus.PENDING),
        (VolunteerStatus.PENDING, "active", VolunteerStatus.ACTIVE),
        (VolunteerStatus.BLOCKED, "", VolunteerStatus.BLOCKED),
        (VolunteerStatus.BLOCKED, "aktiv", VolunteerStatus.BLOCKED),
        (VolunteerStatus.OPTED_OUT, "aktiv", VolunteerStatus.OPTED_OUT),
        (VolunteerStatus.OPTED_OUT, "pausiert", VolunteerStatus.OPTED_OUT),
    ],
)
def test_status_of_known_volunteers(
    session: Any,
    kommune: Kommune,
    make_person: Callable[..., Person],
    before: str,
    cell: str,
    after: str,
) -> None:
    make_person("volunteer", "Max Mustermann", MAX_E164, status=before, status_reason="Grund")

    result = do_import(session, kommune, csv_bytes(with_(MAX, status=cell), columns=FULL))

    max_ = stored(session, kommune, MAX_E164)
    assert max_.status == after
    assert ("status" in result.rows[0].changes) == (before != after)
    # A status the import changes has no old reason; a status it keeps keeps its reason.
    assert max_.status_reason == ("Grund" if before == after else "")


def test_a_blocked_volunteer_in_the_file_again_is_unchanged(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(MAX, columns=FULL))
    max_ = stored(session, kommune, MAX_E164)
    max_.block("Beschwerde")
    session.commit()

    result = do_import(session, kommune, csv_bytes(with_(MAX, status="aktiv"), columns=FULL))

    assert [row.action for row in result.rows] == ["unchanged"]
    assert stored(session, kommune, MAX_E164).status == VolunteerStatus.BLOCKED


# --- contact way and availability ---------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "cell", "prefers", "line_type", "channel"),
    [
        ("0152 28817301", "", None, "mobile", "sms"),
        ("030 23125001", "", None, "landline", "call"),
        ("0152 28817301", "Anruf", "call", "mobile", "call"),
        ("0152 28817301", "Telefon", "call", "mobile", "call"),
        ("030 23125001", "SMS", "sms", "landline", "sms"),
    ],
)
def test_contact_way_follows_the_line_type_unless_given(
    session: Any,
    kommune: Kommune,
    phone: str,
    cell: str,
    prefers: str | None,
    line_type: str,
    channel: str,
) -> None:
    do_import(session, kommune, csv_bytes(with_(MAX, phone=phone, prefers=cell), columns=FULL))

    (person,) = people(session, kommune)
    assert (person.prefers, person.line_type, person.channel) == (prefers, line_type, channel)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mo-Fr 9-17", (MON_TO_FRI, 9, 17)),
        ("Sa 10:00-14:00", (1 << 5, 10, 14)),
        ("Mo;Mi;Fr", (0b10101, 8, 20)),
        ("9-17", (ALL_DAYS, 9, 17)),
        ("Sa-So", (0b1100000, 8, 20)),
        ("Mo.–Fr. 9–17 Uhr", (MON_TO_FRI, 9, 17)),
        ("Montag bis Freitag 9.00 - 17.00 Uhr", (MON_TO_FRI, 9, 17)),
        ("mon-fri 0-24", (MON_TO_FRI, 0, 24)),
        ("Mo 9-12, Mi 9-12", (0b101, 9, 12)),
        ("", (ALL_DAYS, 8, 20)),
    ],
)
def test_availability_is_read(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_availability(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "abends",
        "Fr-Mo",
        "17-9",
        "9-25",
        "Mo 9-12 Mi 14-18",
        "9:30-12",
        "Mo-",
        "Mo-Xy",
        "nach Absprache",
    ],
)
def test_unreadable_availability(text: str) -> None:
    assert parse_availability(text) is None


# --- anything at all ----------------------------------------------------------------------

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_anything(session: Session, kommune: Kommune, data: bytes) -> None:
    """Whatever ``data`` is, planning never raises; a plan with errors writes nothing; a clean
    plan applies (within the database's limits) and stores what it counted."""
    before = snapshot(session)
    savepoint = session.begin_nested()
    try:
        result = plan(session, kommune, data)
        if not result.ok:
            with pytest.raises(ValueError, match="errors"):
                result.apply(session)
            session.flush()
            assert snapshot(session) == before
            return
        counts = result.apply(session)
        session.flush()
        assert len(people(session, kommune)) == len(before[0]) + counts["created"]
        assert all(p.phone.startswith("+") and p.name.strip() for p in people(session, kommune))
    finally:
        savepoint.rollback()


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes(session: Any, kommune: Kommune, data: bytes) -> None:
    check_anything(session, kommune, data)


CELLS = {
    "role": st.sampled_from(["client", "volunteer", "Helferin", "Klient", ""])
    | st.text(max_size=8),
    "name": st.sampled_from(["Erika Musterfrau", "Max Mustermann", ""]) | st.text(max_size=130),
    "phone": st.sampled_from(["030 23125001", "+4915228817301", "0049 152 28817302", "12"])
    | st.text(max_size=45),
    "district": st.sampled_from(["Südstadt", ""]) | st.text(max_size=90),
    "categories": st.sampled_from(["shopping", "Einkaufen;Gassi", "", "x"]) | st.text(max_size=20),
    "languages": st.sampled_from(["de", "de;tr", "Deutsch", ""]) | st.text(max_size=10),
    "notes": st.text(max_size=60) | st.just("N" * 2001),
    "address": st.text(max_size=210),
    "availability": st.sampled_from(["Mo-Fr 9-17", "Sa 10:00-14:00", ""]) | st.text(max_size=20),
    "status": st.sampled_from(["", "aktiv", "paused", "blocked"]) | st.text(max_size=8),
    "prefers": st.sampled_from(["", "sms", "Anruf"]) | st.text(max_size=8),
}


@st.composite
def spreadsheets(draw: st.DrawFn) -> bytes:
    """Files that get past the header, so the rows themselves are what is odd."""
    columns = draw(st.sampled_from([HEADER, FULL]))
    rows = draw(st.lists(st.fixed_dictionaries({c: CELLS[c] for c in columns}), max_size=6))
    header = draw(st.sampled_from([columns, GERMAN[: len(columns)]]))
    text = csv_text(*rows, columns=columns, header=header, sep=draw(st.sampled_from(",;")))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), errors="replace")


@FUZZ
@given(data=spreadsheets())
def test_any_spreadsheet(session: Any, kommune: Kommune, data: bytes) -> None:
    check_anything(session, kommune, data)


@pytest.mark.parametrize(
    ("header", "value", "salutation", "called_as"),
    [
        ("anrede", "Frau", "Frau", "surname"),
        ("Anrede", "herr", "Herr", "surname"),
        ("called_as", "Vorname", "", "first"),
        ("anrede", "", "", "first"),
    ],
)
def test_anrede_says_how_a_person_is_named(
    session: Any, kommune: Kommune, header: str, value: str, salutation: str, called_as: str
) -> None:
    row = with_(MAX, called_as=value)
    do_import(
        session,
        kommune,
        csv_bytes(row, columns=(*HEADER, "called_as"), header=(*HEADER, header)),
    )
    max_ = stored(session, kommune, MAX_E164)
    assert (max_.salutation, max_.called_as) == (salutation, called_as)


def test_an_unknown_anrede_is_an_error(session: Any, kommune: Kommune) -> None:
    data = csv_bytes(with_(MAX, called_as="Dr."), columns=(*HEADER, "called_as"))
    assert errors(plan(session, kommune, data)) == [(2, [T.ROW_CALLED_AS(value="Dr.")])]


def test_without_the_anrede_column_staffs_choice_stays(session: Any, kommune: Kommune) -> None:
    do_import(session, kommune, csv_bytes(MAX))
    max_ = stored(session, kommune, MAX_E164)
    max_.salutation, max_.called_as = "Herr", "surname"
    session.commit()
    again = plan(session, kommune, csv_bytes(MAX))
    assert again.count("unchanged") == 1
