"""Nachweise in the dashboard: the month's clients with their statement (PDF read back,
CSV), all of them at once, the year per volunteer, the allowance in Einstellungen; only the
staff member's Kommune, every export audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dispatch import lifecycle
from models import Actor, AuditEntry
from models import base as model_base
from tests.dashboard.test_settings import VALID


@pytest.fixture
def helped(session, kommune, make_request, make_person, by_staff):
    """Erika was helped on 3 December 2026 for 1,5 hours by Max; allowance 5 €."""
    kommune.allowance_cents = 500
    model_base.travel(datetime(2026, 12, 3, 10, tzinfo=UTC) - model_base.utcnow())
    erika = make_person("client", name="Erika Musterfrau")
    max_ = make_person("volunteer", name="Max Mustermann")
    request = make_request(erika)
    lifecycle.assign_by_hand(session, request, max_, actor=by_staff)
    lifecycle.mark_done(session, request, actor=Actor.volunteer(max_.id))
    lifecycle.record_hours(session, request, 90, actor=Actor.volunteer(max_.id))
    session.commit()
    model_base.reset_clock()  # the staff login stays fresh
    return {"erika": erika, "max": max_, "request": request}


def _exports(session):
    return [
        a.detail
        for a in session.scalars(
            select(AuditEntry).where(AuditEntry.subject_type == "statement").order_by(AuditEntry.id)
        )
    ]


def test_the_month_lists_each_client_with_hours_and_amount(coordinator, helped):
    page = coordinator.page("/statements?monat=2026-12")
    table = page.html.split('id="statements"')[1].split("</table>")[0]
    assert "Erika Musterfrau" in table and "Max Mustermann" in table
    assert "<td>1,5</td>" in table and "7,50" in table
    assert '<option value="2026-12" selected>Dezember 2026</option>' in page.html
    years = page.html.split('id="volunteer-years"')[1].split("</table>")[0]
    assert "Max Mustermann" in years and "<td>1,5</td>" in years
    assert "In diesem Monat wurde keine" in coordinator.page("/statements?monat=2026-11").text


def test_a_clients_pdf_read_back(session, coordinator, helped):
    erika = helped["erika"]
    response = coordinator.get(f"/statements/2026-12/{erika.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "nachweis-2026-12" in response.headers["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Erika Musterfrau" in text and "03.12.2026" in text and helped["request"].ref in text
    assert "Stunden gesamt: 1,5" in text and "7,50" in text
    assert _exports(session)[-1] == {"month": "2026-12", "format": "pdf"}


def test_csv_of_one_client_and_of_all(coordinator, helped, make_person):
    erika = helped["erika"]
    one = coordinator.get(f"/statements/2026-12/{erika.id}.csv")
    rows = list(csv.reader(io.StringIO(one.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[1][0] == "Erika Musterfrau" and rows[1][6:] == ["1,5", "5,00", "7,50"]
    every = coordinator.get("/statements/2026-12.csv")
    assert every.status_code == 200 and "Erika Musterfrau" in every.get_data(as_text=True)
    whole = coordinator.get("/statements/2026-12.pdf")
    assert whole.status_code == 200 and whole.data.startswith(b"%PDF")
    year = coordinator.get("/statements/year/2026.csv")
    assert "Max Mustermann;1;1,5;7,50" in year.get_data(as_text=True)
    # Somebody not helped that month has no statement.
    nobody = make_person("client", name="Otto Normal")
    assert coordinator.get(f"/statements/2026-12/{nobody.id}.pdf").status_code == 404


def test_another_kommunes_client_and_nonsense_months_are_not_found(
    coordinator, helped, other_kommune, make_person
):
    stranger = make_person("client", kommune=other_kommune)
    assert coordinator.get(f"/statements/2026-12/{stranger.id}.pdf").status_code == 404
    assert coordinator.get("/statements/2026-13.csv").status_code == 404
    assert coordinator.get("/statements/kein-monat.pdf").status_code == 404
    assert coordinator.get("/statements/year/1900.csv").status_code == 404
    page = coordinator.page("/statements?monat=kein-monat")
    assert page.status == 200 and "laufende Monat" in page.text


def test_the_allowance_is_set_in_the_settings(session, admin, kommune):
    response = admin.post("/settings", {**VALID, "allowance": "5,50"})
    assert response.status_code in (302, 303)
    session.refresh(kommune)
    assert kommune.allowance_cents == 550
    assert 'value="5,50"' in admin.page("/settings").html
    refused = admin.post("/settings", {**VALID, "allowance": "500"})
    assert refused.status_code == 200 and "bis 100 Euro" in refused.get_data(as_text=True)
    admin.post("/settings", {**VALID, "allowance": ""})
    session.refresh(kommune)
    assert kommune.allowance_cents == 0
