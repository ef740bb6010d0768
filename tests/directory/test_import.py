"""Importing offers: CSV (both separators, both encodings, German headers), HSDS packages
(folder and zip), broken rows, importing again, and the HSDS round trip."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql

from dispatch.directory import hsds
from dispatch.directory.files import plan
from dispatch.directory.importer import parse_opening_hours
from models import Angebot, AngebotStatus, District, Kommune, TaxonomyTerm
from prompts import directory as T
from tests.directory.conftest import HEADER, OFFERS, csv_bytes, do_import


def offers(session: Any, kommune: Kommune) -> list[Angebot]:
    return list(
        session.scalars(
            select(Angebot).where(Angebot.kommune_id == kommune.id).order_by(Angebot.name)
        )
    )


def described(offer: Angebot) -> dict[str, Any]:
    """Everything an offer says, comparable across Kommunen."""
    return {
        "name": offer.name,
        "organization": offer.organization_name,
        "summary": offer.summary,
        "description": offer.description,
        "address": offer.address,
        "phone": offer.phone,
        "website": offer.website,
        "email": offer.email,
        "languages": offer.languages,
        "cost": offer.cost,
        "accessibility": offer.accessibility,
        "hours": [(h.weekday, h.opens, h.closes) for h in offer.hours],
        "hours_note": offer.hours_note,
        "status": offer.status,
        "checked_on": offer.checked_on,
        "topics": sorted(t.name for t in offer.topics),
        "target_groups": sorted(t.name for t in offer.target_groups),
        "districts": sorted(d.name for d in offer.districts),
    }


def test_a_german_csv_is_imported_with_everything_it_says(session, kommune, directory):
    result = directory()
    assert result.counts() == {"created": 5, "updated": 0, "unchanged": 0}
    pflege = next(o for o in offers(session, kommune) if o.name.startswith("Ambulanter"))
    assert described(pflege) == {
        "name": "Ambulanter Pflegedienst Sonnenschein",
        "organization": "Diakonie Musterstadt e.V.",
        "summary": "Pflege zu Hause.",
        "description": "Pflege zu Hause, Hilfe im Haushalt und Beratung für Angehörige.",
        "address": "Lange Straße 45, 10115 Musterstadt",
        "phone": "+493023125201",
        "website": "https://www.diakonie-musterstadt.example",
        "email": "pflege@diakonie-musterstadt.example",
        "languages": ["de"],
        "cost": "",
        "accessibility": "",
        "hours": [(d, 8 * 60, 16 * 60) for d in range(5)],
        "hours_note": "",
        "status": AngebotStatus.ACTIVE,
        "checked_on": date(2026, 3, 15),
        "topics": ["Pflege und Betreuung"],  # "Pflege" is the default topic of that name
        "target_groups": ["Ältere Menschen"],
        "districts": ["Nord"],
    }
    beratung = next(o for o in offers(session, kommune) if o.name == "Pflegeberatung Müller")
    assert sorted(t.code for t in beratung.topics) == ["beratung", "pflege"]
    assert [(h.weekday, h.opens, h.closes) for h in beratung.hours] == [
        (0, 540, 720),
        (1, 540, 720),
        (1, 840, 1080),
        (2, 540, 720),
        (3, 540, 720),
        (4, 540, 720),
    ]
    bus = next(o for o in offers(session, kommune) if o.name == "Bürgerbus")
    assert bus.hours == [] and bus.hours_note == "nach Vereinbarung"
    assert sorted(d.name for d in bus.districts) == ["Nord", "Süd"]


def test_comma_separated_windows_1252_with_english_headers(session, kommune):
    header = (
        "name,organization,description,topics,target_groups,district,address,phone,"
        "opening_hours,website,email,languages,cost,accessibility,status,checked"
    )
    row = (
        'Sprechstunde Sozialamt,Stadt Musterstadt,"Hilfe bei Anträgen, Rente und Wohngeld.",'
        'Beratung,Familien;Ältere Menschen,Süd,"Rathausplatz 1, 10117 Musterstadt",'
        '030 23125210,"Mo, Mi 9:30-12",,,de;tr,kostenlos,stufenloser Zugang,pausiert,2025-01-31'
    )
    result = do_import(session, kommune, csv_bytes(row, header=header, encoding="cp1252"))
    assert result.counts()["created"] == 1
    (offer,) = offers(session, kommune)
    assert (offer.description, offer.languages, offer.cost, offer.accessibility) == (
        "Hilfe bei Anträgen, Rente und Wohngeld.",
        ["de", "tr"],
        "kostenlos",
        "stufenloser Zugang",
    )
    assert offer.status == AngebotStatus.PAUSED and offer.checked_on == date(2025, 1, 31)
    assert [(h.weekday, h.opens) for h in offer.hours] == [(0, 570), (2, 570)]


def test_broken_rows_are_named_in_german_and_nothing_is_imported(session, kommune):
    rows = [
        OFFERS[0],
        ";Träger;;;Pflege;;Nord;;;;;;",  # no name
        "Treff;;;;;;;;0301;abends;nicht eine Seite;keine-mail;",  # phone, hours, site, email
        OFFERS[0],  # the same offer again
        "Zu wenig;Felder",
    ]
    result = plan(session, kommune, csv_bytes(*rows))
    assert not result.ok
    errors = {row.line: row.errors for row in result.error_rows}
    assert errors[3] == [str(T.ROW_NAME)]
    assert errors[4] == [
        T.ROW_PHONE(value="0301"),
        T.ROW_HOURS(value="abends"),
        T.ROW_WEBSITE(value="nicht eine Seite"),
        T.ROW_EMAIL(value="keine-mail"),
    ]
    assert errors[5] == [T.ROW_TWICE(line=2)]
    assert "statt" in errors[6][0]
    session.rollback()
    assert offers(session, kommune) == []
    assert "Nichts wurde importiert" in result.summary()


def test_missing_columns_are_a_file_error(session, kommune):
    result = plan(session, kommune, b"Name;Telefon\nTreff;030 23125201\n")
    assert result.file_errors and "Es fehlen Spalten" in result.file_errors[0]


def test_importing_again_updates_instead_of_duplicating(session, kommune, directory):
    directory()
    again = directory()
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 5}
    changed = (
        OFFERS[1]
        .replace("030 23125202", "030 23125299")
        .replace("Seniorentreff Süd", "Seniorentreff SÜD")
    )
    changed = changed.replace("Beispielstraße 5", "Beispielstrasse 5")  # the same address
    result = directory(changed)
    assert result.counts() == {"created": 0, "updated": 1, "unchanged": 0}
    assert result.rows[0].changes == ["name", "phone", "street"]
    assert session.scalar(select(func.count(Angebot.id))) == 5
    treff = next(o for o in offers(session, kommune) if o.name == "Seniorentreff SÜD")
    assert treff.phone == "+493023125299"
    # the search follows the change
    from dispatch.directory.search import Query, search

    assert [o.id for o in search(session, kommune, Query(words="Beispielstrasse")).offers] == [
        treff.id
    ]


def test_the_vocabulary_grows_with_the_file(session, kommune, directory):
    row = OFFERS[0].replace(";Pflege;", ";Sport und Bewegung;")
    result = directory(row)
    assert result.new_terms == ["Sport und Bewegung"]
    assert "Neu im Verzeichnis: Sport und Bewegung" in result.summary()
    term = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.name == "Sport und Bewegung"))
    assert term.code == "sport" and "sport" in term.stems
    assert session.scalar(select(District.name)) == "Nord"


def test_opening_hours_as_people_write_them():
    assert parse_opening_hours("Mo-Fr 9-12, Di 14-18")[0] == sorted(
        [(d, 540, 720) for d in range(5)] + [(1, 840, 1080)]
    )
    assert parse_opening_hours("täglich 8-20")[0] == [(d, 480, 1200) for d in range(7)]
    assert parse_opening_hours("rund um die Uhr")[0] == [(d, 0, 1440) for d in range(7)]
    assert parse_opening_hours("Mi 10-12 und nach Vereinbarung") == (
        [(2, 600, 720)],
        "nach Vereinbarung",
    )
    assert parse_opening_hours("Mo-Fr") is None
    assert parse_opening_hours("abends") is None


# --- HSDS ----------------------------------------------------------------------------------------


def test_hsds_round_trip_gives_the_same_offers(session, kommune, make_kommune, directory, tmp_path):
    directory()
    first = offers(session, kommune)
    first[0].accessibility = "Aufzug"
    first[0].cost = "kostenlos"
    first[0].languages = ["de", "tr"]
    first[1].retire()
    session.commit()
    before = [described(o) for o in offers(session, kommune)]

    count = hsds.export(session, kommune, tmp_path / "hsds")
    assert count == 5
    written = {p.name for p in (tmp_path / "hsds").iterdir()}
    assert {
        "services.csv",
        "organizations.csv",
        "schedules.csv",
        "attributes.csv",
        "datapackage.json",
    } <= written

    # into the same Kommune: nothing changes
    again = hsds.plan_files(session, kommune, hsds.read_folder(tmp_path / "hsds"))
    assert again.ok and again.counts() == {"created": 0, "updated": 0, "unchanged": 5}
    session.rollback()

    # into another Kommune (as a zip): the same offers
    other = make_kommune(name="Beispielhausen", number="+493023125500")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (tmp_path / "hsds").iterdir():
            archive.write(path, f"paket/{path.name}")
    do_import(session, other, buffer.getvalue())
    assert [described(o) for o in offers(session, other)] == before
    assert {o.hsds_id for o in offers(session, other)} == {
        o.hsds_id for o in offers(session, kommune)
    }


def test_an_hsds_package_of_another_publisher(session, kommune, tmp_path: Path):
    """HSDS's own sample shape: a service with an organisation, a location and address, a
    phone, a weekly schedule over several days, a taxonomy term and a language."""
    files = {
        "organizations.csv": "id,name,description\no1,Tafel Musterstadt e.V.,Lebensmittel\n",
        "services.csv": (
            "id,organization_id,name,description,url,email,status,assured_date\n"
            "s1,o1,Tafel Ausgabe,Lebensmittel für wenig Geld.,tafel.example,,inactive,2026-02-01\n"
        ),
        "locations.csv": "id,location_type,name\nl1,physical,Ausgabe\n",
        "service_at_location.csv": "id,service_id,location_id\nsl1,s1,l1\n",
        "addresses.csv": (
            "id,location_id,address_1,city,state_province,postal_code,country,address_type\n"
            "a1,l1,Kirchweg 3,Musterstadt,BE,10115,DE,physical\n"
        ),
        "phones.csv": "id,service_id,number\np1,s1,+49 30 23125220\n",
        "schedules.csv": 'id,service_id,freq,byday,opens_at,closes_at\nx1,s1,WEEKLY,"TU,TH",10:00,12:30\n',
        "taxonomy_terms.csv": "id,name,description\nt1,Essen und Einkaufen,Essen\n",
        "attributes.csv": "id,link_id,taxonomy_term_id,link_type,link_entity\nat1,s1,t1,,service\n",
        "languages.csv": "id,service_id,name,code\nla1,s1,Arabisch,ar\n",
    }
    (tmp_path / "pkg").mkdir()
    for name, text in files.items():
        (tmp_path / "pkg" / name).write_text(text, encoding="utf-8")
    result = hsds.plan_files(session, kommune, hsds.read_folder(tmp_path / "pkg"))
    assert result.ok, [r.errors for r in result.rows]
    result.apply(session)
    session.commit()
    (offer,) = offers(session, kommune)
    assert described(offer) | {"summary": None} == {
        "name": "Tafel Ausgabe",
        "organization": "Tafel Musterstadt e.V.",
        "summary": None,
        "description": "Lebensmittel für wenig Geld.",
        "address": "Kirchweg 3, 10115 Musterstadt",
        "phone": "+493023125220",
        "website": "https://tafel.example",
        "email": "",
        "languages": ["ar"],
        "cost": "",
        "accessibility": "",
        "hours": [(1, 600, 750), (3, 600, 750)],
        "hours_note": "",
        "status": AngebotStatus.PAUSED,
        "checked_on": date(2026, 2, 1),
        "topics": ["Essen und Einkaufen"],
        "target_groups": [],
        "districts": [],
    }
    assert offer.hsds_id == "s1"
    # importing again finds it by its HSDS id, even with another name
    files["services.csv"] = files["services.csv"].replace("Tafel Ausgabe", "Tafel-Ausgabe Nord")
    for name, text in files.items():
        (tmp_path / "pkg" / name).write_text(text, encoding="utf-8")
    again = hsds.plan_files(session, kommune, hsds.read_folder(tmp_path / "pkg"))
    assert again.counts() == {"created": 0, "updated": 1, "unchanged": 0}


def test_an_hsds_package_without_services_is_refused(session, kommune):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "id,name\n")
    result = plan(session, kommune, buffer.getvalue())
    assert result.file_errors == [str(T.IMPORT_NO_SERVICES)]


def test_cli_import_dry_run_and_export(app, session, kommune, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_bytes(csv_bytes(*OFFERS))
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["offers", "import", str(path), "--kommune", "Musterstadt", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "5 neu" in result.output and "Probelauf" in result.output
    assert session.scalar(select(func.count(Angebot.id))) == 0
    result = runner.invoke(args=["offers", "import", str(path), "--kommune", "Musterstadt"])
    assert result.exit_code == 0 and "5 neu" in result.output
    result = runner.invoke(
        args=["offers", "export", "--kommune", "Musterstadt", "--hsds", str(tmp_path / "out")]
    )
    assert result.exit_code == 0 and "5 Angebote" in result.output
    bad = tmp_path / "kaputt.csv"
    bad.write_bytes(csv_bytes(";Caritas;;;;;;;;;;;", header=HEADER))
    result = runner.invoke(args=["offers", "import", str(bad), "--kommune", "Musterstadt"])
    assert result.exit_code == 1 and "Zeile 2: Name fehlt." in result.output


def test_an_import_tells_the_planner_how_large_the_directory_is(session, kommune, directory):
    """After an import the database knows the directory's size (ANALYZE), so a district's
    search starts from the district's short list, not from every offer of the Kommune."""
    directory()
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            sql("SELECT reltuples FROM pg_class WHERE relname = 'angebote'")
        ).scalar()
        assert rows == 5
    else:
        analysed = set(session.execute(sql("SELECT tbl FROM sqlite_stat1")).scalars())
        assert {"angebote", "angebot_districts", "angebot_terms", "angebot_hours"} <= analysed
