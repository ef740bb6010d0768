"""The main staff paths in a real browser (Debian's Chromium through Playwright), against a
live server of its own: log in, the Today page, a call from the browser phone followed to
its outcome, registering a person, the CSV import, the audit log, keyboard and tablet use."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models import HelpRequest, Person, db
from tests.conftest import service_missing

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EMAIL = "neu@musterstadt.example"
PASSWORD = "ein-sehr-geheimes-passwort"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        service_missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def setup(live_app, live_server):
    """A Kommune and an admin made with the command line, as an operator would."""
    runner = live_app.test_cli_runner()
    result = runner.invoke(args=["kommune", "add", "Musterstadt", "--number", "+493023125000"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "staff",
            "add",
            EMAIL,
            "--kommune",
            "Musterstadt",
            "--role",
            "admin",
            "--name",
            "Nora Neu",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    return live_server


@pytest.fixture
def page(chromium, setup) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=setup.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def login(page: Any) -> None:
    page.goto("/")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("heading", name="Heute", exact=True).wait_for()


def register(page: Any, name: str, phone: str, *, volunteer: bool = False) -> None:
    page.get_by_role("link", name="Personen").click()
    page.get_by_role("link", name="Person anlegen").click()
    page.get_by_label("Vor- und Nachname").fill(name)
    page.get_by_label("Telefonnummer").fill(phone)
    page.get_by_label("Adresse (Straße, Hausnummer, Ort)").fill("Musterweg 1")
    page.get_by_label("Ortsteil / Quartier").fill("Altstadt")
    if volunteer:
        page.get_by_label("hilft (Helfer*in)").check()
        page.get_by_label("Einkaufen").check()
    else:
        page.get_by_label("sucht Hilfe (Klient*in)").check()
    page.get_by_label("Die Person ist einverstanden, dass wir ihre Daten speichern.").check()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text(f"{name} ist angelegt.").wait_for()


def test_a_new_staff_member_follows_a_browser_phone_request_to_its_outcome(page, live_app):
    login(page)
    register(page, "Erika Musterfrau", "030 23125101")
    register(page, "Max Mustermann", "0152 28817301", volunteer=True)
    page.get_by_role("button", name="Freigeben").click()
    page.get_by_text("Max Mustermann ist freigegeben").wait_for()

    # A call through the browser phone (the real, signed webhooks).
    page.get_by_role("link", name="Telefon").click()
    page.get_by_label("Ich rufe an als").select_option(label="Erika Musterfrau (030 23125101)")
    page.get_by_role("button", name="Anrufen").click()
    heard = page.locator("#heard")
    heard.get_by_text("Guten Tag, Erika Musterfrau.", exact=False).wait_for()
    page.locator(".key[data-key='1']").click()
    heard.get_by_text("Wann brauchen Sie Hilfe?", exact=False).wait_for()
    page.locator(".key[data-key='1']").click()
    page.get_by_label("Sagen (Text, den die Spracherkennung verstanden hätte)").fill(
        "Brot und Milch vom Bäcker"
    )
    page.get_by_role("button", name="Sagen", exact=True).click()
    heard.get_by_text("Stimmt das?", exact=False).wait_for()
    page.locator(".key[data-key='1']").click()
    heard.get_by_text("Ihre Anfragenummer ist", exact=False).wait_for()
    page.get_by_role("button", name="Auflegen").click()
    with live_app.app_context():
        ref = db.session.scalar(select(HelpRequest.ref))
        max_id = db.session.scalar(select(Person.id).where(Person.name == "Max Mustermann"))

    # Today shows it; the request page follows it to the end.
    page.get_by_role("link", name="Heute").click()
    searching = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Suche läuft"))
    )
    searching.get_by_role("link", name=ref).click()
    page.get_by_role("heading", name=re.compile(f"Anfrage {ref}")).wait_for()
    assert (
        page.get_by_text("„Brot und Milch vom Bäcker“").is_visible()
        or page.get_by_text("Brot und Milch vom Bäcker").first.is_visible()
    )
    page.get_by_label("Wer übernimmt?").select_option(value=str(max_id))
    page.get_by_role("button", name="Vergeben", exact=True).click()
    page.get_by_text("Max Mustermann hat die Anfrage übernommen").wait_for()
    page.get_by_label("Notiz (optional)").fill("Einkauf gebracht")
    page.get_by_role("button", name="Erledigt", exact=True).click()
    page.get_by_text("Die Anfrage ist als erledigt vermerkt.").wait_for()
    page.get_by_label("Ergebnis", exact=True).select_option(label="Nachfrage: alles gut")
    page.get_by_label("Notiz", exact=True).fill("Frau Musterfrau ist zufrieden")
    page.get_by_role("button", name="Notieren").click()
    page.get_by_text("Das Ergebnis ist notiert.").wait_for()
    timeline = page.locator(".timeline")
    assert (
        "Ergebnis notiert" in timeline.inner_text()
        and "Frau Musterfrau ist zufrieden" in timeline.inner_text()
    )
    with live_app.app_context():
        request = db.session.scalar(select(HelpRequest))
        assert request.status == "done" and request.volunteer.name == "Max Mustermann"

    # The audit log names who saw whose data.
    page.get_by_role("link", name="Protokoll").click()
    rows = page.locator("table.audit tbody tr")
    assert rows.count() >= 5
    assert "Erika Musterfrau" in page.locator("table.audit").inner_text()
    assert "Nora Neu" in page.locator("table.audit").inner_text()


def test_csv_import_previews_every_row_before_saving(page, live_app, tmp_path):
    login(page)
    csv = tmp_path / "leute.csv"
    csv.write_text(
        "Rolle;Name;Telefon;Ortsteil;Kategorien;Sprachen;Notizen\n"
        "klientin;Erika Musterfrau;030 23125101;Altstadt;;de;\n"
        "helferin;Max Mustermann;0152 28817301;Altstadt;einkaufen;de;\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name="Personen").click()
    page.get_by_role("link", name="CSV importieren").click()
    page.get_by_label("CSV-Datei").set_input_files(str(csv))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.get_by_text("2 neu, 0 geändert, 0 unverändert.").wait_for()
    assert page.locator("table.preview tbody tr").count() == 2
    with live_app.app_context():
        assert db.session.scalar(select(Person)) is None
    page.get_by_role("button", name="Jetzt importieren").click()
    page.get_by_text("Import gespeichert").wait_for()
    assert page.get_by_role("link", name="Max Mustermann").is_visible()
    with live_app.app_context():
        assert sorted(db.session.scalars(select(Person.name))) == [
            "Erika Musterfrau",
            "Max Mustermann",
        ]


def test_keyboard_only_and_tablet(page, chromium, setup):
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    for _ in range(5):  # past the site's name to the first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    assert page.evaluate("document.activeElement.labels[0].textContent") == "E-Mail-Adresse"
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Heute", exact=True).wait_for()

    tablet = chromium.new_context(
        base_url=setup.url, viewport={"width": 768, "height": 1024}, has_touch=True
    )
    try:
        tab = tablet.new_page()
        login(tab)
        for path in ("/", "/calls", "/people", "/figures", "/phone"):
            tab.goto(path)
            overflow = tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
    finally:
        tablet.close()


def test_the_browser_phone_shows_only_the_buttons_that_fit(page):
    login(page)
    register(page, "Erika Musterfrau", "030 23125101")
    page.get_by_role("link", name="Telefon").click()
    dial = page.get_by_role("button", name="Anrufen")
    hang_up = page.get_by_role("button", name="Auflegen")
    keypad = page.locator("#keypad-box")
    assert dial.is_visible() and not hang_up.is_visible() and not keypad.is_visible()

    page.get_by_label("Ich rufe an als").select_option(label="Erika Musterfrau (030 23125101)")
    dial.click()
    page.locator("#heard").get_by_text("Guten Tag, Erika Musterfrau.", exact=False).wait_for()
    assert hang_up.is_visible() and keypad.is_visible()
    assert not dial.is_visible() and not page.get_by_label("Ich rufe an als").is_visible()

    page.locator(".key[data-key='0']").click()  # no duty phone: the voicemail records
    page.locator("#record-box").wait_for(state="visible")
    assert not keypad.is_visible() and hang_up.is_visible()

    hang_up.click()
    dial.wait_for(state="visible")
    assert not hang_up.is_visible() and not keypad.is_visible()
    assert not page.locator("#record-box").is_visible()


def test_settings_and_verifying_an_unknown_caller(page, live_app):
    from dispatch import intake
    from models import Kommune

    login(page)
    page.get_by_role("link", name="Einstellungen").click()
    page.get_by_label("Bürozeiten des Teams").fill("Mo-Do 9-16, Fr 9-12")
    page.get_by_label("Telefone des Teams (für „0“ und Hinweise)").fill(
        "030 23125900\n0152 28817399"
    )
    page.get_by_label("Bundesland (für die Feiertage)").select_option(label="Bayern")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Gespeichert.").wait_for()
    assert page.get_by_label("Bürozeiten des Teams").input_value() == "Mo-Do 9-16, Fr 9-12"
    page.get_by_label("Bürozeiten des Teams").fill("Mo-Fr")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("fehlen die Uhrzeiten").wait_for()
    with live_app.app_context():
        kommune = db.session.scalar(select(Kommune))
        assert kommune.state == "BY" and len(kommune.duty_phones) == 2
        assert kommune.office_hours["fri"] == [["09:00", "12:00"]]
        request = intake.open_request(
            db.session,
            kommune=kommune,
            client=None,
            category="shopping",
            when="today",
            caller_name="Otto Normal",
            caller_address="Am Markt 1",
            callback_phone="+493023125188",
        )
        db.session.commit()
        ref = request.ref

    page.get_by_role("link", name="Heute").click()
    page.get_by_role("link", name=f"Anfrage {ref}").click()
    known = page.locator("#verify-known")
    assert known.get_by_text("Niemand mit dieser Nummer").is_visible()
    new = page.locator("#verify-new")
    assert new.get_by_label("Vor- und Nachname").input_value() == "Otto Normal"
    new.get_by_label("Die Person ist einverstanden, dass wir ihre Daten speichern.").check()
    new.get_by_role("button", name="Anlegen und Suche starten").click()
    page.get_by_text("Die Person ist geprüft").wait_for()
    with live_app.app_context():
        otto = db.session.scalar(select(Person).where(Person.name == "Otto Normal"))
        assert otto.phone == "+493023125188"


def _shot(page: Any, name: str) -> None:
    """A screenshot into $SCREENSHOTS, when set (for a person to look at)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_hours_come_in_by_sms_staff_correct_them_and_print_the_statement(page, live_app):
    """A volunteer's "ERLEDIGT" without a time, the answer "1,5"; staff correct it to 2 on
    the request page and download the client's statement of the month."""
    from io import BytesIO

    from pypdf import PdfReader

    from dispatch import intake, lifecycle
    from models import SYSTEM, Kommune

    login(page)
    register(page, "Erika Musterfrau", "030 23125101")
    register(page, "Max Mustermann", "0152 28817301", volunteer=True)
    page.get_by_role("button", name="Freigeben").click()
    page.get_by_text("Max Mustermann ist freigegeben").wait_for()
    with live_app.app_context():
        kommune = db.session.scalar(select(Kommune))
        erika = db.session.scalar(select(Person).where(Person.name == "Erika Musterfrau"))
        max_ = db.session.scalar(select(Person).where(Person.name == "Max Mustermann"))
        request = intake.open_request(
            db.session, kommune=kommune, client=erika, category="shopping", when="today"
        )
        lifecycle.assign_by_hand(db.session, request, max_, actor=SYSTEM)
        db.session.commit()
        ref, request_id, max_id = request.ref, request.id, max_.id

    page.get_by_role("link", name="Telefon").click()  # the volunteer's SMS, from the browser
    page.get_by_label("Von", exact=True).select_option(value=str(max_id))
    replies = page.locator("#sms-replies")
    page.get_by_label("Text", exact=True).fill("ERLEDIGT")
    page.get_by_role("button", name="SMS senden").click()
    replies.get_by_text("Wie lange hat es gedauert?", exact=False).wait_for()
    page.get_by_label("Text", exact=True).fill("1,5")
    page.get_by_role("button", name="SMS senden").click()
    replies.get_by_text(f"Für Anfrage {ref} sind 1,5 Std. notiert", exact=False).wait_for()
    _shot(page, "records-sms")

    page.goto(f"/requests/{request_id}")
    page.locator("#time-spent").get_by_text("1,5 Std.").wait_for()
    page.get_by_label("Zeitaufwand (Stunden, z. B. 1,5 oder 90 min)").fill("2")
    page.locator("#hours").get_by_role("button", name="Speichern").click()
    page.get_by_text("Zeitaufwand notiert: 2 Std.").wait_for()
    page.get_by_text("2 Std. (vorher 1,5 Std.)").wait_for()
    _shot(page, "records-request")

    page.get_by_role("link", name="Nachweise").click()
    row = page.locator("#statements tr", has_text="Erika Musterfrau")
    row.get_by_text("Max Mustermann").wait_for()
    _shot(page, "records-statements")
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    text = PdfReader(BytesIO(Path(download.value.path()).read_bytes())).pages[0].extract_text()
    assert "Erika Musterfrau" in text and ref in text and "Stunden gesamt: 2" in text


