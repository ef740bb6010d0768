"""The public page of a Kommune: search and filters without login, tel: links, an offer's
page, the print list, strict headers; the volunteer sign-up with its spam guards."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from models import (
    Angebot,
    District,
    Message,
    Person,
    TaxonomyTerm,
    VolunteerSignup,
    VolunteerStatus,
)
from models import base as model_base
from tests.dashboard.conftest import Page

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    from dashboard import limiter

    if limiter.initialized:
        limiter.reset()


def page(client: Any, path: str) -> Page:
    return Page(client.get(path))


def test_search_page_without_login(client, kommune, directory):
    directory()
    found = page(client, "/angebote/musterstadt?q=Strasse")
    assert found.status == 200
    assert "1 Angebot" in found and "Ambulanter Pflegedienst Sonnenschein" in found
    assert "tel:+493023125201" in found.links  # call with one tap
    assert "tel:+493023125000" in found.links  # the hotline, on every page
    assert "Für Angebote in Ihrer Nähe drücken Sie die 5" in found.text
    headers = found.response.headers
    assert "script-src" not in headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "<script" not in found.html and "Set-Cookie" not in headers


def test_filters(client, session, kommune, directory):
    directory()
    topic = session.scalar(select(TaxonomyTerm.id).where(TaxonomyTerm.code == "pflege"))
    sued = session.scalar(select(District.id).where(District.name == "Süd"))
    both = page(client, f"/angebote/musterstadt?thema={topic}&ortsteil={sued}")
    assert "1 Angebot" in both and "Pflegeberatung Müller" in both
    assert "Pflegedienst Sonnenschein" not in both
    assert page(client, "/angebote/musterstadt?q=Mueller").text.count("Pflegeberatung Müller") >= 1
    nothing = page(client, "/angebote/musterstadt?q=Hubschrauber")
    assert "0 Angebote" in nothing and "rufen Sie uns an" in nothing
    # nonsense in the query string is no error
    assert (
        page(client, "/angebote/musterstadt?thema=abc&ortsteil=99999999999&seite=-3").status == 200
    )


def test_an_offer_page_and_the_print_list(client, session, kommune, directory):
    directory()
    offer = session.scalar(select(Angebot).where(Angebot.name == "Pflegeberatung Müller"))
    detail = page(client, f"/angebote/musterstadt/{offer.id}")
    assert "Mo–Fr 9:00–12:00" in detail and "Di 14:00–18:00" in detail
    assert "Marktplatz 1, 10117 Musterstadt" in detail
    printed = page(client, "/angebote/musterstadt/liste?q=Pflege")
    assert "Pflegeberatung Müller" in printed and "030 23125203" in printed
    assert "drücken Sie die 5" in printed
    offer.retire()
    session.commit()
    assert page(client, f"/angebote/musterstadt/{offer.id}").status == 404
    assert page(client, "/angebote/gibtesnicht").status == 404


def test_another_kommunes_offer_is_not_found(client, session, kommune, make_kommune, directory):
    directory()
    make_kommune(name="Beispielhausen", number="+493023125500")
    offer_id = session.scalar(select(Angebot.id))
    assert page(client, f"/angebote/beispielhausen/{offer_id}").status == 404


def test_a_script_in_an_offer_name_is_shown_as_text(client, session, kommune, directory):
    directory()
    offer = session.scalar(select(Angebot).where(Angebot.name == "Bürgerbus"))
    offer.name = SCRIPT
    session.commit()
    shown = page(client, "/angebote/musterstadt?q=Arzt")
    assert SCRIPT in shown.text and SCRIPT not in shown.html
    assert "&lt;script&gt;" in shown.html


# --- signing up ------------------------------------------------------------------------------------


def form_token(client: Any, path: str) -> str:
    return page(client, path).inputs["csrf_token"]


def sign_up(client: Any, **values: Any) -> Any:
    path = "/angebote/musterstadt/mithelfen"
    data = {
        "csrf_token": form_token(client, path),
        "name": "Lena Beispiel",
        "phone": "0152 28817320",
        "district": "Nord",
        "categories": ["shopping", "phone_chat"],
        "note": "Gern am Wochenende",
        "consent": "y",
        **values,
    }
    return client.post(path, data=data)


def code_sent_to(session: Any, number: str) -> str:
    body = session.scalar(
        select(Message.body)
        .where(Message.to_number == number, Message.purpose == "signup_code")
        .order_by(Message.id.desc())
    )
    return re.search(r"\d{6}", body).group(0)


def enter_code(client: Any, code: str) -> Page:
    path = "/angebote/musterstadt/mithelfen/code"
    return Page(client.post(path, data={"csrf_token": form_token(client, path), "code": code}))


def volunteers(session: Any) -> list[Person]:
    return list(session.scalars(select(Person).where(Person.is_volunteer.is_(True))))


def test_sign_up_makes_a_pending_volunteer_only_after_the_code(client, session, kommune):
    response = sign_up(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/mithelfen/code")
    assert volunteers(session) == []  # nothing for staff yet
    code = code_sent_to(session, "+4915228817320")
    assert "Der Code stimmt nicht" in enter_code(client, "000000" if code != "000000" else "111111")
    assert volunteers(session) == []
    thanks = enter_code(client, code)
    assert "Vielen Dank, Lena Beispiel!" in thanks
    (lena,) = volunteers(session)
    assert (lena.status, lena.categories, lena.district) == (
        VolunteerStatus.PENDING,
        ["phone_chat", "shopping"],
        "Nord",
    )
    assert lena.consent_at is not None and "Gern am Wochenende" in lena.notes
    sent = session.scalars(select(Message.purpose).where(Message.to_number == lena.phone)).all()
    assert sorted(sent) == ["signup_code", "signup_received"]
    # the code works once
    assert "gilt nicht mehr" in enter_code(client, code)


def test_the_code_expires_and_allows_few_tries(client, session, kommune):
    sign_up(client)
    code = code_sent_to(session, "+4915228817320")
    wrong = "123456" if code != "123456" else "654321"
    for _ in range(5):
        enter_code(client, wrong)
    assert "gilt nicht mehr" in enter_code(client, code)
    sign_up(client, phone="0152 28817321")
    code = code_sent_to(session, "+4915228817321")
    model_base.travel(__import__("datetime").timedelta(minutes=31))
    assert "gilt nicht mehr" in enter_code(client, code)
    assert volunteers(session) == []


def test_a_filled_honeypot_looks_sent_but_does_nothing(client, session, kommune):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 200 and "Bitte geben Sie den Code ein" in Page(response)
    assert session.scalar(select(VolunteerSignup)) is None
    assert session.scalar(select(Message)) is None


def test_rate_limits_per_address_and_per_phone(client, session, kommune):
    for n in range(3):
        assert sign_up(client).status_code == 302, n
    refused = Page(sign_up(client))  # a fourth code to the same number today
    assert "schon mehrere Codes" in refused
    assert session.query(VolunteerSignup).count() == 3
    for n in range(2):
        sign_up(client, phone=f"0152 2881733{n}")
    assert sign_up(client, phone="0152 28817339").status_code == 429  # five posts an hour


def test_sign_up_checks_its_fields(client, session, kommune):
    shown = Page(sign_up(client, name="", phone="12", consent="", categories=[]))
    assert "Bitte ausfüllen." in shown and "keine gültige Telefonnummer" in shown
    assert "Bitte stimmen Sie zu" in shown and "mindestens eine Sache" in shown
    assert session.scalar(select(VolunteerSignup)) is None


def test_a_script_as_name_is_inert_for_the_public_and_for_staff(
    client, session, kommune, make_staff, staff_browser
):
    sign_up(client, name=SCRIPT)
    thanks = enter_code(client, code_sent_to(session, "+4915228817320"))
    assert SCRIPT in thanks.text and SCRIPT not in thanks.html
    coordinator = staff_browser(make_staff())
    people = coordinator.page("/people?status=pending")
    assert SCRIPT in people.text and SCRIPT not in people.html
    (person,) = volunteers(session)
    detail = coordinator.page(f"/people/{person.id}")
    assert SCRIPT in detail.text and SCRIPT not in detail.html
