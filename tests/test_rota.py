"""The staff rota: "0" rings everybody on shift at once, the one who picks up hears a
whisper and takes the call with 1 (a voicemail never does); nobody within 25 seconds, or
nobody on shift, and the caller leaves a voicemail."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import Call
from models import base as model_base
from tests.phone import said, signed_post

MARIA = "+4915228817390"
TOM = "+4915228817391"
LENA = "+493023125901"
#: Monday 30 November 2026, 10:00 in Berlin.
MONDAY_10 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _at(moment: datetime) -> None:
    model_base.travel(moment - model_base.utcnow())


@pytest.fixture
def rota(session, kommune):
    kommune.rota = [
        {"phone": MARIA, "hours": {d: [["09:00", "13:00"]] for d in ("mon", "tue", "wed")}},
        {"phone": TOM, "hours": {"mon": [["08:00", "16:00"]]}},
        {"phone": LENA, "hours": {"sat": [["10:00", "12:00"]]}},
    ]
    session.commit()
    _at(MONDAY_10)
    return kommune


def test_who_is_on_shift(rota):
    assert rota.on_shift(MONDAY_10) == [MARIA, TOM]
    assert rota.on_shift(datetime(2026, 11, 30, 13, 30, tzinfo=UTC)) == [TOM]  # 14:30
    assert rota.on_shift(datetime(2026, 11, 30, 15, 0, tzinfo=UTC)) == []  # 16:00: over
    assert rota.on_shift(datetime(2026, 12, 5, 9, 0, tzinfo=UTC)) == [LENA]  # Saturday 10:00
    assert rota.on_shift(datetime(2026, 12, 25, 9, 0, tzinfo=UTC)) == []  # Christmas, NRW
    # With a rota the office hours no longer decide who rings; without one they do.
    assert rota.staff_phones(datetime(2026, 12, 5, 9, 0, tzinfo=UTC)) == [LENA]
    rota.rota = []
    assert rota.staff_phones(MONDAY_10) == ["+493023125900"]


def test_zero_rings_everybody_on_shift_and_the_second_phone_takes_it(
    app, client, phone, rota, session
):
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    assert "Ich verbinde Sie mit unserem Team." in caller.heard
    dial = caller.last_document().find("Dial")
    numbers = dial.findall("Number")
    assert [n.text for n in numbers] == [MARIA, TOM]
    assert {n.get("url") for n in numbers} == {"/voice/whisper"}
    assert dial.get("timeout") == "25"

    # Tom picks up: he hears the whisper and takes the call with 1.
    whisper = signed_post(app, client, "/voice/whisper", {"CallSid": "CAtom", "To": TOM})
    document = ET.fromstring(whisper.get_data(as_text=True))
    gather = document.find("Gather")
    assert gather.get("input") == "dtmf" and gather.get("action") == "/voice/whisper/answer"
    assert said(whisper.get_data(as_text=True)) == [
        "Anruf der Nachbarschaftshilfe, drücken Sie 1 zum Annehmen."
    ]
    assert document.find("Hangup") is not None  # nothing pressed: his leg ends
    accept = signed_post(app, client, "/voice/whisper/answer", {"CallSid": "CAtom", "Digits": "1"})
    assert ET.fromstring(accept.get_data(as_text=True)).find("Hangup") is None
    caller.connect(answered=True)
    assert caller.ended and caller.heard.endswith("Auf Wiederhören.")
    assert session.scalars(select(Call)).one().outcome == "staff"


@pytest.mark.parametrize("digits", ["", "2", "#"])
def test_a_voicemail_or_a_wrong_key_does_not_take_the_call(app, client, digits):
    answer = signed_post(
        app, client, "/voice/whisper/answer", {"CallSid": "CAbox", "Digits": digits}
    )
    assert ET.fromstring(answer.get_data(as_text=True)).find("Hangup") is not None


def test_the_whisper_needs_twilios_signature(app, client):
    assert (
        signed_post(app, client, "/voice/whisper", {"CallSid": "CAx"}, signature="").status_code
        == 403
    )


def test_nobody_takes_it_within_25_seconds_so_a_voicemail(phone, rota, session):
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    caller.connect(answered=False)
    assert "Leider ist gerade niemand frei." in caller.heard
    caller.record("Bitte rufen Sie mich an", seconds=9)
    assert session.scalars(select(Call)).one().needs_callback


def test_nobody_on_shift_means_the_voicemail_at_once(phone, rota, session, kommune):
    kommune.office_hours = {d: [["09:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    session.commit()
    _at(datetime(2026, 11, 29, 19, 0, tzinfo=UTC))  # Sunday evening
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    assert caller.last_document().find("Dial") is None
    assert "Unser Büro ist gerade nicht besetzt." in caller.heard
    assert caller.waiting_for == "record"


def test_without_a_rota_the_duty_phones_ring_as_before(phone, kommune):
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    dial = caller.last_document().find("Dial")
    assert dial.text == "+493023125900" and dial.find("Number") is None
