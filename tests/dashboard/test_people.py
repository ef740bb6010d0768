"""People: registering someone without internet, editing, volunteers' status and
availability, the CSV import with its preview, and hostile input."""

from __future__ import annotations

import base64
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import AuditEntry, Person
from prompts import dashboard as T
from tests.dashboard.conftest import Page

REGISTER = {
    "salutation": "Frau",
    "name": "Erika  Musterfrau",
    "phone": "030 23125123",
    "address": "Musterweg 1",
    "district": "Altstadt",
    "languages": "de, tr",
    "prefers": "",
    "notes": "hört schlecht",
    "is_client": "y",
    "consent": "y",
    "consent_note": "telefonisch",
}


def test_register_a_person_without_internet(session, coordinator, coordinator_user):
    form = coordinator.page("/people/new")
    assert "Vor- und Nachname" in form and 'for="phone"' in form.html
    page = coordinator.follow(coordinator.post("/people/new", REGISTER))
    assert T.PERSON_CREATED(name="Erika Musterfrau") in page
    erika = session.scalar(select(Person).where(Person.phone == "+493023125123"))
    assert (erika.name, erika.salutation, erika.district, erika.languages, erika.line_type) == (
        "Erika Musterfrau",
        "Frau",
        "Altstadt",
        ["de", "tr"],
        "landline",
    )
    assert erika.is_client and not erika.is_volunteer and erika.status is None
    assert erika.consent_at is not None and erika.consent_note == "telefonisch"
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.person_id == erika.id)
    ).all()
    assert actions[:2] == ["create", "view"]
    assert all(
        e == coordinator_user.id
        for e in session.scalars(
            select(AuditEntry.staff_user_id).where(AuditEntry.person_id == erika.id)
        )
    )


def test_register_shows_german_errors_and_saves_nothing(session, coordinator):
    coordinator.page("/people/new")
    response = coordinator.post(
        "/people/new", {**REGISTER, "phone": "12", "name": "", "is_client": ""}
    )
    page = Page(response)
    assert response.status_code == 200
    assert str(T.PHONE_INVALID) in page and str(T.REQUIRED) in page and str(T.ROLE_MISSING) in page
    assert 'aria-invalid="true"' in page.html
    assert session.scalar(select(func.count(Person.id))) == 0


def test_the_same_number_twice_is_refused(session, coordinator, make_person):
    make_person("client", name="Erika Musterfrau", phone="+493023125123")
    response = coordinator.post("/people/new", {**REGISTER, "name": "Max Mustermann"})
    assert T.PHONE_TAKEN(name="Erika Musterfrau") in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Person.id))) == 1


def test_a_new_volunteer_waits_for_approval(session, coordinator, admin):
    data = {
        **REGISTER,
        "is_client": "",
        "is_volunteer": "y",
        "categories": ["shopping", "dog_walking"],
        "phone": "0152 28817301",
    }
    coordinator.post("/people/new", data)
    max_ = session.scalar(select(Person).where(Person.phone == "+4915228817301"))
    assert (
        max_.status == "pending"
        and max_.categories == ["dog_walking", "shopping"]
        and max_.line_type == "mobile"
    )
    page = admin.page(f"/people/{max_.id}")
    assert "Wartet auf Freigabe" in page and "Anerkennen und freigeben" in page
    response = admin.post(
        f"/people/{max_.id}/approve",
        {"recognized_on": "2026-11-02", "note": "Gespräch im Servicepunkt"},
    )
    assert T.VOLUNTEER_APPROVED(name=max_.name) in admin.follow(response)
    session.expire_all()
    assert (max_.status, max_.recognized_on, max_.recognition_note) == (
        "active",
        date(2026, 11, 2),
        "Gespräch im Servicepunkt",
    )


def test_edit_is_audited_with_the_fields_changed(session, coordinator, make_person):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125123")
    form = coordinator.page(f"/people/{erika.id}/edit")
    assert form.inputs["phone"] == "030 23125123"
    coordinator.post(f"/people/{erika.id}/edit", {**REGISTER, "address": "Neuer Weg 2"})
    session.expire_all()
    assert erika.address == "Neuer Weg 2"
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.person_id == erika.id, AuditEntry.action == "update")
    )
    assert "address" in entry.detail["fields"]
    assert "Neuer Weg" not in str(entry.detail)  # the log names fields, never the data


