"""The SMS dialogue: forgiving keywords, one reply for every message, retries change nothing."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dispatch import intake, lifecycle
from models import (
    SYSTEM,
    Category,
    HelpRequest,
    Message,
    OfferStatus,
    Person,
    RequestStatus,
    VolunteerStatus,
    When,
)
from models.person import CalledAs
from prompts.text import septets
from sms.keywords import parse
from tests.conftest import HOTLINE
from tests.phone import signed_post


@pytest.mark.parametrize(
    ("text", "keyword", "ref"),
    [
        ("ja", "JA", None),
        ("Ja 4711!", "JA", "4711"),
        ("JA4711", "JA", "4711"),
        ("ok", "JA", None),
        ("  OK, 4711 ", "JA", "4711"),
        ("nein 4711", "NEIN", "4711"),
        ("Nee", "NEIN", None),
        ("Erledigt", "ERLEDIGT", None),
        ("ERLEDIGT 12345", "ERLEDIGT", "12345"),
        ("fertig!", "ERLEDIGT", None),
        ("Absagen 4711", "ABSAGEN", "4711"),
        ("status", "STATUS", None),
        ("Pause", "PAUSE", None),
        ("WEITER", "WEITER", None),
        ("Zurück", "WEITER", None),
        ("STOPP", "STOPP", None),
        ("stop", "STOP" + "P", None),
        ("Abmelden", "STOPP", None),
        ("START", "START", None),
        ("Hilfe", "HILFE", None),
        ("?", None, None),
        ("Hallo, wie geht's?", "HILFE", None),
        ("bla", None, None),
        ("", None, None),
    ],
)
def test_keywords_are_forgiving(text, keyword, ref):
    command = parse(text)
    assert (command.keyword, command.ref) == (keyword, ref)


def test_client_words():
    command = parse("EINKAUFEN MORGEN bitte Milch")
    assert (command.category, command.when) == (Category.SHOPPING, When.TOMORROW)
    assert parse("Hund heute").category == Category.DOG_WALKING
    assert parse("Telefongespräch").category is None  # one word: not the word "telefon"


def test_unknown_sender_gets_help_and_nothing_changes(sms, kommune, session):
    replies = sms("+4915228817399", "JA 4711")
    assert replies == [
        "Nachbarruf Musterstadt: Bitte rufen Sie uns an unter 030 23125000. Wir helfen gern."
    ]
    assert session.scalar(select(func.count()).select_from(HelpRequest)) == 0
    stored = session.scalars(select(Message).where(Message.direction == "inbound")).one()
    assert stored.person_id is None and stored.body == "JA 4711"


def test_a_retried_sms_webhook_changes_nothing(sms, kommune, make_person, session):
    erika = make_person("client", phone="+4915228817391")
    first = sms(erika.phone, "Einkaufen morgen", sid="SM" + "a" * 32)
    again = sms(erika.phone, "Einkaufen morgen", sid="SM" + "a" * 32)
    assert first == again and "ist angekommen" in first[0]
    assert session.scalar(select(func.count()).select_from(HelpRequest)) == 1
    assert (
        session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "inbound")
        )
        == 1
    )


def test_client_asks_for_help_by_sms(sms, kommune, make_person, session):
    erika = make_person("client", phone="+4915228817391")
    reply = sms(erika.phone, "EINKAUFEN MORGEN bitte Milch und Brot")
    request = session.scalars(select(HelpRequest)).one()
    assert reply[0].startswith(f"Nachbarruf: Danke! Ihre Anfrage {request.ref} (Einkaufen, morgen")
    assert reply[0].endswith("ist angekommen. Wir melden uns, sobald jemand zusagt.")
    assert (request.category, request.when, request.channel) == ("shopping", When.TOMORROW, "sms")
    assert request.status == RequestStatus.NEW
    assert "Milch und Brot" in request.description
    status = sms(erika.phone, "status")
    assert request.ref in status[0] and "wir suchen noch" in status[0]
    cancelled = sms(erika.phone, "absagen")
    assert cancelled == [f"Nachbarruf: Ihre Anfrage {request.ref} ist abgesagt."]
    session.refresh(request)
    assert request.status == RequestStatus.CANCELLED
    assert "Für Hilfe schreiben Sie" in sms(erika.phone, "Guten Morgen!")[0]


def test_volunteer_pause_resume_stop_start(
    sms, kommune, make_person, session, run_tasks, fake_twilio
):
    helper = make_person("volunteer")
    assert sms(helper.phone, "PAUSE")[0].startswith("Nachbarruf: Pause ist an.")
    session.refresh(helper)
    assert helper.status == VolunteerStatus.PAUSED
    assert "Pause ist an" in sms(helper.phone, "status")[0]
    assert sms(helper.phone, "weiter")[0].startswith("Nachbarruf: Willkommen zurück!")
    session.refresh(helper)
    assert helper.status == VolunteerStatus.ACTIVE

    spare = make_person("volunteer", name="Ersatz Person")
    kommune.round_size = 1
    session.commit()
    request = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    asked = next(p for p in (helper, spare) if fake_twilio.messages_to(p.phone))
    assert sms(asked.phone, "STOPP") == [
        "Nachbarruf: Sie bekommen keine SMS mehr von uns. Mit START melden Sie sich wieder an."
    ]
    session.refresh(asked)
    assert asked.status == VolunteerStatus.OPTED_OUT
    session.refresh(request)
    assert (
        next(o for o in request.offers if o.volunteer_id == asked.id).status
        == OfferStatus.WITHDRAWN
    )
    run_tasks()
    other = spare if asked is helper else helper
    assert fake_twilio.messages_to(other.phone)  # the offer went to the next person
    assert sms(asked.phone, "start")[0].startswith("Nachbarruf: Schön, dass Sie wieder dabei sind.")
    session.refresh(asked)
    assert asked.status == VolunteerStatus.ACTIVE


def test_ambiguous_yes_asks_for_the_number(sms, kommune, make_person, session, run_tasks):
    helper = make_person("volunteer", categories=(Category.SHOPPING, Category.DOG_WALKING))
    one = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    two = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.DOG_WALKING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    reply = sms(helper.phone, "ja")[0]
    assert "Bitte schreiben Sie die Nummer dazu" in reply and one.ref in reply and two.ref in reply
    assert sms(helper.phone, "ja 99999") == [
        "Nachbarruf: Zu Anfrage 99999 haben Sie gerade nichts offen."
    ]
    assert "Danke! Anfrage" in sms(helper.phone, f"JA {two.ref}")[0]
    session.refresh(two)
    assert two.status == RequestStatus.ASSIGNED


def test_volunteer_without_anything_open(sms, kommune, make_person):
    helper = make_person("volunteer")
    assert sms(helper.phone, "ja") == ["Nachbarruf: Bei Ihnen ist gerade nichts offen. Danke!"]
    assert sms(helper.phone, "erledigt") == [
        "Nachbarruf: Bei Ihnen ist gerade nichts offen. Danke!"
    ]
    assert sms(helper.phone, "Was soll ich tun?")[0].startswith(
        "Nachbarruf: Antworten Sie JA oder NEIN"
    )


def test_a_blocked_volunteer_cannot_accept(sms, kommune, make_person, session, run_tasks):
    helper = make_person("volunteer")
    request = intake.open_request(
        session,
        kommune=kommune,
        client=make_person("client"),
        category=Category.SHOPPING,
        when=When.TOMORROW,
    )
    session.commit()
    run_tasks()
    helper.block("Beschwerde")
    session.commit()
    assert sms(helper.phone, "ja") == ["Nachbarruf: Bei Ihnen ist gerade nichts offen. Danke!"]
    session.refresh(request)
    assert request.status == RequestStatus.SEARCHING


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.text(max_size=2000))
def test_any_text_gets_a_reply_and_never_an_error(
    app, client, kommune, make_person, session, monkeypatch, body
):
    monkeypatch.setitem(app.config, "INBOUND_SMS_LIMIT", ())  # many SMS from one number here
    helper = session.scalar(select(Person).where(Person.is_volunteer)) or make_person("volunteer")
    params = {
        "MessageSid": "SM" + os.urandom(16).hex(),
        "From": helper.phone,
        "To": HOTLINE,
        "Body": body,
    }
    response = signed_post(app, client, "/sms/incoming", params)
    assert response.status_code == 200
    if body.replace("\x00", "").strip():
        assert b"<Message>" in response.data
    else:  # an empty SMS (a picture, a notice) is nothing to answer (loop guard)
        assert b"<Message>" not in response.data


def test_a_two_thousand_character_sms_is_stored_cut(sms, kommune, make_person, session):
    helper = make_person("volunteer")
    sms(helper.phone, "x" * 5000)
    stored = session.scalars(select(Message).where(Message.direction == "inbound")).one()
    assert len(stored.body) == 1600


def test_replies_are_written_in_the_gsm_alphabet(sms, kommune, make_person, session, run_tasks):
    helper = make_person("volunteer")
    client = make_person("client", address="Güzelyalı Sokağı 5 – „Hinterhaus“")
    intake.open_request(
        session, kommune=kommune, client=client, category=Category.SHOPPING, when=When.TOMORROW
    )
    session.commit()
    run_tasks()
    (reply,) = sms(helper.phone, "ja")
    assert 'Güzelyali Sokagi 5 - "Hinterhaus"' in reply
    assert septets(reply) is not None


def test_a_clients_status_names_the_volunteer_as_they_wish(session, kommune, make_person, sms):
    client = make_person("client", phone="+4915228817355")
    maria = make_person(
        "volunteer", name="Maria Muster", salutation="Frau", called_as=CalledAs.SURNAME
    )
    request = intake.open_request(
        session, kommune=kommune, client=client, category="shopping", when="tomorrow"
    )
    lifecycle.assign_by_hand(session, request, maria, actor=SYSTEM)
    session.commit()
    (reply,) = sms(client.phone, "STATUS")
    assert "Frau Muster" in reply and "Maria" not in reply