def test_recognition_keeps_a_volunteer_out_of_phone_chats_until_confirmed(page, live_app):
    """The admin takes the NRW list, requires the brochure for phone chats; the volunteer's
    page says why they get no such requests, until staff confirm the brochure."""
    login(page)
    register(page, "Max Mustermann", "0152 28817301", volunteer=True)
    page.get_by_role("button", name="Freigeben").click()
    page.get_by_text("Max Mustermann ist freigegeben").wait_for()
    person_url = page.url
    page.get_by_label("Telefongespräch").check()
    page.locator("form", has=page.get_by_label("Telefongespräch")).get_by_role(
        "button", name="Speichern"
    ).click()

    page.get_by_role("navigation").get_by_role("link", name="Anerkennung").click()
    page.get_by_role("button", name="Vorlage übernehmen").click()
    page.get_by_text("Die Voraussetzungen des Landes stehen auf der Liste (5 neu).").wait_for()
    brochure = "Kennt die Broschüre des Landes für Nachbarschaftshelfer*innen"
    page.get_by_label(f"Telefongespräch: {brochure}").check()
    page.locator("form", has=page.locator("#requirements")).get_by_role(
        "button", name="Speichern"
    ).click()
    page.get_by_text("Voraussetzungen je Kategorie gespeichert.").wait_for()
    _shot(page, "records-recognition")

    page.goto(person_url)
    notice = page.locator(".not-offered")
    notice.get_by_text("Bekommt keine Anfragen für Telefongespräch", exact=False).wait_for()
    _shot(page, "records-person-missing")
    row = page.locator("#checklist tr", has_text=brochure)
    row.get_by_role("button", name="Bestätigen").click()
    page.get_by_text(f"„{brochure}“ ist bestätigt.").wait_for()
    assert page.locator(".not-offered").count() == 0
    _shot(page, "records-person-confirmed")


