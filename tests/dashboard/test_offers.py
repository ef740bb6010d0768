"""Staff keep the directory: list and search, add, edit, pause, retire, mark checked, the
reminder list of offers not checked for 12 months, the import with a preview; and in
Zahlen supply beside need per district and topic (table, chart, CSV)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from dispatch.directory import lookup
from models import BERLIN, Angebot, AngebotStatus, InfoSearch, TaxonomyTerm, utcnow
from tests.directory.conftest import OFFERS, csv_bytes, do_import


@pytest.fixture
def directory(session, kommune):
    def make(*rows):
        return do_import(session, kommune, csv_bytes(*(rows or OFFERS)))

    return make


def test_the_list_search_and_the_reminder(coordinator, session, kommune, directory):
    directory()
    page = coordinator.page("/offers")
    assert "5 Angebote" in page and "Bürgerbus" in page
    assert "Angebote" in coordinator.page("/").text  # in the navigation
    found = coordinator.page("/offers?q=caritas")
    assert "Pflegeberatung Müller" in found and "Bürgerbus" not in found
    # four were never checked; the care service was checked in March 2026
    care = session.scalar(select(Angebot).where(Angebot.name.startswith("Ambulanter")))
    today = utcnow().astimezone(BERLIN).date()
    care.checked_on = today - timedelta(days=400)
    session.commit()
    page = coordinator.page("/offers")
    assert "5 Angebote wurden seit über 12 Monaten nicht geprüft." in page
    due = coordinator.page("/offers?due=1")
    assert "5 Angebote" in due
    response = coordinator.post(f"/offers/{care.id}/checked", {"next": "list"})
    assert response.status_code == 302
    session.expire_all()
    assert care.checked_on == today
    assert "4 Angebote" in coordinator.page("/offers?due=1")


def test_add_edit_pause_retire(coordinator, session, kommune, directory):
    directory()
    topic = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "gesundheit"))
    response = coordinator.post(
        "/offers/new",
        {
            "name": "Sturzprävention",
            "organization": "Turnverein Musterstadt",
            "summary": "Gymnastik gegen Stürze.",
            "topics": [str(topic.id)],
            "districts": "Nord; Heide",
            "address": "Sportplatz 1, 10115 Musterstadt",
            "phone": "030 23125240",
            "hours": "Do 10-11",
            "languages": "de",
        },
    )
    assert response.status_code == 302, coordinator.follow(response).text
    page = coordinator.follow(response)
    assert "Sturzprävention" in page and "Do 10:00–11:00" in page and "Heide" in page
    offer = session.scalar(select(Angebot).where(Angebot.name == "Sturzprävention"))
    assert offer.phone == "+493023125240" and offer.organization_name == "Turnverein Musterstadt"
    # the search knows it at once
    assert [
        o.name for o in lookup.nearby(session, kommune, topic_id=topic.id, district_id=None).offers
    ] == ["Sturzprävention"]
    bad = coordinator.post(
        f"/offers/{offer.id}/edit", {"name": "X", "hours": "abends", "phone": "12"}
    )
    assert bad.status_code == 200
    assert "nicht lesbar" in bad.get_data(
        as_text=True
    ) and "keine gültige Telefonnummer" in bad.get_data(as_text=True)
    form = coordinator.page(f"/offers/{offer.id}/edit")
    assert form.inputs["hours"] == "Do 10:00-11:00"
    coordinator.post(f"/offers/{offer.id}/pause")
    session.expire_all()
    assert offer.status == AngebotStatus.PAUSED
    coordinator.post(f"/offers/{offer.id}/retire")
    session.expire_all()
    assert offer.status == AngebotStatus.RETIRED
    assert "eingestellt" in coordinator.page("/offers?status=retired")


def test_the_import_previews_before_saving(admin, coordinator, session, kommune):
    upload = {"file": (__import__("io").BytesIO(csv_bytes(*OFFERS)), "angebote.csv")}
    assert (
        coordinator.post("/offers/import", upload, content_type="multipart/form-data").status_code
        == 403
    )
    upload = {"file": (__import__("io").BytesIO(csv_bytes(*OFFERS)), "angebote.csv")}
    response = admin.post("/offers/import", upload, content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert "5 neu, 0 geändert, 0 unverändert." in text
    assert session.scalar(select(Angebot)) is None
    from tests.dashboard.conftest import Page

    page = Page(response)
    response = admin.post(
        "/offers/import/confirm",
        {"payload": page.inputs["payload"], "signature": page.inputs["signature"]},
    )
    assert response.status_code == 302
    assert "Import gespeichert" in admin.follow(response)
    assert len(session.scalars(select(Angebot)).all()) == 5
    tampered = admin.post(
        "/offers/import/confirm", {"payload": page.inputs["payload"], "signature": "0" * 64}
    )
    assert "verändert" in admin.follow(tampered)


def test_another_kommunes_offer_is_not_found(coordinator, session, other_kommune):
    offer = Angebot(kommune_id=other_kommune.id, name="Fremd")
    session.add(offer)
    session.commit()
    assert coordinator.get(f"/offers/{offer.id}").status_code == 404
    assert coordinator.post(f"/offers/{offer.id}/retire").status_code == 404


def test_supply_beside_need_per_district_and_topic(
    coordinator, session, kommune, directory, make_request, make_person
):
    directory()
    sued = make_person("client", district="Süd")
    make_request(client=sued)
    make_request(client=make_person("client", district="Sued"))  # the same district, spelled out
    pflege = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "pflege"))
    for _ in range(3):
        lookup.count_search(session, kommune, channel="phone", topic_id=pflege.id, district="Süd")
    lookup.count_search(session, kommune, channel="sms", topic_id=pflege.id, district="Heide")
    session.commit()
    assert session.scalar(select(InfoSearch.count).where(InfoSearch.district == "Süd")) == 3
    page = coordinator.page("/figures")
    assert "Angebot und Nachfrage je Ortsteil" in page
    response = coordinator.get("/figures/supply.csv")
    rows = [
        line.split(";") for line in response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    ]
    assert rows[0] == [
        "Ortsteil",
        "Angebote (aktiv)",
        "Informationssuchen",
        "Anfragen",
        "ohne Helfer*in",
    ]
    by_district = {row[0]: row[1:] for row in rows[1:]}
    assert by_district["Süd"] == ["3", "3", "2", "0"]  # offers: advice centre, meeting place, bus
    assert by_district["Nord"][0] == "3"
    assert by_district["Heide"] == ["0", "1", "0", "0"]  # asked for, nothing there
    topics = coordinator.get("/figures/supply_topics.csv").get_data(as_text=True)
    assert "Süd;Pflege und Betreuung;1;3" in topics
    assert "<svg" in page.html and "Informationssuchen" in page.html