def test_pause_resume_block_unblock(session, coordinator, admin, make_person):
    max_ = make_person("volunteer", name="Max Mustermann")
    coordinator.post(f"/people/{max_.id}/pause", {"reason": "Urlaub"})
    session.expire_all()
    assert (max_.status, max_.status_reason) == ("paused", "Urlaub")
    coordinator.post(f"/people/{max_.id}/resume")
    session.expire_all()
    assert max_.status == "active"
    page = admin.follow(admin.post(f"/people/{max_.id}/block", {"reason": ""}))
    assert str(T.REQUIRED) in page
    admin.post(f"/people/{max_.id}/block", {"reason": "unzuverlässig"})
    session.expire_all()
    assert (max_.status, max_.status_reason) == ("blocked", "unzuverlässig")
    assert "Gesperrt" in admin.page(f"/people/{max_.id}")
    admin.post(f"/people/{max_.id}/unblock")
    session.expire_all()
    assert max_.status == "active"
    changes = session.scalars(
        select(AuditEntry.detail).where(
            AuditEntry.person_id == max_.id, AuditEntry.action == "status"
        )
    ).all()
    assert [c["change"] for c in changes] == ["pause", "resume", "block", "unblock"]


def test_categories_availability_and_maximum(session, coordinator, make_person):
    max_ = make_person("volunteer", name="Max Mustermann")
    data = {
        "categories": ["phone_chat", "other"],
        "days": ["0", "2", "4"],
        "available_from": "9",
        "available_until": "17",
        "max_open_tasks": "3",
    }
    coordinator.post(f"/people/{max_.id}/availability", data)
    session.expire_all()
    assert max_.categories == ["other", "phone_chat"]
    assert (
        max_.available_days,
        max_.available_from,
        max_.available_until,
        max_.max_open_tasks,
    ) == (0b10101, 9, 17, 3)
    page = coordinator.follow(
        coordinator.post(f"/people/{max_.id}/availability", {**data, "available_until": "8"})
    )
    assert str(T.HOURS_INVALID) in page
    session.expire_all()
    assert max_.available_until == 17


def test_volunteer_history(session, coordinator, make_person, make_request, run_tasks, sms):
    max_ = make_person("volunteer", name="Max Mustermann")
    request = make_request()
    run_tasks()
    sms(max_.phone, f"JA {request.ref}")
    page = coordinator.page(f"/people/{max_.id}")
    assert "zugesagt: 1" in page
    assert request.ref in page.text.split("Übernommene Anfragen")[1]


def test_people_search(session, coordinator, make_person):
    make_person("client", name="Erika Musterfrau", phone="+493023125123")
    make_person("volunteer", name="Max Mustermann", phone="+4915228817301")
    assert "Max Mustermann" not in coordinator.page("/people?q=erika").text.split("Status")[-1]
    assert "Erika Musterfrau" in coordinator.page("/people?q=030 23125123")
    assert "Max Mustermann" in coordinator.page("/people?q=28817301")
    assert (
        "Erika Musterfrau"
        not in coordinator.page("/people?role=volunteer").text.split("Status")[-1]
    )


# --- hostile input --------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_a_volunteer_named_script_is_shown_as_text_everywhere(
    session, coordinator, make_person, make_request, run_tasks
):
    evil = make_person("volunteer", name=SCRIPT, district=SCRIPT)
    request = make_request()
    request.district = SCRIPT
    session.commit()
    run_tasks()
    for path in (
        "/people",
        f"/people/{evil.id}",
        f"/requests/{request.id}",
        "/requests",
        "/",
        "/figures",
    ):
        page = coordinator.page(path)
        assert page.status == 200, path
        assert SCRIPT not in page.html, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in coordinator.page(f"/people/{evil.id}").html
    assert SCRIPT in coordinator.page(f"/people/{evil.id}").text  # shown, as text


