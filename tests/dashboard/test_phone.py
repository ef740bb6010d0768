"""The browser phone's server side: it calls the hotline through the real signed webhooks,
keeps the call between clicks, answers as a volunteer, and shows the sandbox's outbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Call, HelpRequest
from prompts import dashboard as T


@pytest.fixture
def phone_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "BROWSER_PHONE", True)


def _step(coordinator, path, body):
    response = coordinator.post_json(path, body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_call_from_the_browser_makes_a_request(session, phone_on, coordinator, make_person):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125101")
    page = coordinator.page("/phone")
    assert "Erika Musterfrau" in page and "030 23125000" in page

    turn = _step(coordinator, "/phone/dial", {"from": "030 23125101"})
    heard = " ".join(turn["heard"])
    assert "Guten Tag, Erika Musterfrau. Hier ist die Nachbarschaftshilfe Musterstadt." in heard
    assert "Für Einkaufen drücken Sie die 1." in heard
    assert (
        turn["waiting"]["kind"] == "gather"
        and turn["waiting"]["keys"]
        and turn["waiting"]["speech"]
    )
    for answer in (
        {"keys": "1"},
        {"keys": "1"},
        {"speech": "Brot und Milch vom Bäcker"},
        {"keys": "1"},
    ):
        turn = _step(coordinator, "/phone/input", {**answer, "state": turn["state"]})
    assert "Ihre Anfragenummer ist" in " ".join(turn["heard"])
    request = session.scalar(select(HelpRequest).where(HelpRequest.client_id == erika.id))
    assert (request.category, request.when, request.description) == (
        "shopping",
        "today",
        "Brot und Milch vom Bäcker",
    )
    turn = _step(coordinator, "/phone/hangup", {"state": turn["state"]})
    assert turn["ended"]
    call = session.scalar(select(Call).where(Call.request_id == request.id))
    assert call.status == "completed"
    assert request.ref in coordinator.page("/")


def test_the_browser_speaks_each_sentence_in_its_language(phone_on, coordinator, kommune, session):
    kommune.languages = ["de", "tr", "ru"]
    session.commit()
    turn = _step(coordinator, "/phone/dial", {"from": "030 23125199"})
    spoken = dict(zip(turn["heard"], turn["languages"], strict=True))
    assert spoken["Türkçe için yediye basın."] == "tr-TR"
    assert spoken["Русский язык — нажмите 8."] == "ru-RU"
    assert next(lang for text, lang in spoken.items() if text.startswith("Guten Tag")) == "de-DE"


def test_a_withheld_number_is_asked_for_its_number(phone_on, coordinator):
    turn = _step(coordinator, "/phone/dial", {"from": "anonymous"})
    assert "Guten Tag. Hier ist die Nachbarschaftshilfe Musterstadt." in " ".join(turn["heard"])


def test_an_altered_state_is_refused(phone_on, coordinator):
    turn = _step(coordinator, "/phone/dial", {"from": "anonymous"})
    response = coordinator.post_json(
        "/phone/input", {"keys": "1", "state": turn["state"][:-2] + "xx"}
    )
    assert response.status_code == 409
    assert response.get_json()["error"] == str(T.PHONE_NOTHING_WAITING)


def test_answering_an_offer_by_sms_as_a_volunteer(
    session, phone_on, coordinator, make_person, make_request, run_tasks
):
    max_ = make_person("volunteer", name="Max Mustermann")
    request = make_request()
    run_tasks()
    outbox = coordinator.page("/phone/outbox")
    assert (
        "Max Mustermann" in outbox
        and f"JA {request.ref}" in outbox
        and "als Max antworten" in outbox
    )
    reply = _step(coordinator, "/phone/sms", {"person_id": max_.id, "body": f"ja {request.ref}"})
    assert any("Musterweg 1" in text for text in reply["replies"])
    session.expire_all()
    assert request.status == "assigned" and request.volunteer_id == max_.id


def test_answering_an_outbound_call(
    session, phone_on, coordinator, make_person, make_request, run_tasks
):
    make_person("volunteer", name="Max Mustermann", phone="+493023125401", prefers="call")
    request = make_request()
    run_tasks()
    call = session.scalar(
        select(Call).where(Call.direction == "outbound", Call.request_id == request.id)
    )
    assert call is not None and call.sid
    assert "Abnehmen" in coordinator.page("/phone/outbox")
    turn = _step(coordinator, "/phone/answer", {"call_id": call.id})
    assert "Einkaufen" in " ".join(turn["heard"]) or "Hilfe" in " ".join(turn["heard"])
    assert turn["waiting"] is not None


def test_the_phone_is_off_outside_the_sandbox(coordinator, app):
    assert app.config["BROWSER_PHONE"] is False  # the test app talks to (fake) Twilio
    assert str(T.PHONE_DISABLED) in coordinator.page("/phone")
    assert coordinator.post_json("/phone/dial", {"from": "anonymous"}).status_code == 404


def test_the_phone_api_needs_the_csrf_token(phone_on, coordinator):
    coordinator.page("/")
    response = coordinator.client.post("/phone/dial", json={"from": "anonymous"})
    assert response.status_code == 400


def test_a_staff_member_on_shift_takes_the_rotas_call_in_the_browser_phone(
    session, phone_on, coordinator, kommune
):
    from datetime import UTC, datetime

    from models import base as model_base

    maria, tom = "+4915228817390", "+4915228817391"
    kommune.rota = [
        {"phone": maria, "hours": {"mon": [["09:00", "13:00"]]}},
        {"phone": tom, "hours": {"mon": [["08:00", "16:00"]]}},
    ]
    session.commit()
    model_base.travel(datetime(2026, 11, 30, 9, 0, tzinfo=UTC) - model_base.utcnow())

    # A caller presses 0: both phones on shift ring, and the browser phone shows it.
    caller = _step(coordinator, "/phone/dial", {"from": "030 23125177"})
    caller = _step(coordinator, "/phone/input", {"keys": "0", "state": caller["state"]})
    assert caller["waiting"]["kind"] == "dial"
    outbox = coordinator.page("/phone/outbox").text
    assert str(T.PHONE_ROTA_RINGING(number="01522 8817391")) in outbox, outbox
    call = session.scalars(select(Call).where(Call.direction == "inbound")).one()

    # Tom takes it: the whisper, 1, connected.
    tom_leg = _step(coordinator, "/phone/answer", {"call_id": call.id, "number": tom})
    assert tom_leg["heard"] == ["Anruf der Nachbarschaftshilfe, drücken Sie 1 zum Annehmen."]
    assert tom_leg["waiting"]["kind"] == "gather" and tom_leg["waiting"]["keys"]
    tom_leg = _step(coordinator, "/phone/input", {"keys": "1", "state": tom_leg["state"]})
    assert tom_leg["heard"] == [str(T.PHONE_ROTA_CONNECTED)] and tom_leg["ended"]
    after = coordinator.page("/phone/outbox").text
    assert str(T.PHONE_ROTA_RINGING(number="01522 8817390")) not in after  # taken
    # Maria is too late.
    late = coordinator.post_json("/phone/answer", {"call_id": call.id, "number": maria})
    assert late.status_code == 409

    # The caller's phone is put through (whatever the caller clicked) and talks to Tom.
    caller = _step(coordinator, "/phone/input", {"connect": False, "state": caller["state"]})
    assert "Vielen Dank für Ihren Anruf." in " ".join(caller["heard"])
    session.expire_all()
    assert call.outcome == "staff" and not call.needs_callback


def test_a_voicemail_never_takes_the_rotas_call(session, phone_on, coordinator, kommune):
    from datetime import UTC, datetime

    from models import base as model_base

    tom = "+4915228817391"
    kommune.rota = [{"phone": tom, "hours": {"mon": [["08:00", "16:00"]]}}]
    session.commit()
    model_base.travel(datetime(2026, 11, 30, 9, 0, tzinfo=UTC) - model_base.utcnow())
    caller = _step(coordinator, "/phone/dial", {"from": "030 23125177"})
    caller = _step(coordinator, "/phone/input", {"keys": "0", "state": caller["state"]})
    call = session.scalars(select(Call).where(Call.direction == "inbound")).one()
    leg = _step(coordinator, "/phone/answer", {"call_id": call.id, "number": tom})
    leg = _step(coordinator, "/phone/input", {"silence": True, "state": leg["state"]})
    assert leg["ended"] and str(T.PHONE_ROTA_CONNECTED) not in leg["heard"]
    caller = _step(coordinator, "/phone/input", {"connect": False, "state": caller["state"]})
    assert "Leider ist gerade niemand frei." in " ".join(caller["heard"])
