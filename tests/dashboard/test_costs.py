"""What the line costs (Zahlen): outbound SMS segments counted from the stored text and
call minutes rounded up per call, per month and per matched request, as a table and as
CSV; another Kommune's SMS and calls are not counted."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from dashboard.figures.costs import minutes
from dispatch import lifecycle
from models import Call, Message
from prompts.text import segments
from tests.dashboard.test_words import _check

NOV = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
DEC = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
QUERY = "start=2026-11-01&end=2026-12-31"


def _sms(kommune, body, at, request=None, status="delivered", direction="outbound", price=None):
    return Message(
        kommune_id=kommune.id,
        direction=direction,
        body=body,
        status=status,
        created_at=at,
        request_id=request.id if request else None,
        price=None if price is None else Decimal(price),
        price_unit=None if price is None else "USD",
    )


def _call(kommune, direction, seconds, at, request=None, bridged=None, price=None):
    return Call(
        kommune_id=kommune.id,
        direction=direction,
        status="completed",
        duration=seconds,
        bridged_seconds=bridged,
        started_at=at,
        request_id=request.id if request else None,
        price=None if price is None else Decimal(price),
        price_unit=None if price is None else "USD",
    )


def _csv(browser, name):
    response = browser.get(f"/figures/{name}.csv?{QUERY}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_segments_and_minutes_are_counted_as_billed():
    assert [segments("a" * 160), segments("a" * 161), segments("ş" * 71)] == [1, 2, 2]
    assert [minutes(0), minutes(None), minutes(1), minutes(60), minutes(61)] == [0, 0, 1, 1, 2]


def test_costs_per_month_and_per_matched_request(
    session, coordinator, kommune, other_kommune, make_request, make_person
):
    volunteer = make_person("volunteer", name="Max Mustermann")
    matched = make_request(make_person("client", name="Erika Musterfrau"))
    lifecycle.assign_by_hand(session, matched, volunteer, actor="staff:1")
    unmatched = make_request(make_person("client", name="Hans Muster", phone="+493023125112"))
    stranger = make_person("client", kommune=other_kommune, phone="+493023125301")
    theirs = make_request(stranger, kommune=other_kommune)
    lifecycle.assign_by_hand(session, theirs, volunteer, actor="staff:1")
    session.add_all(
        [
            # November: 1 + 2 + 2 segments in three SMS; failed and inbound ones cost nothing
            _sms(kommune, "a" * 160, NOV, matched, price="0.0800"),
            _sms(kommune, "a" * 161, NOV, matched, price="0.1600"),
            _sms(kommune, "ş" * 71, NOV, unmatched),
            _sms(kommune, "b" * 300, NOV, matched, status="failed"),
            _sms(kommune, "c" * 300, NOV, matched, status="received", direction="inbound"),
            # 61 s in → 2 min; 60 s out → 1 min; 130 s in connected for 125 s → 3 + 3 min
            _call(kommune, "inbound", 61, NOV),
            _call(kommune, "outbound", 60, NOV, matched, price="0.1200"),
            _call(kommune, "inbound", 130, NOV, matched, bridged=125),
            _call(kommune, "outbound", 0, NOV, matched),  # not answered
            # December: one SMS, one call of 5 s → 1 min
            _sms(kommune, "Danke", DEC, matched),
            _call(kommune, "outbound", 5, DEC, unmatched),
            # another Kommune's
            _sms(other_kommune, "x" * 400, NOV, theirs),
            _call(other_kommune, "inbound", 600, NOV, theirs),
        ]
    )
    session.commit()

    assert _csv(coordinator, "costs") == [
        [
            "Monat",
            "SMS versandt",
            "SMS-Teile",
            "Anrufe",
            "Minuten eingehend",
            "Minuten ausgehend",
            "Minuten weiterverbunden",
            "Preis laut Twilio",
            "SMS und Anrufe noch ohne Preis",
        ],
        ["11.2026", "3", "5", "3", "5", "1", "3", "0,36 USD", "3"],
        ["12.2026", "1", "1", "1", "0", "1", "0", "–", "2"],
    ]
    assert _csv(coordinator, "costs_requests") == [
        ["Anfrage", "SMS versandt", "SMS-Teile", "Anrufe", "Anrufminuten", "Preis laut Twilio"],
        [matched.ref, "3", "4", "2", "7", "0,36 USD"],
    ]
    page = coordinator.page(f"/figures?{QUERY}")
    _check(page, "/figures")
    table = page.html.split('id="table-costs_requests"')[1].split("</table>")[0]
    assert f"<td>{matched.ref}</td>" in table
    assert table.split("<tbody>")[1].count("<tr>") == 1
    assert "Was die Leitung kostet" in page.text


def test_prices_are_fetched_from_twilio_once_it_reports_them(
    app, session, kommune, make_person, run_tasks, fake_twilio
):
    from dispatch import delivery, intake
    from models import Category
    from models import base as model_base
    from models.request import When

    helper = make_person("volunteer")
    intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    (offer_sms,) = fake_twilio.messages_to(helper.phone)
    message = session.query(Message).filter_by(sid=offer_sms.sid).one()
    delivery.message_status(session, message, "delivered", None)
    session.commit()
    runner = app.test_cli_runner()
    model_base.travel(timedelta(hours=2))
    result = runner.invoke(args=["prices"])  # Twilio has no price yet
    assert result.exit_code == 0 and "0 Preise von Twilio übernommen." in result.output
    fake_twilio.set_status(offer_sms.sid, "delivered", price="-0.07500")
    result = runner.invoke(args=["prices"])
    assert "1 Preise von Twilio übernommen." in result.output
    session.expire_all()
    assert (message.price, message.price_unit) == (Decimal("0.075"), "USD")
    fetched = len(fake_twilio.fetches("Messages"))
    runner.invoke(args=["prices"])  # known now: not asked again
    assert len(fake_twilio.fetches("Messages")) == fetched
