"""Directory fixtures: a small directory of offers imported the way staff do it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dispatch.directory.files import plan
from dispatch.directory.importer import OfferImport
from models import Kommune

HEADER = (
    "Name;Träger;Kurzbeschreibung;Beschreibung;Themen;Zielgruppen;Ortsteil;Adresse;Telefon;"
    "Öffnungszeiten;Webseite;E-Mail;Geprüft"
)
#: Fictional offers; numbers from the drama range 030 23125 xxx.
OFFERS = [
    "Ambulanter Pflegedienst Sonnenschein;Diakonie Musterstadt e.V.;Pflege zu Hause.;"
    "Pflege zu Hause, Hilfe im Haushalt und Beratung für Angehörige.;Pflege;Ältere Menschen;"
    "Nord;Lange Straße 45, 10115 Musterstadt;030 23125201;Mo-Fr 8-16;"
    "www.diakonie-musterstadt.example;pflege@diakonie-musterstadt.example;15.03.2026",
    "Seniorentreff Süd;Stadt Musterstadt;Kaffee und Gespräche.;Kaffee, Spiele und Gespräche "
    "jeden Dienstag.;Treffpunkte;Ältere Menschen;Süd;Beispielstraße 5, 10117 Musterstadt;"
    "030 23125202;Di 14-17;;;",
    "Pflegeberatung Müller;Caritas Musterstadt;Beratung zur Pflege.;Beratung zu Pflegegrad "
    'und Anträgen.;"Beratung; Pflege";Pflegende Angehörige;Süd;Marktplatz 1, 10117 Musterstadt;'
    "030 23125203;Mo-Fr 9-12, Di 14-18;;;",
    "Mittagstisch am Markt;Stadt Musterstadt;Warmes Mittagessen.;Warmes Mittagessen für "
    "3,50 Euro.;Essen und Einkaufen;Ältere Menschen;Nord;Marktplatz 2, 10115 Musterstadt;"
    "030 23125204;täglich 11-14;;;",
    "Bürgerbus;Verein Bürgerbus Musterstadt e.V.;Fahrten zum Arzt und zum Einkaufen.;"
    "Fahrten zum Arzt und zum Einkaufen, nach Vereinbarung.;Fahrdienste;Menschen mit "
    'Behinderung;"Nord; Süd";Am Bahnhof 1, 10115 Musterstadt;030 23125205;nach Vereinbarung;;;',
]


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def do_import(session: Any, kommune: Kommune, data: bytes) -> OfferImport:
    result = plan(session, kommune, data)
    assert result.ok, [(r.line, r.errors) for r in result.error_rows] + result.file_errors
    result.apply(session)
    session.commit()
    return result


@pytest.fixture
def directory(session: Any, kommune: Kommune) -> Callable[..., OfferImport]:
    """Import the five offers (or the rows given) into Musterstadt's directory."""

    def make(*rows: str) -> OfferImport:
        return do_import(session, kommune, csv_bytes(*(rows or OFFERS)))

    return make


# From the dashboard's fixtures: a logged-in staff browser (what staff see of the directory)
# and a live server for the browser tests.
from tests.dashboard.conftest import (  # noqa: E402, F401
    Staff,
    live_app,
    live_server,
    staff_browser,
)
