"""The daily check-in (Telefonkette): a call at the client's times ("täglich 9:30",
"Mo-Fr 9:30"): 1 ends it kindly; 2 connects to the team in office hours, else staff get an
urgent flag and the trusted contact is called; no answer is tried twice more (10 minutes
apart), then the trusted contact is called and texted and staff see it. The client pauses
and resumes the calls with 7 on the hotline ("Ich bin verreist")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import checkins
from models import BERLIN, SYSTEM, CheckInDate, CheckInState
from models import base as model_base
from models.week import slots
from prompts import voice as P
from tests.phone import Caller, call_not_answered

CONTACT = "+4915228817350"


def at_local(*args: int) -> None:
    wanted = datetime(*args, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(wanted - model_base.utcnow())


@pytest.fixture(autouse=True)
def _monday_morning():
    at_local(2026, 11, 23, 8, 0)


@pytest.fixture
def erika(make_person, session):
    person = make_person(
        "client", name="Erika Musterfrau", salutation="Frau", phone="+493023125111"
    )
    checkins.set_up(
        session,
        person,
        slots("täglich 9:30"),
        contact_name="Paul Musterfrau",
        contact_phone=CONTACT,
        actor=SYSTEM,
    )
    session.commit()
    return person


def dates(session, person) -> list[CheckInDate]:
    session.expire_all()
    return list(
        session.scalars(
            select(CheckInDate)
            .where(CheckInDate.person_id == person.id)
            .order_by(CheckInDate.due_at)
        )
    )


def pick_up(app, client, fake_twilio, number, n=-1, **kw) -> Caller:
    return Caller.answering(app, client, fake_twilio.calls_to(number)[n], **kw)


def test_answered_with_1_ends_kindly_and_the_next_one_is_planned(
    erika, session, run_tasks, fake_twilio, app, client
):
    run_tasks()
    assert not fake_twilio.calls_to(erika.phone)  # not before 9:30
    run_tasks(advance=timedelta(hours=1, minutes=30))
    senior = pick_up(app, client, fake_twilio, erika.phone)
    assert "Guten Tag, Frau Musterfrau." in senior.heard
    assert "Ist bei Ihnen alles in Ordnung?" in senior.heard
    assert senior.key_for("alles in Ordnung") == "1" and senior.key_for("Hilfe") == "2"
    senior.choose("alles in Ordnung")
    assert str(P.CHECKIN_OK) in senior.heard and senior.ended
    run_tasks()
    first, second = dates(session, erika)
    assert (first.state, first.needs_staff) == (CheckInState.OK, False)
    assert second.state == CheckInState.PLANNED
    assert second.due_at.astimezone(BERLIN) == datetime(2026, 11, 24, 9, 30, tzinfo=BERLIN)
    assert not fake_twilio.calls_to(CONTACT)


def test_2_in_office_hours_connects_to_the_team(
    erika, session, run_tasks, fake_twilio, app, client, kommune
):
    run_tasks(advance=timedelta(hours=1, minutes=30))
    senior = pick_up(app, client, fake_twilio, erika.phone)
    senior.choose("Hilfe")
    assert str(P.TO_PERSON) in senior.heard
    dial = senior.last_document().find("Dial")
    assert dial is not None and (dial.text or "").strip() == kommune.duty_phones[0]
    first = dates(session, erika)[0]
    assert (first.state, first.needs_staff) == (CheckInState.HELP, False)
    run_tasks()
    assert not fake_twilio.calls_to(CONTACT)


def test_2_outside_office_hours_flags_staff_and_calls_the_trusted_contact(
    erika, session, run_tasks, fake_twilio, app, client, kommune
):
    kommune.office_hours = {"mon": [["10:00", "16:00"]]}
    session.commit()
    at_local(2026, 11, 23, 9, 29)
    run_tasks(advance=timedelta(minutes=1))
    senior = pick_up(app, client, fake_twilio, erika.phone)
    senior.choose("Hilfe")
    assert "Wir sagen Paul Musterfrau Bescheid" in senior.heard
    assert "1 1 2" in senior.heard
    first = dates(session, erika)[0]
    assert (first.state, first.needs_staff) == (CheckInState.HELP, True)
    run_tasks()
    contact = pick_up(app, client, fake_twilio, CONTACT)
    assert "Erika Musterfrau hat bei unserem Anruf um Hilfe gebeten." in contact.heard
    text = fake_twilio.messages_to(CONTACT)[0].body
    assert "Erika Musterfrau hat bei unserem Anruf um Hilfe gebeten" in text


def test_not_answered_retried_twice_then_the_trusted_contact_is_told(
    erika, session, run_tasks, fake_twilio, app, client
):
    run_tasks(advance=timedelta(hours=1, minutes=30))
    for attempt in (1, 2):
        call_not_answered(app, client, fake_twilio.calls_to(erika.phone)[-1])
        assert dates(session, erika)[0].state == CheckInState.RETRY
        run_tasks(advance=timedelta(minutes=9))
        assert len(fake_twilio.calls_to(erika.phone)) == attempt  # not yet
        run_tasks(advance=timedelta(minutes=1, seconds=1))
        assert len(fake_twilio.calls_to(erika.phone)) == attempt + 1
    tape = pick_up(app, client, fake_twilio, erika.phone, answered_by="machine_end_beep")
    assert "Ordnung" not in tape.heard
    tape.hang_up()
    first = dates(session, erika)[0]
    assert (first.state, first.attempt, first.needs_staff) == (CheckInState.UNREACHED, 3, True)
    run_tasks()
    contact = pick_up(app, client, fake_twilio, CONTACT)
    assert "Erika Musterfrau hat heute bei unserem Anruf nicht abgenommen." in contact.heard
    assert "Bitte schauen Sie nach." in contact.heard
    text = fake_twilio.messages_to(CONTACT)[0].body
    assert (
        text == "Nachbarruf: Erika Musterfrau hat heute nicht abgenommen. Bitte schauen Sie nach."
    )
    run_tasks(advance=timedelta(hours=1))
    assert len(fake_twilio.calls_to(erika.phone)) == 3  # no fourth try


def test_the_client_pauses_with_7_and_resumes(erika, session, phone, run_tasks, fake_twilio):
    senior = phone(erika.phone)
    senior.call()
    assert senior.key_for("Pause der täglichen Anrufe") == "7"
    senior.choose("Pause der täglichen Anrufe")
    assert str(P.CHECKIN_PAUSED) in senior.heard
    run_tasks(advance=timedelta(hours=1, minutes=30))
    assert not fake_twilio.calls_to(erika.phone)
    first, second = dates(session, erika)
    assert (first.state, first.note) == (CheckInState.SKIPPED, "paused")
    assert second.state == CheckInState.PLANNED  # the next one is still planned

    again = phone(erika.phone)
    again.call()
    again.choose("täglichen Anrufe wieder einschalten")
    assert str(P.CHECKIN_RESUMED) in again.heard
    run_tasks(advance=timedelta(days=1))
    assert len(fake_twilio.calls_to(erika.phone)) == 1


def test_mo_fr_skips_the_weekend_and_a_change_drops_the_planned_call(
    make_person, session, run_tasks, fake_twilio
):
    gerda = make_person("client", name="Gerda Beispiel", phone="+493023125112")
    at_local(2026, 11, 27, 10, 0)  # Friday, after 9:30
    checkins.set_up(
        session, gerda, slots("Mo-Fr 9:30"), contact_name="", contact_phone=None, actor=SYSTEM
    )
    session.commit()
    planned = dates(session, gerda)
    assert [d.due_at.astimezone(BERLIN) for d in planned] == [
        datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN)  # Monday, not Saturday
    ]
    checkins.set_up(
        session, gerda, slots("Sa 11:00"), contact_name="", contact_phone=None, actor=SYSTEM
    )
    session.commit()
    states = [(d.state, d.due_at.astimezone(BERLIN).day) for d in dates(session, gerda)]
    assert states == [(CheckInState.PLANNED, 28), (CheckInState.SKIPPED, 30)]
    checkins.set_up(session, gerda, None, contact_name="", contact_phone=None, actor=SYSTEM)
    session.commit()
    run_tasks(advance=timedelta(days=4))
    assert not fake_twilio.calls_to(gerda.phone)
