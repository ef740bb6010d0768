"""Phone friendships (Telefonpatenschaften): staff pair a client and a volunteer with weekly
slots (command line and dashboard); at each slot the volunteer is called and, on 1, the
client is called and the two connected through the hotline (its number as caller ID both
ways, no recording). A "no" or no answer of the volunteer moves the date (the client hears
so, staff see it); the client not answering is tried once more after 10 minutes, then the
volunteer is told and staff see it; either side pauses one date by phone or SMS."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import pairings
from models import BERLIN, AuditEntry, Call, CallPurpose, DateState, Pairing, PairingDate
from models import base as model_base
from models.week import HoursError, slots
from prompts import voice as P
from tests.conftest import HOTLINE
from tests.phone import Caller, call_not_answered


def at_local(*args: int) -> None:
    wanted = datetime(*args, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(wanted - model_base.utcnow())


@pytest.fixture(autouse=True)
def _monday_morning():
    at_local(2026, 11, 23, 9, 0)  # Monday; the pairing's Tuesday comes tomorrow


@pytest.fixture
def erika(make_person):
    return make_person("client", name="Erika Musterfrau", salutation="Frau", phone="+493023125111")


@pytest.fixture
def max_(make_person):
    return make_person("volunteer", name="Max Mustermann", phone="+4915228817301")


@pytest.fixture
def cli(app, session):
    runner = app.test_cli_runner()

    def run(command: str):
        result = runner.invoke(args=shlex.split(command))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


@pytest.fixture
def pairing(cli, session, erika, max_, kommune):
    result = cli(
        'pairing add --kommune Musterstadt --client "030 23125111" '
        '--volunteer "0152 28817301" --at "Di 10:00"'
    )
    assert result.exit_code == 0, result.output
    return session.scalars(select(Pairing)).one()


def the_date(session, pairing) -> PairingDate:
    session.expire_all()
    return session.scalars(
        select(PairingDate).where(PairingDate.pairing_id == pairing.id).order_by(PairingDate.due_at)
    ).first()


def slot_call(app, client, fake_twilio, person, n=-1) -> Caller:
    """Pick up the latest call to ``person``."""
    return Caller.answering(app, client, fake_twilio.calls_to(person.phone)[n])


# --- setting one up -------------------------------------------------------------------------------


def test_slots_are_read_as_people_write_them():
    assert slots("Di 10:00") == [(1, "10:00")]
    assert slots("Di 10, Fr 15:30") == [(1, "10:00"), (4, "15:30")]
    assert slots("Mo-Fr 9:30") == [(d, "09:30") for d in range(5)]
    assert slots("täglich 9.30 Uhr") == [(d, "09:30") for d in range(7)]
    for wrong, problem in (("10:00", "no_days"), ("Di", "no_hours"), ("Xy 10", "day")):
        with pytest.raises(HoursError) as caught:
            slots(wrong)
        assert caught.value.problem == problem


def test_pairing_add_list_pause_end_on_the_command_line(
    cli, pairing, session, erika, max_, fake_twilio, run_tasks, app, client
):
    assert pairing.slots == [[1, "10:00"]] and pairing.created_by == "system"
    first = the_date(session, pairing)
    assert first.due_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    audit = session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "pairing")).one()
    assert audit.detail["via"] == "cli" and audit.person_id == erika.id
    run_tasks()
    welcome = fake_twilio.messages_to(max_.phone)[0].body
    ref = pairing.ref  # the pairing's number: "001" in a fresh database
    assert f"Telefonpatenschaft {ref} mit Frau Musterfrau" in welcome and f"PAUSE {ref}" in welcome
    assert not fake_twilio.messages_to(erika.phone)  # a landline: staff tell her

    listed = cli("pairing list --kommune Musterstadt").output
    assert f"{ref}\tErika Musterfrau\tMax Mustermann\tDi 10:00\tläuft\t24.11.2026 10:00" in listed

    paused = cli(f"pairing pause {pairing.id}")
    assert "24.11.2026 10:00 fällt aus" in paused.output
    assert the_date(session, pairing).state == DateState.SKIPPED
    run_tasks()
    senior = slot_call(app, client, fake_twilio, erika)  # the client is told (a short call)
    assert "Ihr Telefonat mit Max am Dienstag, 24. November fällt aus." in senior.heard

    # at the slot nobody is called; the next date is planned
    run_tasks(advance=timedelta(days=1, hours=1, minutes=1))
    assert not fake_twilio.calls_to(max_.phone)
    dates = session.scalars(select(PairingDate).order_by(PairingDate.due_at)).all()
    assert [d.state for d in dates] == [DateState.SKIPPED, DateState.PLANNED]
    assert dates[1].due_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    ended = cli(f"pairing end {pairing.id}")
    assert "ist beendet" in ended.output
    run_tasks(advance=timedelta(days=7))
    assert not fake_twilio.calls_to(max_.phone)
    assert "Keine Telefonpatenschaften" in cli("pairing list --kommune Musterstadt").output
    assert "beendet" in cli("pairing list --kommune Musterstadt --all").output


def test_pairing_add_refuses_in_german(cli, erika, max_):
    result = cli(
        'pairing add --kommune Musterstadt --client "030 23125111" '
        '--volunteer "0152 28817399" --at "Di 10:00"'
    )
    assert result.exit_code == 1 and "Keine Person mit der Nummer" in result.output
    result = cli(
        'pairing add --kommune Musterstadt --client "0152 28817301" '
        '--volunteer "030 23125111" --at "Di 10:00"'
    )
    assert "nicht als Klient*in eingetragen" in result.output
    result = cli(
        'pairing add --kommune Musterstadt --client "030 23125111" '
        '--volunteer "0152 28817301" --at "10:00"'
    )
    assert "--at" in result.output and "Wochentag" in result.output


# --- at the slot ----------------------------------------------------------------------------------------


def test_the_volunteer_accepts_and_both_are_connected_through_the_hotline(
    pairing, session, erika, max_, fake_twilio, run_tasks, app, client
):
    run_tasks()
    assert not fake_twilio.calls_to(max_.phone)  # not before its time
    run_tasks(advance=timedelta(days=1, hours=1))  # Tuesday 10:00
    helper = slot_call(app, client, fake_twilio, max_)
    assert "Es ist Zeit für Ihr Telefonat mit Frau Musterfrau." in helper.heard
    helper.choose("Gespräch jetzt")
    assert "Ich verbinde Sie mit Frau Musterfrau." in helper.heard
    dial = helper.last_document().find("Dial")
    assert dial is not None and dial.get("callerId") == HOTLINE
    assert (dial.text or "").strip() == erika.phone
    assert dial.get("record") is None  # no recording
    helper.connect(answered=True, seconds=900)
    assert str(P.PAIRING_HELD) in helper.heard
    date = the_date(session, pairing)
    assert (date.state, date.seconds, date.needs_staff) == (DateState.HELD, 900, False)
    call = session.scalars(select(Call).where(Call.purpose == CallPurpose.PAIRING)).one()
    assert (call.bridged_person_id, call.bridged_seconds) == (erika.id, 900)
    helper.hang_up()
    run_tasks()
    assert the_date(session, pairing).state == DateState.HELD  # the end of the call changes nothing
    upcoming = pairings.next_date(session, pairing)
    assert upcoming.due_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert not fake_twilio.calls_to(erika.phone)  # she was called through the <Dial> only


def test_the_volunteer_declines_the_client_is_told_and_staff_see_it(
    pairing, session, erika, max_, fake_twilio, run_tasks, app, client
):
    run_tasks(advance=timedelta(days=1, hours=1))
    helper = slot_call(app, client, fake_twilio, max_)
    helper.choose("heute nicht")
    assert "Wir sagen Frau Musterfrau Bescheid." in helper.heard
    date = the_date(session, pairing)
    assert (date.state, date.needs_staff) == (DateState.MOVED, True)
    run_tasks()
    senior = slot_call(app, client, fake_twilio, erika)
    assert "Ihr Telefonat mit Max heute fällt leider aus." in senior.heard
    assert "Das nächste Telefonat ist am Dienstag, 1. Dezember um 10 Uhr." in senior.heard


def test_the_volunteer_does_not_answer_the_date_moves(
    pairing, session, erika, max_, fake_twilio, run_tasks, app, client
):
    run_tasks(advance=timedelta(days=1, hours=1))
    call_not_answered(app, client, fake_twilio.calls_to(max_.phone)[0])
    date = the_date(session, pairing)
    assert (date.state, date.needs_staff, date.note) == (DateState.MOVED, True, "no-answer")
    run_tasks()
    assert len(fake_twilio.calls_to(erika.phone)) == 1  # the short call to the client


def test_a_machine_does_not_accept(pairing, session, max_, fake_twilio, run_tasks, app, client):
    run_tasks(advance=timedelta(days=1, hours=1))
    sent = fake_twilio.calls_to(max_.phone)[0]
    tape = Caller.answering(app, client, sent, answered_by="machine_end_beep")
    assert "Erika" not in tape.heard and "Musterfrau" not in tape.heard
    tape.hang_up()
    assert the_date(session, pairing).state == DateState.MOVED


def test_the_client_does_not_answer_retried_once_then_the_volunteer_is_told(
    pairing, session, erika, max_, fake_twilio, run_tasks, app, client
):
    run_tasks(advance=timedelta(days=1, hours=1))
    helper = slot_call(app, client, fake_twilio, max_)
    helper.choose("Gespräch jetzt")
    helper.connect(answered=False)
    assert P.PAIRING_RETRY(name="Frau Musterfrau", when="in 10 Minuten") in helper.heard
    helper.hang_up()
    date = the_date(session, pairing)
    assert (date.state, date.attempt) == (DateState.RETRY, 2)
    run_tasks(advance=timedelta(minutes=9))
    assert len(fake_twilio.calls_to(max_.phone)) == 1  # not yet
    run_tasks(advance=timedelta(minutes=1, seconds=1))
    assert len(fake_twilio.calls_to(max_.phone)) == 2
    again = slot_call(app, client, fake_twilio, max_)
    again.choose("Gespräch jetzt")
    again.connect(answered=False)
    assert P.PAIRING_MISSED(name="Frau Musterfrau") in again.heard
    again.hang_up()
    date = the_date(session, pairing)
    assert (date.state, date.needs_staff) == (DateState.MISSED, True)
    run_tasks(advance=timedelta(minutes=30))
    assert len(fake_twilio.calls_to(max_.phone)) == 2  # no third try


# --- pausing one date ------------------------------------------------------------------------------


def test_the_volunteer_pauses_by_sms_and_the_client_hears_it(
    pairing, session, erika, max_, sms, fake_twilio, run_tasks, app, client
):
    ref = pairing.ref
    reply = sms(max_.phone, f"PAUSE {ref}")
    assert reply == [
        f"Nachbarruf: Das Telefonat {ref} am Di 24.11. um 10:00 fällt aus. "
        "Wir sagen Frau Musterfrau Bescheid."
    ]
    assert the_date(session, pairing).state == DateState.SKIPPED
    run_tasks()
    senior = slot_call(app, client, fake_twilio, erika)
    assert "Ihr Telefonat mit Max am Dienstag, 24. November fällt aus." in senior.heard
    assert "Das nächste Telefonat ist am Dienstag, 1. Dezember um 10 Uhr." in senior.heard
    other = f"{pairing.id + 1:03d}"
    assert sms(max_.phone, f"PAUSE {other}") == [
        f"Nachbarruf: Zu {other} gibt es bei Ihnen kein geplantes Telefonat."
    ]


def test_the_client_pauses_by_phone_with_one_key(
    pairing, session, erika, max_, phone, fake_twilio, run_tasks
):
    senior = phone(erika.phone)
    senior.call()
    assert senior.key_for("Pause beim nächsten Telefonat mit Max") == "6"
    senior.choose("Pause beim nächsten Telefonat mit Max")
    assert (
        "Das Telefonat am Dienstag, 24. November um 10 Uhr fällt aus. Wir sagen Max Bescheid."
        in senior.heard
    )
    assert the_date(session, pairing).state == DateState.SKIPPED
    run_tasks()
    text = fake_twilio.messages_to(max_.phone)[-1].body
    assert "Telefonat mit Frau Musterfrau am Di 24.11. um 10:00 fällt aus" in text


def test_someone_without_a_pairing_hears_no_such_key(erika, phone):
    senior = phone(erika.phone)
    senior.call()
    assert "6" not in senior.options().values()


# --- the clock ---------------------------------------------------------------------------------------


def test_slots_stay_at_local_time_across_summer_time_and_midnight():
    sunday_ten = [(6, "10:00")]
    # the Saturday before summer time begins (28 March 2027): 10:00 CEST is 08:00 UTC
    before = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)
    first = pairings.next_due(sunday_ten, before)
    assert first == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert pairings.next_due(sunday_ten, first) == datetime(2027, 4, 4, 8, 0, tzinfo=UTC)
    # winter time begins on 25 October 2026: 10:00 is 08:00 UTC before and 09:00 UTC after
    assert pairings.next_due(sunday_ten, datetime(2026, 10, 17, tzinfo=UTC)) == datetime(
        2026, 10, 18, 8, 0, tzinfo=UTC
    )
    assert pairings.next_due(sunday_ten, datetime(2026, 10, 18, 8, 0, tzinfo=UTC)) == datetime(
        2026, 10, 25, 9, 0, tzinfo=UTC
    )
    # just before midnight on Monday, "Di 00:30" is half an hour later, not a week
    late = datetime(2026, 11, 23, 23, 50, tzinfo=BERLIN).astimezone(UTC)
    assert pairings.next_due([(1, "00:30")], late) == datetime(
        2026, 11, 24, 0, 30, tzinfo=BERLIN
    ).astimezone(UTC)


def test_a_clock_that_jumps_across_midnight_calls_once_and_plans_the_next_week(
    pairing, session, max_, fake_twilio, run_tasks
):
    run_tasks(advance=timedelta(days=1, hours=15))  # Tuesday 00:00 → past the slot at once
    assert len(fake_twilio.calls_to(max_.phone)) == 1
    run_tasks()
    assert len(fake_twilio.calls_to(max_.phone)) == 1
    dates = session.scalars(select(PairingDate).order_by(PairingDate.due_at)).all()
    assert [d.due_at.astimezone(BERLIN).strftime("%a %d.%m. %H:%M") for d in dates] == [
        "Tue 24.11. 10:00",
        "Tue 01.12. 10:00",
    ]


def test_a_person_s_pairings_are_in_their_export_and_end_with_their_erasure(
    pairing, session, erika, max_, fake_twilio, run_tasks
):
    from dispatch import privacy

    exported = privacy.export(session, max_)
    assert exported["pairings"][0]["ref"] == pairing.ref
    assert exported["pairings"][0]["role"] == "volunteer"
    assert exported["pairings"][0]["dates"][0]["state"] == DateState.PLANNED
    privacy.erase(session, erika, staff_user_id=None)
    session.commit()
    session.refresh(pairing)
    assert pairing.status == "ended"
    run_tasks(advance=timedelta(days=2))
    assert not fake_twilio.calls_to(max_.phone)  # nobody is called for an erased person


def test_six_pauses_the_date_even_where_six_would_switch_to_german(
    pairing, session, erika, kommune, phone
):
    """With languages offered, 6 is also the key for German: in the menu of a client with a
    phone friendship the option she hears wins (she stays in Turkish, the date is skipped)."""
    kommune.languages = ["de", "tr"]
    erika.languages = ["tr"]
    session.commit()
    senior = phone(erika.phone)
    senior.call()
    senior.press("6")
    assert the_date(session, pairing).state == DateState.SKIPPED
    session.refresh(erika)
    assert erika.languages == ["tr"]
