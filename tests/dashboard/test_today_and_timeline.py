"""Heute shows tomorrow's assignments too; a voicemail shows who called and the message and
becomes a request in one step; a request's timeline has each happening once, in order."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from dispatch import lifecycle
from models import Call, HelpRequest, Person, Recording
from prompts import dashboard as T
from tests.phone import Caller


def _section(page, title: str, next_title: str | None = None) -> str:
    part = page.text.split(title, 1)[1]
    return part.split(next_title, 1)[0] if next_title else part


def test_heute_shows_what_is_assigned_for_tomorrow(
    session, coordinator, by_staff, make_request, make_person
):
    today = make_request(when="today", category="phone_chat")
    tomorrow = make_request(when="tomorrow", category="dog_walking")
    later = make_request(when="soon", category="other")
    for request, name in (
        (today, "Max Mustermann"),
        (tomorrow, "Lena Beispiel"),
        (later, "Jonas Test"),
    ):
        lifecycle.assign_by_hand(
            session, request, make_person("volunteer", name=name), actor=by_staff
        )
    session.commit()
    page = coordinator.page("/")
    for_today = _section(page, "Für heute vergeben", "Für morgen vergeben")
    for_tomorrow = _section(page, "Für morgen vergeben")
    assert today.ref in for_today and tomorrow.ref not in for_today
    assert tomorrow.ref in for_tomorrow and "Lena Beispiel" in for_tomorrow
    assert "Hund ausführen" in for_tomorrow
    if later.needed_from > tomorrow.needed_from:
        assert later.ref not in for_tomorrow


def _voicemail(session, kommune, phone, number: str, words: str) -> Call:
    kommune.office_hours = {}  # nobody in the office: "0" leads to the voicemail
    session.commit()
    caller = phone(number)
    caller.call()
    caller.press("0")
    assert caller.waiting_for == "record"
    caller.record(words, seconds=14)
    return session.scalars(select(Call).order_by(Call.id.desc())).first()


def test_a_voicemail_shows_who_called_and_becomes_a_request_in_one_step(
    session, coordinator, kommune, phone, make_person
):
    call = _voicemail(session, kommune, phone, "+493023125188", "Bitte rufen Sie mich an")
    recording = session.scalars(select(Recording).where(Recording.call_id == call.id)).one()
    page = coordinator.page("/")
    card = _section(page, "Braucht Aufmerksamkeit", "Suche läuft")
    assert "Nachricht auf dem Anrufbeantworter" in card and "030 23125188" in card
    assert f'src="/recordings/{recording.id}"' in page.html
    assert f'href="/calls/{call.id}/request"' in page.html

    form = coordinator.page(f"/calls/{call.id}/request")
    assert form.status == 200 and form.inputs["phone"] == "030 23125188"
    assert f'src="/recordings/{recording.id}"' in form.html
    response = coordinator.post(
        f"/calls/{call.id}/request",
        {
            "name": "Otto Normal",
            "phone": "030 23125188",
            "address": "Am Markt 1",
            "district": "Altstadt",
            "consent": "y",
            "category": "shopping",
            "when": "tomorrow",
            "description": "Wasserkisten",
        },
    )
    request_page = coordinator.follow(response)
    session.expire_all()
    request = session.scalars(select(HelpRequest)).one()
    assert T.REQUEST_FROM_CALL(ref=request.ref) in request_page
    otto = session.get(Person, request.client_id)
    assert (otto.name, otto.phone, otto.address) == ("Otto Normal", "+493023125188", "Am Markt 1")
    assert (request.status, request.category, request.description) == (
        "new",
        "shopping",
        "Wasserkisten",
    )
    assert (request.call_id, call.request_id, call.needs_callback) == (call.id, request.id, False)
    assert session.get(Recording, recording.id).request_id == request.id
    # The timeline's first entry links the call; the callback is no longer on Heute.
    assert f'href="/calls/{call.id}"' in request_page.html.split('class="timeline"')[1]
    assert "Nachricht auf dem Anrufbeantworter" not in _section(
        coordinator.page("/"), "Braucht Aufmerksamkeit", "Suche läuft"
    )
    again = coordinator.get(f"/calls/{call.id}/request")
    assert again.status_code == 302  # one call, one request


def test_a_known_callers_voicemail_becomes_their_request(
    session, coordinator, kommune, phone, make_person
):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125101")
    call = _voicemail(session, kommune, phone, erika.phone, "Einkaufen bitte")
    form = coordinator.page(f"/calls/{call.id}/request")
    assert "Erika Musterfrau" in form and "name" not in form.inputs
    response = coordinator.post(
        f"/calls/{call.id}/request", {"category": "shopping", "when": "today", "description": ""}
    )
    coordinator.follow(response)
    session.expire_all()
    request = session.scalars(select(HelpRequest)).one()
    assert request.client_id == erika.id and request.status == "new"


def test_a_voicemail_of_a_number_that_is_somebody_elses_now_is_refused(
    session, coordinator, kommune, phone, make_person
):
    call = _voicemail(session, kommune, phone, "+493023125188", "Hallo")
    make_person("client", name="Karl Probe", phone="+493023125188")  # registered meanwhile
    page = coordinator.client.post(
        f"/calls/{call.id}/request",
        data={
            "csrf_token": coordinator.token or coordinator.page("/").meta["csrf-token"],
            "name": "Otto Normal",
            "phone": "030 23125188",
            "category": "shopping",
            "when": "today",
        },
    )
    assert page.status_code == 200 and T.PHONE_TAKEN(name="Karl Probe") in page.get_data(
        as_text=True
    )
    assert session.scalars(select(HelpRequest)).all() == []


# --- the timeline ---------------------------------------------------------------------------------


def _timeline(html: str) -> list[str]:
    part = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li class=\"tl tl-[^\"]*\">(.*?)</li>", part, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_the_timeline_has_each_happening_once_in_order(
    app, client, session, coordinator, make_person, run_tasks, fake_twilio, sms, phone
):
    erika = make_person("client", name="Erika Musterfrau", phone="+493023125101")
    helpers = [make_person("volunteer", name=f"Helfer {n}") for n in range(3)]
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkauf")
    caller.choose("morgen")
    caller.say("Brot und Milch")
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    run_tasks()
    sms(helpers[1].phone, f"NEIN {request.ref}")
    run_tasks()
    sms(helpers[0].phone, f"JA {request.ref}")
    run_tasks()
    senior = Caller.answering(app, client, fake_twilio.calls_to(erika.phone)[0])
    senior.choose("Ja")
    sms(helpers[0].phone, "ERLEDIGT")
    run_tasks(advance=timedelta(hours=8))
    coordinator.post(f"/requests/{request.id}/outcome", {"kind": "note", "note": "angerufen"})

    page = coordinator.page(f"/requests/{request.id}")
    lines = _timeline(page.html)
    joined = "\n".join(lines)
    times = re.findall(r'<time datetime="([^"]+)"', page.html.split('<ol class="timeline">')[1])
    assert times == sorted(times)  # in the order it happened
    for once in (
        f"„NEIN {request.ref}“",
        f"„JA {request.ref}“",
        "„ERLEDIGT“",
        "angerufen",
        "Bestätigungsanruf an Klient*in",
    ):
        assert joined.count(once) == 1, (once, lines)
    kinds = [line.split(" ", 2)[2] for line in lines]
    assert sum(k.startswith("Erledigt") for k in kinds) == 1, lines
    assert sum(k.startswith("Suchrunde") for k in kinds) == 1
    assert "gefragt: Helfer 0 (SMS), Helfer 1 (SMS), Helfer 2 (SMS)" in joined
    assert "SMS von" not in joined  # every reply is part of what it caused
    assert "Wer hilft?" not in joined  # the offer SMS is the round's "gefragt"
    assert f'href="/calls/{request.call_id}"' in page.html.split('<ol class="timeline">')[1]
