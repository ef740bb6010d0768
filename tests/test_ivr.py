"""The hotline dialogue, driven end to end the way Twilio does it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from ivr.engine import MenuStep
from ivr.flows import FLOWS
from ivr.hotline import HOTLINE as HOTLINE_FLOW
from models import (
    Call,
    CallEvent,
    HelpRequest,
    Offer,
    Recording,
    RequestStatus,
    Task,
    When,
)
from models import base as model_base
from prompts import voice as P
from tests.conftest import HOTLINE
from tests.phone import OPTION, said, signed_post


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def leave_request(caller, category="Einkaufen", when="heute", words="Brot und Milch vom Bäcker"):
    caller.call()
    caller.choose(category)
    caller.choose(when)
    caller.say(words)
    caller.choose("Ja")


# --- the main path -------------------------------------------------------------------------


def test_known_caller_leaves_a_request(phone, make_person, session):
    erika = make_person(
        "client",
        name="Erika Musterfrau",
        salutation="Frau",
        district="Nord",
        address="Musterweg 1, 12345 Musterstadt",
    )
    caller = phone(erika.phone)

    caller.call()
    assert "Guten Tag, Frau Musterfrau." in caller.heard
    assert "Nachbarschaftshilfe Musterstadt" in caller.heard
    assert "1 1 2" in caller.heard  # the emergency number comes first
    assert caller.options() == {
        "Einkaufen": "1",
        "Ihren Hund": "2",
        "ein Telefongespräch": "3",
        "etwas anderes": "4",
        "Angebote in Ihrer Nähe": "5",
        "unser Team": "0",
        "eine Wiederholung": "*",
    }
    caller.choose("Einkaufen")
    assert "Wann brauchen Sie Hilfe?" in caller.heard
    assert caller.options() == {"heute": "1", "morgen": "2", "die nächsten Tage": "3"}
    caller.choose("morgen")
    caller.say("Brot und Milch vom Bäcker")
    assert "Hilfe beim Einkaufen, morgen: Brot und Milch vom Bäcker." in caller.heard
    caller.choose("Ja")

    request = session.scalars(select(HelpRequest)).one()
    assert request.client_id == erika.id
    assert request.category == "shopping"
    assert request.when == When.TOMORROW
    assert request.needed_from == request.needed_until
    assert request.description == "Brot und Milch vom Bäcker"
    assert request.district == "Nord"
    assert request.status == RequestStatus.NEW
    assert len(request.ref) == 4 and request.ref.isdigit()
    spoken_ref = ", ".join(request.ref)
    assert f"Ihre Anfragenummer ist {spoken_ref}." in caller.heard
    assert f"Ich wiederhole: {spoken_ref}." in caller.heard
    assert str(P.NEXT_SEARCH) in caller.heard
    # dispatch is queued in the same transaction as the request
    task = session.scalars(select(Task).where(Task.kind == "dispatch_round")).one()
    assert task.ref_id == request.id

    caller.press("*")  # said once, at the start: the star repeats
    assert spoken_ref in caller.heard
    caller.silence()
    assert caller.ended
    assert caller.heard.endswith("Auf Wiederhören.")

    call = session.scalars(select(Call)).one()
    assert call.request_id == request.id
    assert call.from_number == erika.phone and call.to_number == HOTLINE
    assert call.status == "completed" and call.duration > 0
    steps = [e.step for e in call.events]
    assert steps == ["incoming", "main", "when", "describe", "confirm", "done", "done"]
    assert all(e.elapsed_ms is not None for e in call.events)
    assert call.events[1].digits == "1"
    assert call.events[3].speech == "Brot und Milch vom Bäcker"


@pytest.mark.parametrize(
    "caller_id", ["+493023125101", "030 23125101", "0049 30 23125101", "00493023125101"]
)
def test_caller_id_in_any_format_finds_the_person(phone, make_person, caller_id):
    make_person("client", name="Erika Musterfrau", phone="+493023125101", salutation="Frau")
    caller = phone(caller_id)
    caller.call()
    assert caller.heard.startswith("Guten Tag, Frau Musterfrau.")


def test_speech_works_wherever_keys_do(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.say("Ich brauche jemanden für meinen Hund")
    assert "Wann brauchen Sie Hilfe?" in caller.heard
    caller.say("in den nächsten Tagen bitte")
    caller.say("eine Runde am Nachmittag")
    caller.say("ja genau")
    request = session.scalars(select(HelpRequest)).one()
    assert (request.category, request.when) == ("dog_walking", When.SOON)
    gather = next(el for el in ET.fromstring(caller.phone.documents[0]).iter("Gather"))
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "de-DE"
    assert "Einkaufen" in gather.get("hints", "")


def test_correcting_the_summary_starts_over(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.say("Milch")
    caller.choose("Nein")
    assert "Gut, dann fangen wir noch einmal an." in caller.heard
    caller.choose("Telefongespräch")
    caller.choose("morgen")
    caller.press("#")  # no description
    assert "Ein Gespräch am Telefon, morgen." in caller.heard
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    assert (request.category, request.description) == ("phone_chat", "")


# --- unknown and withheld callers ---------------------------------------------------------


def test_unknown_caller_gives_name_and_address_and_waits_for_review(phone, kommune, session):
    caller = phone("+493023125177")
    caller.call()
    assert caller.heard.startswith("Guten Tag. Hier ist die Nachbarschaftshilfe Musterstadt.")
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.say("Kartoffeln")
    assert "Wir kennen Ihre Telefonnummer noch nicht." in caller.heard
    assert "Bitte sagen Sie Ihren Vornamen und Ihren Nachnamen." in caller.heard
    caller.say("Hildegard Beispiel")
    caller.say("Beispielstraße 5 in Musterstadt")
    assert (
        "Ihr Name: Hildegard Beispiel. Ihre Adresse: Beispielstraße 5 in Musterstadt."
        in caller.heard
    )
    assert "Wir rufen Sie zurück unter 030 – 231 25 – 177." in caller.heard
    caller.choose("Ja")
    assert "Unser Team ruft Sie heute noch zurück" in caller.heard  # the office is open

    request = session.scalars(select(HelpRequest)).one()
    assert request.status == RequestStatus.REVIEW
    assert request.client_id is None
    assert (request.caller_name, request.caller_address) == (
        "Hildegard Beispiel",
        "Beispielstraße 5 in Musterstadt",
    )
    assert request.callback_phone == "+493023125177"
    assert {f.reason for f in request.open_flags} == {"review"}
    # not sent to volunteers before staff verified the person
    assert count(session, Task, Task.kind == "dispatch_round") == 0


@pytest.mark.parametrize("withheld", ["anonymous", "+266696687", "Restricted", "", "x" * 10_000])
def test_withheld_or_malformed_number_is_asked_for(phone, kommune, session, withheld):
    caller = phone(withheld)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.press("#")
    assert "Bitte tippen Sie Ihre Telefonnummer mit Vorwahl ein." in caller.heard
    caller.press("12#")
    assert "Diese Nummer konnte ich nicht verstehen." in caller.heard
    caller.press("03023125188#")
    assert "Bitte sagen Sie Ihren Vornamen" in caller.heard
    caller.say("Otto Normalverbraucher")
    caller.say("Am Markt 1")
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    assert request.callback_phone == "+493023125188"
    assert session.scalars(select(Call)).one().from_number is None


def test_unknown_caller_who_cannot_be_understood_is_recorded_after_a_notice(
    phone, kommune, session
):
    caller = phone("+493023125177")
    caller.call()
    caller.choose("etwas anderes")
    caller.choose("heute")
    caller.say("Hilfe beim Tragen")
    caller.silence()
    assert "Ich habe nichts gehört." in caller.heard
    caller.say("äh")  # a hesitation is not a name
    assert "Das habe ich leider nicht verstanden." in caller.heard
    assert caller.waiting_for == "gather"  # asked a third time
    caller.silence()
    assert "Wir nehmen Ihren Namen und Ihre Adresse jetzt auf" in caller.heard
    assert caller.waiting_for == "record"  # the notice came before the recording started
    caller.record("Otto, Am Markt 1", seconds=9)
    assert "Ihren Namen und Ihre Adresse haben wir aufgenommen." in caller.heard
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    recording = session.scalars(select(Recording)).one()
    assert (recording.purpose, recording.request_id, recording.duration) == (
        "contact",
        request.id,
        9,
    )


# --- the description: speech, then a recording -------------------------------------------------


def test_description_falls_back_to_a_recording_with_notice(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    caller.silence()
    assert "Ich habe nichts gehört." in caller.heard
    assert "Bitte sagen Sie es noch einmal" in caller.heard
    caller.silence()
    assert caller.waiting_for == "gather"  # asked a third time
    caller.silence()
    record = caller.last_document()
    verbs = [el.tag for el in record]
    assert verbs.index("Say") < verbs.index("Record")
    assert "Wir nehmen Ihre Worte jetzt auf" in caller.heard
    assert "nach 30 Tagen gelöscht" in caller.heard
    record_el = record.find("Record")
    assert int(record_el.get("maxLength")) <= 120 and record_el.get("finishOnKey") == "#"
    caller.record("Brot", seconds=6)
    assert "Ihre Beschreibung haben wir aufgenommen." in caller.heard
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    assert session.scalars(select(Recording)).one().request_id == request.id


def test_an_empty_recording_goes_on_without_description(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("heute")
    for _ in range(3):
        caller.silence()
    caller.silence()  # says nothing into the recording: Twilio continues after <Record>
    assert "Hilfe beim Einkaufen, heute." in caller.heard
    assert count(session, Recording) == 0


# --- open requests -----------------------------------------------------------------------------


def test_caller_with_open_request_hears_its_status_and_can_cancel(phone, make_person, session):
    erika = make_person("client")
    caller = phone(erika.phone)
    leave_request(caller)
    caller.silence()
    request = session.scalars(select(HelpRequest)).one()

    again = phone(erika.phone)
    again.call()
    assert (
        f"Für Ihre Anfrage {', '.join(request.ref)}, Hilfe beim Einkaufen, heute, suchen wir noch"
        in again.heard
    )
    assert again.options()["eine neue Anfrage"] == "1"  # what a habit presses first
    again.choose("Absage dieser Anfrage")
    assert "Möchten Sie die Anfrage wirklich absagen?" in again.heard
    assert again.options() == {"die Absage": "2"}  # the same key again, nothing else
    again.choose("die Absage")
    assert "Ihre Anfrage ist abgesagt." in again.heard
    assert "Kann ich sonst noch etwas für Sie tun?" in again.heard
    again.silence()
    again.silence()
    again.silence()
    assert again.ended and again.heard.endswith("Auf Wiederhören.")
    session.refresh(request)
    assert request.status == RequestStatus.CANCELLED and request.cancelled_by == "client"


def test_caller_with_open_request_can_make_another(phone, make_person, session):
    erika = make_person("client")
    leave_request(phone(erika.phone))
    again = phone(erika.phone)
    again.call()
    again.choose("neue Anfrage")
    assert "Wobei brauchen Sie Hilfe?" in again.heard
    again.choose("Hund")
    again.choose("morgen")
    again.press("#")
    again.choose("Ja")
    assert count(session, HelpRequest) == 2


@pytest.mark.parametrize(
    "answer",
    ["silence", "1", "3", "9", "#", "say:nein", "say:nicht absagen", "say:eins", "say:hallo"],
)
def test_asked_once_more_anything_but_the_cancel_key_keeps_the_request(
    phone, make_person, session, answer
):
    erika = make_person("client")
    leave_request(phone(erika.phone))
    again = phone(erika.phone)
    again.call()
    again.choose("Absage")
    if answer == "silence":
        again.silence()
    elif answer.startswith("say:"):
        again.say(answer[4:])
    else:
        again.press(answer)
    assert again.heard.startswith("Gut, Ihre Anfrage bleibt bestehen.")  # no "noch einmal"
    assert session.scalars(select(HelpRequest)).one().status == RequestStatus.NEW


def test_the_readmes_scripted_call_never_cancels_an_open_request(phone, make_person, session):
    """README: `nachbarruf call --keys "1;1;Brot und Milch;1;-"`, run the way the terminal
    phone runs it, by a caller who has a request open."""
    from cli.phone import _step

    erika = make_person("client", name="Erika Musterfrau", salutation="Frau")
    leave_request(phone(erika.phone), when="morgen")
    first = session.scalars(select(HelpRequest)).one()
    caller = phone(erika.phone)
    turn = caller.call()
    assert "suchen wir noch" in caller.heard  # the status menu comes first
    script = "1;1;Brot und Milch;1;-"  # exactly as the README writes it
    for answer in script.split(";"):
        if turn.ended:
            break
        turn = caller._take(_step(caller.phone, turn, answer))
    session.refresh(first)
    assert first.status == RequestStatus.NEW
    assert first.cancelled_at is None
    assert count(session, HelpRequest, HelpRequest.status == RequestStatus.CANCELLED) == 0


CANCELLING = {"cancel", "cancel_confirm", "notice_cancel", "notice_cancel_confirm"}


@pytest.mark.parametrize("flow", list(FLOWS.values()), ids=lambda f: f.name)
def test_no_key_one_leads_towards_a_cancellation(flow):
    """Older callers press 1 out of habit: in no menu of any flow does 1 cancel, or lead to
    the question that does."""
    for step in flow.steps.values():
        if isinstance(step, MenuStep):
            for menu in step.variants:
                one = menu.option("1")
                assert one is None or one.goto not in CANCELLING, (flow.name, menu.name)


# --- no input, wrong input, a person -----------------------------------------------------------


def test_silence_repeats_twice_with_a_hint_then_a_person(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.silence()
    assert caller.heard.startswith("Ich habe nichts gehört. Bitte drücken Sie eine Taste")
    assert "Für Einkaufen drücken Sie die 1." in caller.heard
    caller.press("9")
    assert caller.heard.startswith("Das habe ich leider nicht verstanden.")
    caller.silence()
    assert "Ich verbinde Sie mit unserem Team." in caller.heard
    assert caller.waiting_for == "dial"
    dial = caller.last_document().find("Dial")
    assert dial.text == "+493023125900"


def test_nobody_answers_the_forward_so_a_voicemail(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.press("0")
    caller.connect(answered=False)
    assert "Leider ist gerade niemand frei." in caller.heard
    assert "Ihre Nachricht wird aufgezeichnet" in caller.heard
    caller.record("Bitte rufen Sie mich an", seconds=12)
    assert caller.heard.startswith("Vielen Dank für Ihre Nachricht.")
    assert caller.ended
    call = session.scalars(select(Call)).one()
    assert call.needs_callback and call.outcome == "voicemail"
    assert session.scalars(select(Recording)).one().purpose == "voicemail"


def test_staff_pick_up(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.choose("unser Team")
    caller.connect(answered=True)
    assert caller.ended and caller.heard.endswith("Auf Wiederhören.")
    assert session.scalars(select(Call)).one().outcome == "staff"


def test_outside_office_hours_a_voicemail_with_the_hours(phone, make_kommune, session):
    make_kommune(duty_phone="+493023125900")  # default hours: Mon-Fri 9-16
    model_base.travel(
        datetime(2026, 11, 22, 20, 0, tzinfo=UTC) - model_base.utcnow()
    )  # a Sunday evening
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    assert "Unser Büro ist gerade nicht besetzt." in caller.heard
    assert "Sie erreichen uns Montag bis Freitag von 9 bis 16 Uhr." in caller.heard
    assert caller.waiting_for == "record"
    caller.silence()
    assert "Ich habe keine Nachricht gehört." in caller.heard and caller.ended
    assert session.scalars(select(Call)).one().needs_callback  # the number is known


def test_public_holidays_are_closed(phone, make_kommune):
    make_kommune(duty_phone="+493023125900", state="NW")
    model_base.travel(datetime(2026, 12, 25, 10, 0, tzinfo=UTC) - model_base.utcnow())  # a Friday
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    assert "Unser Büro ist gerade nicht besetzt." in caller.heard


def test_star_repeats_without_the_greeting(phone, make_person):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.choose("Wiederholung")
    assert not caller.heard.startswith("Guten Tag")
    assert caller.heard.startswith("Wobei brauchen Sie Hilfe?")
    caller.say("wie bitte")
    assert caller.heard.startswith("Wobei brauchen Sie Hilfe?")


@pytest.mark.parametrize("speech", ["äh", "blablabla", "Einkaufen und Hund", "x" * 10_000, "🙂🙂"])
def test_garbage_speech_is_not_understood(phone, make_person, session, speech):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.say(speech)
    assert caller.heard.startswith("Das habe ich leider nicht verstanden.")
    event = session.scalars(select(CallEvent).where(CallEvent.step == "main")).one()
    assert len(event.speech or "") <= 500


# --- Twilio's retries and forged requests ---------------------------------------------------------


def test_a_retried_webhook_changes_nothing(app, client, make_person, session):
    erika = make_person("client")
    base = {
        "CallSid": "CA" + "1" * 32,
        "From": erika.phone,
        "To": HOTLINE,
        "AccountSid": "AC" + "f" * 32,
    }
    first = signed_post(app, client, "/voice/incoming", base)
    again = signed_post(app, client, "/voice/incoming", base)
    assert first.data == again.data
    assert count(session, Call) == 1
    for step, extra in (
        ("main", {"Digits": "1"}),
        ("when", {"Digits": "1"}),
        ("describe", {"Digits": "#"}),
    ):
        n = count(session, CallEvent)
        path = f"/voice/step/{step}?n={n}"
        one = signed_post(app, client, path, {**base, **extra})
        two = signed_post(app, client, path, {**base, **extra})
        assert one.data == two.data
    n = count(session, CallEvent)
    confirm = f"/voice/step/confirm?n={n}"
    answers = {signed_post(app, client, confirm, {**base, "Digits": "1"}).data for _ in range(3)}
    assert len(answers) == 1
    assert count(session, HelpRequest) == 1
    assert count(session, Task, Task.kind == "dispatch_round") == 1
    assert count(session, CallEvent) == n + 1


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", None])
def test_unsigned_or_forged_webhooks_are_refused_and_store_nothing(
    app, client, kommune, session, signature
):
    params = {"CallSid": "CA" + "2" * 32, "From": "+493023125177", "To": HOTLINE}
    if signature is None:  # signed, but for other parameters
        import telephony
        from telephony.signature import sign

        signature = sign(
            app.config["PUBLIC_BASE_URL"] + "/voice/incoming",
            {**params, "From": "+1"},
            telephony.auth_token(app),
        )
    for path in (
        "/voice/incoming",
        "/voice/step/main?n=1",
        "/voice/status",
        "/voice/recording",
        "/sms/incoming",
        "/sms/status",
    ):
        response = signed_post(app, client, path, params, signature=signature)
        assert response.status_code == 403, path
    assert count(session, Call) == 0


def test_signature_is_checked_against_the_public_url(app, client, kommune, session):
    params = {"CallSid": "CA" + "3" * 32, "From": "+493023125177", "To": HOTLINE}
    # Signed for what the app itself sees, not for PUBLIC_BASE_URL: refused.
    refused = signed_post(
        app, client, "/voice/incoming", params, signed_url="http://localhost/voice/incoming"
    )
    assert refused.status_code == 403
    accepted = signed_post(app, client, "/voice/incoming", params)
    assert accepted.status_code == 200


def test_ten_kilobyte_fields_are_cut_not_fatal(app, client, kommune, session):
    huge = "A" * 10_240
    params = {
        "CallSid": "CA" + "4" * 32,
        "From": huge,
        "To": HOTLINE,
        "CallerName": huge,
        "SpeechResult": huge,
    }
    response = signed_post(app, client, "/voice/incoming", params)
    assert response.status_code == 200
    assert "Guten Tag" in " ".join(said(response.get_data(as_text=True)))
    step = signed_post(app, client, "/voice/step/main?n=1", {**params, "Digits": "1" * 5000})
    assert step.status_code == 200
    event = session.scalars(select(CallEvent).where(CallEvent.step == "main")).one()
    assert len(event.digits) <= 40 and len(event.speech) <= 500


def test_a_step_for_an_unknown_call_gets_the_apology(app, client, kommune, session):
    params = {"CallSid": "CA" + "5" * 32, "From": "+493023125177", "To": HOTLINE, "Digits": "1"}
    response = signed_post(app, client, "/voice/step/main?n=3", params)
    assert response.status_code == 200
    assert "technische Störung" in " ".join(said(response.get_data(as_text=True)))


@pytest.mark.parametrize(
    "path", ["/voice/step/nonsense?n=1", "/voice/step/main", "/voice/step/main?n=abc"]
)
def test_bad_step_urls_get_the_apology_not_an_error(app, client, make_person, session, path):
    params = {"CallSid": "CA" + "6" * 32, "From": make_person("client").phone, "To": HOTLINE}
    signed_post(app, client, "/voice/incoming", params)
    response = signed_post(app, client, path, params)
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert "technische Störung" in " ".join(said(response.get_data(as_text=True)))


def test_an_internal_error_is_an_apology_and_a_voicemail(
    app, client, phone, make_person, session, monkeypatch, caplog
):
    caller = phone(make_person("client").phone)
    caller.call()

    def broken(ctx):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(HOTLINE_FLOW.steps["main"], "handle", broken)
    caller.press("1")
    assert caller.heard.startswith(
        "Entschuldigung, bei uns gibt es gerade eine technische Störung."
    )
    assert "database on fire" not in caller.heard
    assert caller.waiting_for == "record"
    assert "database on fire" in caplog.text
    caller.record("Bitte zurückrufen", seconds=5)
    assert caller.ended and caller.heard.endswith("Auf Wiederhören.")
    call = session.scalars(select(Call)).one()
    assert call.needs_callback and call.outcome == "error"


def test_status_callbacks_complete_the_call_and_never_go_back(
    app, client, phone, make_person, session
):
    caller = phone(make_person("client").phone)
    caller.call()
    sid = caller.phone.call_sid
    base = {"CallSid": sid, "From": caller.number, "To": HOTLINE}
    signed_post(
        app, client, "/voice/status", {**base, "CallStatus": "completed", "CallDuration": "42"}
    )
    signed_post(
        app, client, "/voice/status", {**base, "CallStatus": "completed", "CallDuration": "42"}
    )
    signed_post(app, client, "/voice/status", {**base, "CallStatus": "ringing"})
    call = session.scalars(select(Call)).one()
    session.refresh(call)
    assert (call.status, call.duration, call.outcome) == ("completed", 42, "hangup")
    assert call.ended_at is not None


def test_unknown_hotline_number_with_several_kommunen(phone, make_kommune):
    make_kommune("Musterstadt", number="+493023125000")
    make_kommune("Beispielheim", number="+496990009000")
    caller = phone("+493023125177")
    caller.hotline = "+498999998000"
    caller.call()
    assert caller.heard == "Diese Nummer ist leider nicht vergeben. Auf Wiederhören."
    assert caller.ended


# --- what every answer looks like -------------------------------------------------------------------


def test_every_sentence_is_german_in_the_kommunes_voice(phone, make_person, session):
    caller = phone(make_person("client").phone)
    leave_request(caller)
    caller.silence()
    for document in caller.phone.documents:
        for say in ET.fromstring(document).iter("Say"):
            assert (say.get("voice"), say.get("language")) == ("Polly.Vicki-Neural", "de-DE")


def test_every_option_is_announced_with_its_key():
    menus = [
        step.menu
        for flow in FLOWS.values()
        for step in flow.steps.values()
        if isinstance(step, MenuStep)
    ]
    assert menus
    for menu in menus:
        for option in menu.options:
            match = OPTION.fullmatch(option.announce())
            assert match, option.label
            assert match["key"] == option.key
            assert str(option.label) in menu.hints()


@pytest.mark.parametrize("flow", list(FLOWS.values()), ids=lambda f: f.name)
def test_every_step_leads_only_to_steps_of_its_own_flow(flow):
    for step in flow.steps.values():
        assert step.targets() <= set(flow.steps), (step.name, step.targets() - set(flow.steps))


def test_no_two_flows_share_a_step_object():
    seen: dict[int, str] = {}
    for flow in FLOWS.values():
        for step in flow.steps.values():
            assert id(step) not in seen, (step.name, seen.get(id(step)), flow.name)
            seen[id(step)] = flow.name


def test_a_step_of_another_flow_cannot_be_reached(app, client, make_person, session):
    params = {"CallSid": "CA" + "5" * 32, "From": make_person("client").phone, "To": HOTLINE}
    signed_post(app, client, "/voice/incoming", params)
    response = signed_post(app, client, "/voice/step/offer?n=1", {**params, "Digits": "1"})
    assert "technische Störung" in " ".join(said(response.get_data(as_text=True)))
    assert session.scalar(select(func.count()).select_from(Offer)) == 0
