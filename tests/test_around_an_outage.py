"""Nothing lost around an outage, in-process: a voicemail whose call was never stored, final
statuses that never arrived (looked up at Twilio), an SMS whose hand-over was interrupted
(looked up before it is sent again), NUL bytes (which PostgreSQL refuses). The hung
database under a real gunicorn is in ``test_outage.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from dispatch import intake, retention
from ivr.hotline import HOTLINE as HOTLINE_FLOW
from models import (
    Call,
    Category,
    HelpRequest,
    Message,
    OfferStatus,
    Recording,
    Task,
    When,
)
from models import base as model_base
from tests.conftest import HOTLINE
from tests.phone import said, signed_post


@pytest.fixture(autouse=True)
def _monday_morning():
    model_base.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - model_base.utcnow())


def new_request(session, kommune, client):
    request = intake.open_request(
        session, kommune=kommune, client=client, category=Category.SHOPPING, when=When.TOMORROW
    )
    session.commit()
    return request


# --- a voicemail around an outage ------------------------------------------------------------------


def test_the_apology_puts_the_numbers_into_the_recording_callback(
    app, client, session, kommune, make_person, phone, monkeypatch
):
    caller = phone("+493023125177")

    def broken(ctx):
        raise RuntimeError("database gone")

    monkeypatch.setattr(HOTLINE_FLOW, "start", broken)
    caller.call()
    assert caller.heard.startswith("Entschuldigung") and caller.waiting_for == "record"
    record = caller.last_document().find("Record")
    query = parse_qs(urlsplit(record.get("recordingStatusCallback")).query)
    assert query == {"voicemail": ["1"], "caller": ["+493023125177"], "line": [HOTLINE]}


def test_a_voicemail_after_the_apology_is_kept_though_the_call_never_was(
    app, client, session, kommune, make_person, fake_twilio
):
    erika = make_person("client", phone="+493023125177")
    sid = "CA" + "7" * 32  # the first webhook failed: no row for this call
    recording = "RE" + "7" * 32
    response = signed_post(
        app,
        client,
        "/voice/apology-voicemail",
        {
            "CallSid": sid,
            "From": erika.phone,
            "To": HOTLINE,
            "RecordingSid": recording,
            "RecordingUrl": fake_twilio.add_recording(recording),
            "RecordingDuration": "12",
        },
    )
    assert said(response.get_data(as_text=True))[0].startswith("Vielen Dank für Ihre Nachricht")
    call = session.scalars(select(Call)).one()
    assert (call.sid, call.from_number, call.kommune_id, call.person_id) == (
        sid,
        erika.phone,
        kommune.id,
        erika.id,
    )
    assert call.needs_callback and call.outcome == "error"  # on Heute, to call back
    kept = session.scalars(select(Recording)).one()
    assert (kept.purpose, kept.duration, kept.call_id) == ("voicemail", 12, call.id)

    # its recording callback (no numbers of its own) finds it: still one of each
    assert (
        signed_post(
            app,
            client,
            f"/voice/recording?voicemail=1&caller=%2B493023125177&line={HOTLINE.replace('+', '%2B')}",
            {
                "CallSid": sid,
                "RecordingSid": recording,
                "RecordingUrl": kept.url,
                "RecordingStatus": "completed",
                "RecordingDuration": "12",
            },
        ).status_code
        == 204
    )
    assert len(session.scalars(select(Call)).all()) == 1
    assert len(session.scalars(select(Recording)).all()) == 1

    # and the retention period reaches it, here and at Twilio
    model_base.travel(timedelta(days=31))
    retention.run()
    session.commit()
    ran = [t for t in session.scalars(select(Task).where(Task.kind == "delete_recording"))]
    assert len(ran) == 1


def test_only_the_recording_callback_came_after_the_outage(
    app, client, session, kommune, fake_twilio
):
    sid, recording = "CA" + "8" * 32, "RE" + "8" * 32
    response = signed_post(
        app,
        client,
        f"/voice/recording?voicemail=1&caller=%2B493023125188&line={HOTLINE.replace('+', '%2B')}",
        {
            "CallSid": sid,
            "RecordingSid": recording,
            "RecordingUrl": fake_twilio.add_recording(recording),
            "RecordingStatus": "completed",
            "RecordingDuration": "9",
        },
    )
    assert response.status_code == 204
    call = session.scalars(select(Call)).one()
    assert (call.from_number, call.kommune_id, call.needs_callback) == (
        "+493023125188",
        kommune.id,
        True,
    )
    assert session.scalars(select(Recording)).one().purpose == "voicemail"


def test_the_caller_is_not_thanked_for_a_voicemail_that_could_not_be_kept(
    app, client, session, kommune, monkeypatch
):
    from ivr import callbacks

    def still_down(inp):
        raise RuntimeError("database still down")

    monkeypatch.setattr(callbacks, "apology_voicemail", still_down)
    response = signed_post(
        app,
        client,
        "/voice/apology-voicemail",
        {
            "CallSid": "CA" + "9" * 32,
            "From": "+493023125177",
            "To": HOTLINE,
            "RecordingSid": "RE" + "9" * 32,
            "RecordingUrl": "https://api.twilio.com/x",
        },
    )
    heard = " ".join(said(response.get_data(as_text=True)))
    assert "nicht speichern" in heard and "Vielen Dank für Ihre Nachricht" not in heard


# --- final statuses that never came -----------------------------------------------------------------


def test_a_lost_no_answer_is_looked_up_and_the_notice_call_tried_again(
    session, kommune, make_person, run_tasks, fake_twilio, sms
):
    erika = make_person("client", phone="+493023125111")  # a landline: she is called
    helper = make_person("volunteer")
    request = new_request(session, kommune, erika)
    run_tasks()
    sms(helper.phone, "ja")
    run_tasks()
    (first,) = fake_twilio.calls_to(erika.phone)
    fake_twilio.set_status(first.sid, "no-answer", duration=0)  # ... and the callback is lost
    run_tasks(advance=timedelta(minutes=14))
    call = session.scalars(select(Call).where(Call.sid == first.sid)).one()
    assert call.status == "initiated"  # nothing heard yet
    run_tasks(advance=timedelta(minutes=2))  # RECONCILE_SECONDS (15 minutes) after it went out
    session.refresh(call)
    assert call.status == "no-answer"
    run_tasks(advance=timedelta(minutes=21))
    assert len(fake_twilio.calls_to(erika.phone)) == 2  # the notice is tried again
    session.refresh(request)
    assert request.client_notice == "pending"


def test_a_call_still_going_is_looked_at_again(
    session, kommune, make_person, run_tasks, fake_twilio, sms
):
    erika = make_person("client", phone="+493023125111")
    helper = make_person("volunteer")
    new_request(session, kommune, erika)
    run_tasks()
    sms(helper.phone, "ja")
    run_tasks()
    (placed,) = fake_twilio.calls_to(erika.phone)
    fake_twilio.set_status(placed.sid, "in-progress")
    run_tasks(advance=timedelta(minutes=16))
    call = session.scalars(select(Call).where(Call.sid == placed.sid)).one()
    assert call.status == "in-progress"
    fake_twilio.set_status(placed.sid, "completed", duration=95)
    run_tasks(advance=timedelta(minutes=16))
    session.refresh(call)
    assert (call.status, call.duration) == ("completed", 95)
    assert len(fake_twilio.fetches("Calls")) == 2


def test_a_lost_undelivered_report_moves_the_offer_on(
    session, kommune, make_person, run_tasks, fake_twilio
):
    kommune.round_size = 1
    session.commit()
    first = make_person("volunteer", name="Anna Eins", phone="+4915228817321")
    second = make_person("volunteer", name="Bert Zwei", phone="+4915228817322")
    second.last_offered_at = model_base.utcnow()
    session.commit()
    request = new_request(session, kommune, make_person("client"))
    run_tasks()
    (offer_sms,) = fake_twilio.messages_to(first.phone)
    fake_twilio.set_status(offer_sms.sid, "undelivered", error_code=30003)
    assert fake_twilio.messages_to(second.phone) == []
    run_tasks(advance=timedelta(minutes=16))
    session.refresh(request)
    offer = next(o for o in request.offers if o.volunteer_id == first.id)
    assert (offer.status, offer.error_code) == (OfferStatus.FAILED, "30003")
    assert fake_twilio.messages_to(second.phone)  # the next one is asked
    message = session.scalars(select(Message).where(Message.sid == offer_sms.sid)).one()
    assert (message.status, message.error_code) == ("undelivered", "30003")


def test_a_delivered_sms_is_not_looked_up(session, kommune, make_person, run_tasks, fake_twilio):
    helper = make_person("volunteer")
    new_request(session, kommune, make_person("client"))
    run_tasks()
    (offer_sms,) = fake_twilio.messages_to(helper.phone)
    message = session.scalars(select(Message).where(Message.sid == offer_sms.sid)).one()
    from dispatch import delivery

    delivery.message_status(session, message, "delivered", None)  # the report came
    session.commit()
    run_tasks(advance=timedelta(hours=3))
    assert fake_twilio.fetches("Messages") == []


# --- an interrupted hand-over --------------------------------------------------------------------------


def test_an_sms_twilio_took_before_a_crash_is_not_sent_again(
    session, kommune, make_person, run_tasks, fake_twilio
):
    helper = make_person("volunteer")
    fake_twilio.lose_answer = 1  # Twilio takes the SMS, the answer never arrives
    request = new_request(session, kommune, make_person("client"))
    assert any(r.startswith("error: TelephonyError") for r in run_tasks(allow_errors=True))
    assert len(fake_twilio.messages_to(helper.phone)) == 1
    message = session.scalars(select(Message).where(Message.direction == "outbound")).one()
    assert (message.status, message.sid) == ("sending", None)  # we cannot tell yet
    run_tasks(advance=timedelta(minutes=1))  # the task runs again
    assert len(fake_twilio.messages_to(helper.phone)) == 1  # found at Twilio: not sent twice
    session.refresh(message)
    assert message.sid == fake_twilio.messages_to(helper.phone)[0].sid
    session.refresh(request)
    assert request.offers[0].status == OfferStatus.SENT


def test_an_sms_twilio_never_took_is_sent_on_the_next_try(
    session, kommune, make_person, run_tasks, fake_twilio
):
    helper = make_person("volunteer")
    fake_twilio.fail_next = [503]  # refused before Twilio did anything
    new_request(session, kommune, make_person("client"))
    assert any(r.startswith("error: TelephonyError") for r in run_tasks(allow_errors=True))
    assert fake_twilio.messages_to(helper.phone) == []
    run_tasks(advance=timedelta(minutes=1))
    assert len(fake_twilio.messages_to(helper.phone)) == 1
    looked = [p for m, p in fake_twilio.log if m == "GET" and p.endswith("/Messages.json")]
    assert len(looked) == 1  # asked Twilio first


def test_nul_bytes_in_an_sms_are_stripped(session, kommune, make_person, sms):
    """PostgreSQL refuses a NUL in text: it never gets that far (on both databases)."""
    erika = make_person("client", phone="+4915228817391")
    assert "ist angekommen" in sms(erika.phone, "EINKAUFEN\x00 MORGEN Brot\x00")[0]
    stored = session.scalars(select(Message).where(Message.direction == "inbound")).one()
    assert stored.body == "EINKAUFEN MORGEN Brot"
    assert "\x00" not in session.scalars(select(HelpRequest)).one().description


def test_nul_bytes_in_speech_are_stripped(session, kommune, make_person, phone):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("morgen")
    caller.say("Brot\x00 und Milch")
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    assert request.description == "Brot und Milch"


def test_the_sandbox_looks_nothing_up(app, session, kommune, monkeypatch, tmp_path):
    from dispatch import delivery
    from telephony.rest import SandboxTelephony

    monkeypatch.setitem(app.extensions, "nachbarruf.telephony", SandboxTelephony(str(tmp_path)))
    delivery._check_later(session, delivery.CheckCall(1))
    assert session.scalars(select(Task).where(Task.kind == "check_call")).all() == []
