"""Monthly statements ("Nachweis über Leistungen der Nachbarschaftshilfe") and the yearly
hours per volunteer: what they contain, read back from the PDF with a text extractor and
from the CSV, and ``nachbarruf statements`` writing them all at once."""

from __future__ import annotations

import csv
import io
import shlex
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dispatch import intake, lifecycle
from dispatch import statements as st
from models import Actor, AuditEntry, Category, When
from models import base as model_base


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\xa0", " ")  # the amounts' no-break space, as the extractor may


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def _at(when: datetime) -> None:
    model_base.reset_clock()
    model_base.travel(when - model_base.utcnow())


@pytest.fixture
def december(session, kommune, make_person, sms):
    """Erika was helped twice in December 2026 (by Max by SMS "ERLEDIGT 4711 1,5", and by
    Maria), once in November, once on 1 January 2027 (local); Otto once in December."""
    kommune.allowance_cents = 500
    session.commit()
    erika = make_person("client", name="Erika Musterfrau", address="Musterweg 1")
    otto = make_person("client", name="Otto Normal")
    max_ = make_person("volunteer", name="Max Mustermann")
    maria = make_person("volunteer", name="Maria Beispiel")

    def done(client, volunteer, at, text, description="Einkauf beim Bäcker"):
        _at(at)
        request = intake.open_request(
            session,
            kommune=kommune,
            client=client,
            category=Category.SHOPPING,
            when=When.TODAY,
            description=description,
        )
        lifecycle.assign_by_hand(session, request, volunteer, actor=Actor.staff(1))
        session.commit()
        sms(volunteer.phone, f"ERLEDIGT {request.ref} {text}")
        session.refresh(request)
        return request

    requests = [
        done(erika, max_, datetime(2026, 12, 3, 10, tzinfo=UTC), "1,5"),
        done(erika, maria, datetime(2026, 12, 17, 15, tzinfo=UTC), "2", "Hund ausgeführt"),
        done(erika, max_, datetime(2026, 11, 30, 10, tzinfo=UTC), "3"),
        # 23:30 on 31 December in Berlin: January in UTC, December here.
        done(otto, max_, datetime(2026, 12, 31, 22, 30, tzinfo=UTC), "90 min"),
        # 00:30 on 1 January in Berlin: still 31 December in UTC, January here.
        done(erika, maria, datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "1"),
    ]
    model_base.reset_clock()
    return {"erika": erika, "otto": otto, "max": max_, "maria": maria, "requests": requests}


def test_a_clients_month_lists_each_day_helper_and_hours(session, kommune, december):
    statement = st.for_client(session, kommune, december["erika"], date(2026, 12, 1))
    assert [(line.day, line.helper, line.minutes) for line in statement.lines] == [
        (date(2026, 12, 3), "Max Mustermann", 90),
        (date(2026, 12, 17), "Maria Beispiel", 120),
    ]
    assert statement.helpers == ["Max Mustermann", "Maria Beispiel"]
    assert (statement.minutes, statement.rate_cents, statement.total_cents) == (210, 500, 1750)
    assert statement.lines[1].what == "Einkaufen: Hund ausgeführt"
    assert [s.client.name for s in st.for_month(session, kommune, date(2026, 12, 1))] == [
        "Erika Musterfrau",
        "Otto Normal",
    ]
    january = st.for_month(session, kommune, date(2027, 1, 1))
    assert [(s.client.name, s.minutes) for s in january] == [("Erika Musterfrau", 60)]


def test_the_pdf_read_back_says_who_when_how_long_and_how_much(session, kommune, december):
    statement = st.for_client(session, kommune, december["erika"], date(2026, 12, 1))
    text = _pdf_text(st.statements_pdf([statement]))
    assert "Nachweis über Leistungen der Nachbarschaftshilfe" in text
    assert "Monat: Dezember 2026" in text
    assert "Leistungsempfänger*in: Erika Musterfrau" in text and "Musterweg 1" in text
    assert "Helfer*innen: Max Mustermann, Maria Beispiel" in text
    assert "03.12.2026" in text and "17.12.2026" in text
    assert "30.11.2026" not in text and "01.01.2027" not in text
    ref_max, ref_maria = (r.ref for r in december["requests"][:2])
    lines = text.splitlines()
    assert any(ref_max in line and "1,5" in line for line in lines), text
    assert any(ref_maria in line and line.rstrip().endswith("2") for line in lines), text
    assert "Stunden gesamt: 3,5" in text
    assert "Aufwandsentschädigung je Stunde: 5,00 €" in text
    assert "Aufwandsentschädigung gesamt: 17,50 €" in text
    assert "Unterschrift Leistungsempfänger*in" in text
    assert "Unterschrift Helfer*in (Max Mustermann)" in text  # a line for each helper
    assert "Unterschrift Helfer*in (Maria Beispiel)" in text


def test_a_statement_without_allowance_or_time_says_so(session, kommune, december, sms):
    kommune.allowance_cents = 0
    helper = december["max"]
    _at(datetime(2026, 12, 20, 10, tzinfo=UTC))
    request = intake.open_request(
        session,
        kommune=kommune,
        client=december["otto"],
        category=Category.PHONE_CHAT,
        when=When.TODAY,
    )
    lifecycle.assign_by_hand(session, request, helper, actor=Actor.staff(1))
    session.commit()
    sms(helper.phone, "ERLEDIGT")  # the volunteer never answers the question
    statement = st.for_client(session, kommune, december["otto"], date(2026, 12, 1))
    assert statement.missing == 1 and statement.minutes == 90
    text = _pdf_text(st.statements_pdf([statement]))
    assert "keine Aufwandsentschädigung je Stunde festgelegt" in text
    assert "Einsätze ohne angegebene Zeit (nicht mitgezählt): 1" in text
    assert "Telefongespräch" in text