def test_pages_forbid_inline_scripts(coordinator):
    response = coordinator.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


SQLISH = [
    "' OR '1'='1",
    "%",
    "_",
    "\\",
    "'; DROP TABLE people; --",
    "Musterfrau%' --",
    "Muster_rau",
]


def test_sql_like_search_input_is_only_text(session, coordinator, make_person, make_request):
    make_request(make_person("client", name="Erika Musterfrau", phone="+493023125123"))
    for text in SQLISH:
        people = coordinator.page("/people", query_string={"q": text})
        requests = coordinator.page("/requests", query_string={"q": text})
        calls = coordinator.page("/calls", query_string={"caller": text})
        assert (people.status, requests.status, calls.status) == (200, 200, 200), text
        assert "Erika Musterfrau" not in people.text.split("Status")[-1], (
            text
        )  # % and _ are no wildcards
        assert "Erika Musterfrau" not in requests.text.split("Aufgenommen")[-1], text
    assert session.scalar(select(func.count(Person.id))) == 1
    assert (
        "Erika Musterfrau"
        in coordinator.page("/people", query_string={"q": "Musterfrau"}).text.split("Status")[-1]
    )
    nul = coordinator.page("/people", query_string={"q": "Muster\x00frau"})
    assert nul.status == 200 and "Erika Musterfrau" in nul.text.split("Status")[-1]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=120))
def test_any_search_text_gets_a_page_never_an_error(session, coordinator, text):
    for path in ("/people", "/calls", "/requests"):
        response = coordinator.get(path, query_string={"q": text, "caller": text})
        assert response.status_code == 200


# --- CSV import ----------------------------------------------------------------------------------------------

CSV = (
    "role;name;phone;district;categories;languages;notes\n"
    "client;Erika Musterfrau;030 23125123;Altstadt;;de;\n"
    "volunteer;Max Mustermann;0152 28817301;Altstadt;einkaufen;de;\n"
)


def _upload(admin, data: bytes):
    return admin.post(
        "/people/import",
        {"file": (io.BytesIO(data), "leute.csv")},
        content_type="multipart/form-data",
    )


def test_import_shows_a_preview_per_row_and_saves_only_after_confirmation(
    session, admin, admin_user
):
    preview = Page(_upload(admin, CSV.encode()))
    assert preview.status == 200
    assert "2 neu, 0 geändert, 0 unverändert." in preview
    assert "Erika Musterfrau" in preview and "Max Mustermann" in preview and "neu" in preview
    assert session.scalar(select(func.count(Person.id))) == 0  # nothing saved yet

    response = admin.post(
        "/people/import/confirm",
        {"payload": preview.inputs["payload"], "signature": preview.inputs["signature"]},
        content_type="multipart/form-data",
    )
    page = admin.follow(response)
    assert T.IMPORT_DONE(summary="2 neu, 0 geändert, 0 unverändert.") in page
    assert session.scalar(select(func.count(Person.id))) == 2
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
    assert entry.staff_user_id == admin_user.id and entry.detail["created"] == 2

    again = Page(_upload(admin, CSV.encode()))
    assert "0 neu, 0 geändert, 2 unverändert." in again


def test_import_with_errors_shows_them_per_row_and_cannot_be_confirmed(session, admin):
    bad = CSV + "helper;;12;;;;\n"
    page = Page(_upload(admin, bad.encode()))
    assert "Fehlerhafte Zeilen: 1. Nichts wurde importiert." in page
    assert "Rolle „helper“ unbekannt" in page and "Name fehlt." in page
    assert "signature" not in page.inputs
    assert session.scalar(select(func.count(Person.id))) == 0


def test_import_confirm_refuses_a_changed_file(session, admin):
    preview = Page(_upload(admin, CSV.encode()))
    forged = base64.b64encode(
        (CSV + "client;Fritz Fälscher;030 23125124;;;de;\n").encode()
    ).decode()
    response = admin.post(
        "/people/import/confirm",
        {"payload": forged, "signature": preview.inputs["signature"]},
        content_type="multipart/form-data",
    )
    assert str(T.IMPORT_CHANGED) in admin.follow(response)
    assert session.scalar(select(func.count(Person.id))) == 0


