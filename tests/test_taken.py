"""When a request is taken, everybody else who was asked hears so; their offer calls stop
ringing; a late "JA" gets the polite answer that fits (taken, cancelled, done)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import intake, lifecycle
from models import Actor, Call, Category, OfferStatus, RequestStatus, When
from models import base as model_base


@pytest.fixture(autouse=True)
def _monday_morning():
    model_base.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - model_base.utcnow())


def new_request(session, kommune, client):
    request = intake.open_request(
        session, kommune=kommune, client=client, category=Category.SHOPPING, when=When.TOMORROW
    )
    session.commit()
    return request


def taken_notices(fake_twilio, person):
    return [m.body for m in fake_twilio.messages_to(person.phone) if "ist vergeben" in m.body]


@pytest.fixture
def four_asked(session, kommune, make_person, run_tasks, fake_twilio):
    """A request put to three volunteers by SMS (one of them Turkish) and one by a call
    to a landline, which is ringing."""
    kommune.round_size = 4
    kommune.languages = ["de", "tr"]
    session.commit()
    people = {
        "anna": make_person("volunteer", name="Anna Eins", phone="+4915228817321"),
        "bert": make_person("volunteer", name="Bert Zwei", phone="+4915228817322"),
        "cem": make_person(
            "volunteer", name="Cem Drei", phone="+4915228817323", languages=["tr", "de"]
        ),
        "gerda": make_person("volunteer", name="Gerda Festnetz", phone="+493023125301"),
    }
    request = new_request(session, kommune, make_person("client", phone="+493023125111"))
    run_tasks()
    assert all(fake_twilio.messages_to(people[n].phone) for n in ("anna", "bert", "cem"))
    (ringing,) = fake_twilio.calls_to(people["gerda"].phone)
    return request, people, ringing


def test_the_others_are_told_and_a_ringing_offer_call_stops(
    session, four_asked, sms, run_tasks, fake_twilio
):
    request, people, ringing = four_asked
    reply = sms(people["anna"].phone, f"JA {request.ref}")
    assert reply[0].startswith(f"Danke! Anfrage {request.ref}")
    run_tasks()

    assert taken_notices(fake_twilio, people["bert"]) == [
        f"Nachbarruf: Anfrage {request.ref} ist vergeben, danke! "
        "Sie brauchen nicht mehr zu antworten."
    ]
    (turkish,) = [m.body for m in fake_twilio.messages_to(people["cem"].phone)][1:]
    assert request.ref in turkish and "verildi" in turkish  # in Cem's language
    assert taken_notices(fake_twilio, people["anna"]) == []  # she has it
    assert fake_twilio.messages_to(people["gerda"].phone) == []  # a landline gets no SMS
    assert fake_twilio.cancelled == [ringing.sid]  # her phone stops ringing
    call = session.scalars(select(Call).where(Call.sid == ringing.sid)).one()
    assert call.status == "canceled"

    run_tasks(advance=timedelta(hours=2))  # nothing more: told once
    assert len(taken_notices(fake_twilio, people["bert"])) == 1


def test_staff_assigning_it_tells_the_others_too(
    session, four_asked, run_tasks, fake_twilio, make_staff
):
    request, people, ringing = four_asked
    staff = make_staff()
    lifecycle.assign_by_hand(session, request, people["bert"], actor=Actor.staff(staff.id))
    session.commit()
    run_tasks()
    assert taken_notices(fake_twilio, people["anna"])
    assert taken_notices(fake_twilio, people["bert"]) == []  # gets the details instead
    assert fake_twilio.cancelled == [ringing.sid]


def test_an_offer_that_never_went_out_is_not_followed_by_news(
    session, kommune, make_person, run_tasks, fake_twilio, sms
):
    kommune.round_size = 2
    session.commit()
    anna = make_person("volunteer", name="Anna Eins", phone="+4915228817321")
    bert = make_person("volunteer", name="Bert Zwei", phone="+4915228817322")
    fake_twilio.unavailable.add(bert.phone)  # Bert's offer SMS is still waiting
    request = new_request(session, kommune, make_person("client"))
    assert any(r.startswith("error: TelephonyError") for r in run_tasks(allow_errors=True))
    sms(anna.phone, f"JA {request.ref}")
    fake_twilio.unavailable.clear()
    run_tasks(advance=timedelta(hours=1))
    assert fake_twilio.messages_to(bert.phone) == []  # neither the offer nor its end


def test_a_late_yes_gets_the_answer_that_fits(
    session, kommune, make_person, run_tasks, sms, fake_twilio
):
    kommune.round_size = 3
    session.commit()
    anna, bert, cem = (make_person("volunteer") for _ in range(3))
    client = make_person("client")
    taken = new_request(session, kommune, client)
    run_tasks()
    sms(anna.phone, f"JA {taken.ref}")
    assert sms(bert.phone, f"JA {taken.ref}") == [
        f"Nachbarruf: Anfrage {taken.ref} ist bereits vergeben, danke!"
    ]

    lifecycle.mark_done(session, taken, actor=Actor.volunteer(anna.id))
    session.commit()
    done = sms(cem.phone, f"JA {taken.ref}")
    assert done == [f"Nachbarruf: Anfrage {taken.ref} ist schon erledigt. Danke trotzdem!"]
    assert sms(cem.phone, "ja") == done  # without the number: the recent offer
    assert "erledigt" in sms(anna.phone, f"JA {taken.ref}")[0]  # the one who did it

    cancelled = new_request(session, kommune, client)
    run_tasks()
    lifecycle.cancel(session, cancelled, actor=Actor.client(client.id))
    session.commit()
    asked = [p for p in (anna, bert, cem) if any(o.volunteer_id == p.id for o in cancelled.offers)]
    reply = sms(asked[0].phone, f"JA {cancelled.ref}")
    assert reply == [f"Nachbarruf: Anfrage {cancelled.ref} wurde abgesagt. Danke trotzdem!"]
    assert sms(asked[0].phone, "ja") == reply

    stranger = make_person("volunteer")
    assert sms(stranger.phone, "ja") == ["Nachbarruf: Bei Ihnen ist gerade nichts offen. Danke!"]
    session.refresh(cancelled)
    assert cancelled.status == RequestStatus.CANCELLED
    assert {o.status for o in cancelled.offers} == {OfferStatus.WITHDRAWN}
