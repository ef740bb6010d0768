"""Figures for planning: counts per category, district and week, share matched, median
time to a match, unmet requests per district, volunteer activity — as charts and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from dispatch import lifecycle
from models import Offer, RequestEvent
from models import base as model_base

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # 10:00 in Berlin, week 45


def _csv(browser, name, start="2026-10-26", end="2026-11-15"):
    response = browser.get(f"/figures/{name}.csv?start={start}&end={end}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )


def _data(session, make_request, make_person):
    """Week 45: three requests in Altstadt (two matched after 10 and 30 minutes) and one in
    Neustadt that found nobody; week 46: one in Neustadt. Week 44 stays empty."""
    model_base.travel(MONDAY - model_base.utcnow())
    volunteer = make_person("volunteer", name="Max Mustermann", district="Altstadt")
    alt = [
        make_request(make_person("client", district="Altstadt"), category=c)
        for c in ("shopping", "shopping", "dog_walking")
    ]
    for request, minutes in zip(alt[:2], (10, 30), strict=True):
        session.add(
            Offer(
                request_id=request.id,
                volunteer_id=volunteer.id,
                round=1,
                channel="sms",
                status="accepted",
                created_at=request.created_at,
            )
        )
        request.round = 1
        lifecycle.assign_by_hand(session, request, volunteer, actor="staff:1")
        request.assigned_at = request.created_at + timedelta(minutes=minutes)
    session.add(
        Offer(
            request_id=alt[2].id,
            volunteer_id=volunteer.id,
            round=1,
            channel="sms",
            status="declined",
            created_at=alt[2].created_at,
        )
    )
    neu = make_request(make_person("client", district="Neustadt"), category="phone_chat")
    lifecycle.escalate(session, neu)
    session.commit()
    model_base.travel(timedelta(weeks=1))
    make_request(make_person("client", district="Neustadt"), category="other")
    return alt, neu


def test_figures_as_csv(session, coordinator, make_request, make_person):
    _data(session, make_request, make_person)
    assert _csv(coordinator, "category") == [
        ["Kategorie", "Anfragen"],
        ["Einkaufen", "2"],
        ["Hund ausführen", "1"],
        ["Telefongespräch", "1"],
        ["Sonstiges", "1"],
    ]
    assert _csv(coordinator, "district") == [
        ["Ortsteil", "Anfragen"],
        ["Altstadt", "3"],
        ["Neustadt", "2"],
    ]
    assert _csv(coordinator, "week") == [
        ["Woche ab", "Anfragen"],
        ["2026-10-26", "0"],
        ["2026-11-02", "4"],
        ["2026-11-09", "1"],
    ]
    matching = _csv(coordinator, "matching")
    assert matching[0] == [
        "Woche ab",
        "Suche beendet",
        "vermittelt",
        "Anteil vermittelt",
        "Median bis zur Zusage (Minuten)",
    ]
    assert matching[2] == [
        "2026-11-02",
        "3",
        "2",
        "0.67",
        "20.0",
    ]  # two matched (10, 30 min) of three decided
    assert _csv(coordinator, "unmet") == [
        ["Ortsteil", "ohne Helfer*in", "aktive Helfende"],
        ["Neustadt", "1", "0"],
    ]
    activity = _csv(coordinator, "activity")
    assert activity[2] == ["2026-11-02", "3", "2", "1", "1"]  # offers, accepted, declined, helpers


def test_figures_count_requests_per_language(
    session, coordinator, make_request, make_person, kommune
):
    """The client's first language the Kommune offers; an unknown caller's: their call's."""
    from models import Call

    model_base.travel(MONDAY - model_base.utcnow())
    kommune.languages = ["de", "tr", "ru"]
    make_request(make_person("client", languages=["ru", "de"]))
    make_request(make_person("client", languages=["uk", "ru"]))  # uk not offered: ru
    make_request(make_person("client", languages=["ar"]))  # nothing offered: German
    make_request(make_person("client"))
    call = Call(
        sid="CA" + "5" * 32,
        kommune=kommune,
        direction="inbound",
        purpose="hotline",
        language="tr",
        status="completed",
        state={},
    )
    session.add(call)
    session.commit()
    make_request(None, caller_name="Ayşe Örnek", call_id=call.id)
    assert _csv(coordinator, "language") == [
        ["Sprache", "Anfragen"],
        ["Deutsch", "2"],  # German first among equals
        ["Russisch", "2"],
        ["Türkisch", "1"],
    ]


def test_figures_page_draws_every_chart_from_the_server(
    session, coordinator, make_request, make_person
):
    _data(session, make_request, make_person)
    page = coordinator.page("/figures?start=2026-10-26&end=2026-11-15")
    assert page.status == 200
    assert page.html.count('<svg class="chart"') == 9  # the eight, and supply beside need
    assert "67 %" in page and "20 min" in page
    assert "Neustadt" in page.text.split("Ohne Helfer*in gebliebene Anfragen")[-1]
    assert '<script src="http' not in page.html and "cdn" not in page.html.lower()
    for name in (
        "category",
        "district",
        "language",
        "week",
        "matching",
        "unmet",
        "activity",
        "supply",
    ):
        assert f"/figures/{name}.csv?" in page.html


def test_default_period_is_the_last_twelve_weeks_and_bad_ranges_are_refused(session, coordinator):
    page = coordinator.page("/figures")
    assert page.text.count("KW") >= 12
    bad = coordinator.page("/figures?start=2026-11-10&end=2026-11-01")
    assert "Das Ende muss nach dem Anfang liegen." in bad
    assert coordinator.get("/figures/nonsense.csv").status_code == 404


def test_figures_count_only_the_own_kommune(
    session, coordinator, make_request, make_person, other_kommune
):
    model_base.travel(MONDAY - model_base.utcnow())
    make_request(
        make_person("client", kommune=other_kommune, phone="+493023125301", district="Fremdheim"),
        kommune=other_kommune,
    )
    make_request(make_person("client", district="Altstadt"))
    assert _csv(coordinator, "district") == [["Ortsteil", "Anfragen"], ["Altstadt", "1"]]


def test_an_escalated_request_that_found_someone_later_is_not_unmet(
    session, coordinator, make_request, make_person
):
    model_base.travel(MONDAY - model_base.utcnow())
    request = make_request(make_person("client", district="Neustadt"))
    lifecycle.escalate(session, request)
    lifecycle.assign_by_hand(session, request, make_person("volunteer"), actor="staff:1")
    session.commit()
    assert session.query(RequestEvent).filter_by(kind="escalated").count() == 1
    assert _csv(coordinator, "unmet") == [["Ortsteil", "ohne Helfer*in", "aktive Helfende"]]