def test_import_rechecks_on_confirmation(session, admin, make_person):
    preview = Page(_upload(admin, CSV.encode()))
    make_person(
        "client", name="Erika Musterfrau", phone="+493023125123"
    )  # meanwhile, by someone else
    response = admin.post(
        "/people/import/confirm",
        {"payload": preview.inputs["payload"], "signature": preview.inputs["signature"]},
        content_type="multipart/form-data",
    )
    assert "1 neu, 1 geändert, 0 unverändert." in admin.follow(response)  # Erika gets her district
    assert session.scalar(select(func.count(Person.id))) == 2


def test_a_big_file_can_be_imported_through_the_page(session, admin, app):
    rows = "".join(
        f"client;Klientin {n:05d} Musterfrau mit langem Namen;030 23125{n % 1000:03d}{n // 1000};Altstadt;;de;\n"
        for n in range(5000)
    )
    data = ("role;name;phone;district;categories;languages;notes\n" + rows).encode()
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]  # more than any other form may send
    preview = Page(_upload(admin, data))
    assert preview.status == 200 and "5000 neu, 0 geändert, 0 unverändert." in preview
    response = admin.post(
        "/people/import/confirm",
        {"payload": preview.inputs["payload"], "signature": preview.inputs["signature"]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert session.scalar(select(func.count(Person.id))) == 5000
    too_big = _upload(admin, data * 30)  # over IMPORT_MAX_BYTES: refused before it is read
    assert too_big.status_code == 413


def test_a_volunteer_chooses_how_clients_hear_their_name(session, coordinator, make_person):
    max_ = make_person("volunteer", name="Max Mustermann", phone="+4915228817301")
    data = {
        **REGISTER,
        "name": "Max Mustermann",
        "phone": "0152 28817301",
        "salutation": "",
        "is_client": "",
        "is_volunteer": "y",
        "categories": ["shopping"],
        "called_as": "surname",
    }
    page = Page(coordinator.post(f"/people/{max_.id}/edit", data))
    assert str(T.SALUTATION_NEEDED) in page  # "Herr Mustermann" needs the Herr
    coordinator.post(f"/people/{max_.id}/edit", {**data, "salutation": "Herr"})
    session.expire_all()
    assert (max_.salutation, max_.called_as) == ("Herr", "surname")
    assert "Frau oder Herr und Nachname" in coordinator.page(f"/people/{max_.id}")


def test_staff_set_a_pin_that_is_never_shown_and_audited(session, coordinator, make_person):
    erika = make_person("client", name="Erika Musterfrau")
    page = coordinator.page(f"/people/{erika.id}")
    assert "PIN für Anrufe" in page and "Ohne PIN" in page
    refused = coordinator.follow(coordinator.post(f"/people/{erika.id}/pin", {"pin_required": "y"}))
    assert str(T.PIN_NEEDED) in refused
    short = coordinator.follow(
        coordinator.post(f"/people/{erika.id}/pin", {"pin_required": "y", "pin": "12a"})
    )
    assert str(T.PIN_INVALID) in short
    session.expire_all()
    assert not erika.pin_required and erika.pin_hash is None

    done = coordinator.follow(
        coordinator.post(f"/people/{erika.id}/pin", {"pin_required": "y", "pin": "0815"})
    )
    assert str(T.PIN_SAVED) in done and "0815" not in done.html
    session.expire_all()
    assert erika.pin_required and erika.check_pin("0815")
    assert "0815" not in erika.pin_hash
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.person_id == erika.id, AuditEntry.action == "pin")
    )
    assert entry.detail["fields"] == ["pin", "pin_required"] and "0815" not in str(entry.detail)

    # keeping "mit PIN" without typing a new one keeps the PIN; switching it off forgets it
    assert str(T.NO_CHANGE) in coordinator.follow(
        coordinator.post(f"/people/{erika.id}/pin", {"pin_required": "y"})
    )
    coordinator.post(f"/people/{erika.id}/pin", {})
    session.expire_all()
    assert not erika.pin_required and erika.pin_hash is None