def test_the_csv_has_a_row_per_request_with_amounts(session, kommune, december):
    found = st.for_month(session, kommune, date(2026, 12, 1))
    rows = _rows(st.statements_csv(found))
    assert rows[0][:4] == ["Leistungsempfänger*in", "Adresse", "Anfrage", "Datum"]
    body = [(r[0], r[3], r[4], r[6], r[7], r[8]) for r in rows[1:]]
    assert body == [
        ("Erika Musterfrau", "03.12.2026", "Max Mustermann", "1,5", "5,00", "7,50"),
        ("Erika Musterfrau", "17.12.2026", "Maria Beispiel", "2", "5,00", "10,00"),
        ("Otto Normal", "31.12.2026", "Max Mustermann", "1,5", "5,00", "7,50"),
    ]


def test_a_name_like_a_formula_stays_text_and_letters_outside_the_font_are_kept_readable(
    session, kommune, december
):
    december["erika"].name = "=Ayşe Örnek"
    statement = st.for_client(session, kommune, december["erika"], date(2026, 12, 1))
    assert _rows(st.statements_csv([statement]))[1][0] == "'=Ayşe Örnek"
    assert "=Ayse Örnek" in _pdf_text(st.statements_pdf([statement]))
    assert statement.filename.endswith("-ayse-ornek.pdf")


def test_the_year_per_volunteer(session, kommune, december):
    rows = st.volunteer_years(session, kommune, 2026)
    assert [(r.volunteer.name, r.requests, r.minutes, r.cents) for r in rows] == [
        ("Maria Beispiel", 1, 120, 1000),
        ("Max Mustermann", 3, 90 + 180 + 90, 3000),
    ]
    table = _rows(st.volunteer_years_csv(rows, 2026))
    assert table[1:] == [
        ["Maria Beispiel", "1", "2", "10,00"],
        ["Max Mustermann", "3", "6", "30,00"],
    ]


@pytest.mark.parametrize(
    ("text", "cents"),
    [("5", 500), ("5,5", 550), ("5,50", 550), ("5.05 €", 505), ("", 0), ("100", 10000)],
)
def test_allowances_as_staff_write_them(text, cents):
    assert st.parse_euros(text) == cents


@pytest.mark.parametrize("text", ["100,01", "abc", "1.000", "-5", "5,555"])
def test_allowances_refused(text):
    with pytest.raises(ValueError, match=r"amount|cents"):
        st.parse_euros(text)


@pytest.mark.parametrize(
    ("text", "first"), [("2026-12", date(2026, 12, 1)), (" 2027-1 ", date(2027, 1, 1))]
)
def test_months(text, first):
    assert st.parse_month(text) == first


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "12/2026", "2026"])
def test_not_months(text):
    with pytest.raises(ValueError, match="month"):
        st.parse_month(text)


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(command: str):
        return runner.invoke(args=shlex.split(command))

    return invoke


def test_the_command_writes_one_pdf_per_client_and_one_csv(
    run, session, kommune, december, tmp_path: Path
):
    out = tmp_path / "dezember"
    result = run(f"statements --kommune '{kommune.name}' --month 2026-12 --out {out}")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    erika, otto = december["erika"], december["otto"]
    assert files == [
        f"nachweis-2026-12-{erika.id}-erika-musterfrau.pdf",
        f"nachweis-2026-12-{otto.id}-otto-normal.pdf",
        "nachweise-2026-12.csv",
    ]
    erika_pdf = _pdf_text((out / files[0]).read_bytes())
    assert "Stunden gesamt: 3,5" in erika_pdf and "Otto" not in erika_pdf
    otto_pdf = _pdf_text((out / files[1]).read_bytes())
    assert "31.12.2026" in otto_pdf and "Aufwandsentschädigung gesamt: 7,50 €" in otto_pdf
    assert len(_rows((out / files[2]).read_text(encoding="utf-8-sig"))) == 4
    audit = session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "statement")).one()
    assert (audit.action, audit.detail) == (
        "export",
        {"month": "2026-12", "clients": 2, "via": "cli"},
    )


def test_the_command_writes_the_year_per_volunteer(run, kommune, december, tmp_path: Path):
    result = run(f"statements --kommune '{kommune.name}' --year 2026 --out {tmp_path}")
    assert result.exit_code == 0, result.output
    rows = _rows((tmp_path / "stunden-2026.csv").read_text(encoding="utf-8-sig"))
    assert [r[0] for r in rows[1:]] == ["Maria Beispiel", "Max Mustermann"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("--kommune Nirgendwo --month 2026-12", "gibt es nicht"),
        ("--month 2026-13", "kein Monat"),
        ("", "eins von beiden"),
        ("--month 2026-12 --year 2026", "eins von beiden"),
    ],
)
def test_the_command_refuses_what_it_cannot_do(run, kommune, tmp_path: Path, args, says):
    if "--kommune" not in args:
        args = f"--kommune '{kommune.name}' {args}"
    result = run(f"statements {args} --out {tmp_path / 'x'}")
    assert result.exit_code == 1 and says in result.output
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def test_kommune_set_allowance(run, session, kommune):
    result = run(f"kommune set '{kommune.name}' --allowance 5,50")
    assert result.exit_code == 0 and "Aufwandsentschädigung je Stunde: 5,50\xa0€" in result.output
    session.refresh(kommune)
    assert kommune.allowance_cents == 550
    refused = run(f"kommune set '{kommune.name}' --allowance 500")
    assert refused.exit_code == 1 and "--allowance" in refused.output
    assert "keine" in run(f"kommune set '{kommune.name}' --allowance ''").output