def test_a_staff_member_on_shift_answers_the_rotas_call_in_the_browser_phone(
    page, chromium, setup, live_app
):
    """One tab calls and presses 0; in a second tab the staff member on shift sees the
    ring, hears the whisper, takes it with 1, and the caller is put through."""
    from datetime import UTC, datetime

    from models import Kommune
    from models import base as model_base

    model_base.travel(datetime(2026, 11, 30, 9, 0, tzinfo=UTC) - model_base.utcnow())  # Mo 10:00
    with live_app.app_context():
        kommune = db.session.scalar(select(Kommune))
        kommune.rota = [{"phone": "+4915228817391", "hours": {"mon": [["08:00", "16:00"]]}}]
        db.session.commit()

    login(page)
    page.get_by_role("link", name="Telefon").click()
    page.get_by_label("Ich rufe an als").select_option(value="other")
    page.get_by_label("Eigene Nummer").fill("030 23125177")
    page.get_by_role("button", name="Anrufen").click()
    heard = page.locator("#heard")
    heard.get_by_text("Guten Tag.", exact=False).wait_for()
    page.locator(".key[data-key='0']").click()
    heard.get_by_text("Ich verbinde Sie mit unserem Team.", exact=False).wait_for()

    staff = chromium.new_context(base_url=setup.url, locale="de-DE").new_page()
    staff.set_default_timeout(10_000)
    login(staff)
    staff.get_by_role("link", name="Telefon").click()
    ring = staff.locator(
        "#outbox li", has_text="Anruf für den Dienstplan: klingelt bei 01522 8817391"
    )
    ring.get_by_role("button", name="Abnehmen").click()
    staff_heard = staff.locator("#heard")
    staff_heard.get_by_text("Anruf der Nachbarschaftshilfe, drücken Sie 1 zum Annehmen.").wait_for()
    staff.locator(".key[data-key='1']").click()
    staff_heard.get_by_text("Sie sind mit der anrufenden Person verbunden.").wait_for()

    page.get_by_role("button", name="Team nimmt ab").click()
    heard.get_by_text("Vielen Dank für Ihren Anruf.", exact=False).wait_for()
    staff.context.close()
