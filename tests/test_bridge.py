"""Calls through the hotline: a volunteer and their client reach each other only through
the Kommune's number (masked numbers) — recognised, connected with one key, the hotline as
caller ID both ways, never recorded, within the contact hours, and logged (who talked to
whom, how long). The details SMS carries no private number unless the Kommune says so."""

from __future__ import annotations

import shlex
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from dispatch import intake
from models import BERLIN, Call, Category, RequestEvent, RequestStatus, When
from models import base as model_base
from models import phone as phones
from prompts import voice as P
from tests.conftest import HOTLINE
from tests.phone import Caller


@pytest.fixture(autouse=True)
def _monday_morning():
    model_base.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - model_base.utcnow())


@pytest.fixture
def erika(make_person):
    return make_person(
        "client",
        name="Erika Musterfrau",
        salutation="Frau",
        address="Musterweg 1",
        phone="+493023125111",
    )


@pytest.fixture
def max_(make_person):
    return make_person("volunteer", name="Max Mustermann", phone="+4915228817301")


def assigned(session, kommune, client, volunteer, sms, when=When.TOMORROW, run_tasks=None):
    """A request of ``client`` that ``volunteer`` took by SMS; returns it and the SMS."""
    request = intake.open_request(
        session,
        kommune=kommune,
        client=client,
        category=Category.SHOPPING,
        when=when,
        description="Brot und Milch",
    )
    session.commit()
    run_tasks()
    reply = sms(volunteer.phone, f"JA {request.ref}")
    session.refresh(request)
    assert request.status == RequestStatus.ASSIGNED and request.volunteer_id == volunteer.id
    return request, reply[0]


def dial_of(caller: Caller) -> ET.Element:
    dial = caller.last_document().find("Dial")
    assert dial is not None, caller.heard
    return dial


def dialled(caller: Caller) -> list[str]:
    """The numbers the last ``<Dial>`` rings."""
    dial = dial_of(caller)
    numbers = [(n.text or "").strip() for n in dial.iter("Number")]
    return numbers or [(dial.text or "").strip()]


def test_the_details_sms_names_the_hotline_and_the_key_never_the_clients_number(
    session, kommune, erika, max_, sms, run_tasks, fake_twilio
):
    kommune.round_size = 1
    session.commit()
    _, details = assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    assert "Erika" in details and "Musterweg 1" in details
    assert "030 23125000 wählen, dann Taste 1" in details
    run_tasks()
    private = {
        erika.phone,
        phones.national(erika.phone),
        phones.national(erika.phone).replace(" ", ""),
    }
    for message in fake_twilio.messages:
        assert not any(number in message.body for number in private), message.body
        assert not any(
            number in message.body for number in {max_.phone, phones.national(max_.phone)}
        )


def test_without_masking_the_details_carry_the_number(
    session, kommune, erika, max_, sms, run_tasks
):
    kommune.mask_numbers = False
    kommune.round_size = 1
    session.commit()
    _, details = assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    assert "Tel. 030 23125111" in details
    assert "Taste" not in details


def test_a_volunteer_calls_hears_the_assignment_and_is_connected_with_one_key(
    session, kommune, erika, max_, sms, run_tasks, phone
):
    kommune.round_size = 1
    session.commit()
    request, _ = assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)

    helper = phone(max_.phone)
    helper.call()
    assert "Guten Tag, Max Mustermann." in helper.heard
    assert str(P.ASSIGNMENTS_ONE) in helper.heard
    assert helper.key_for("Gespräch mit Erika") == "1"
    assert "morgen" in helper.heard
    helper.choose("Gespräch mit Erika")
    assert "Ich verbinde Sie mit Erika. Das Gespräch wird nicht aufgezeichnet." in helper.heard
    dial = dial_of(helper)
    assert dial.get("callerId") == HOTLINE  # Erika sees the hotline, not Max's mobile
    assert dialled(helper) == [erika.phone]
    assert dial.get("record") in (None, "do-not-record")  # bridged calls are never recorded
    helper.connect(answered=True, seconds=95)
    assert str(P.TALK_DONE) in helper.heard and helper.ended

    call = session.scalars(select(Call).where(Call.person_id == max_.id)).one()
    assert (call.bridged_person_id, call.bridged_seconds, call.outcome) == (erika.id, 95, "bridged")
    assert call.request_id == request.id
    entry = session.scalars(select(RequestEvent).where(RequestEvent.kind == "bridged")).one()
    assert entry.detail["seconds"] == 95 and entry.detail["answered"] is True
    assert entry.actor == f"volunteer:{max_.id}"
    assert entry.detail["client_id"] == erika.id and entry.detail["volunteer_id"] == max_.id


def test_the_nearest_assignment_comes_first(
    session, kommune, erika, make_person, max_, sms, run_tasks, phone
):
    kommune.round_size = 1
    session.commit()
    gerda = make_person("client", name="Gerda Beispiel", phone="+493023125112")
    assigned(session, kommune, erika, max_, sms, When.TOMORROW, run_tasks)
    _, details = assigned(session, kommune, gerda, max_, sms, When.TODAY, run_tasks)
    assert "Taste 1" in details  # today's is the nearest: key 1

    helper = phone(max_.phone)
    helper.call()
    assert P.ASSIGNMENTS_MANY(count=2) in helper.heard
    assert helper.key_for("Gespräch mit Gerda") == "1"
    assert helper.key_for("Gespräch mit Erika") == "2"
    assert helper.heard.index("Gerda") < helper.heard.index("Erika")
    assert helper.key_for("anderes Anliegen") == "9"
    helper.choose("Gespräch mit Erika")
    assert dialled(helper) == [erika.phone]


def test_star_repeats_zero_is_a_person_and_silence_is_counted(
    session, kommune, erika, max_, sms, run_tasks, phone
):
    kommune.round_size = 1
    session.commit()
    assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    helper = phone(max_.phone)
    helper.call()
    assert "Für unser Team drücken Sie die 0." in helper.heard
    helper.press("*")
    assert helper.key_for("Gespräch mit Erika") == "1"
    helper.silence()
    assert str(P.NO_INPUT) in helper.heard and helper.key_for("Gespräch mit Erika") == "1"
    helper.silence()
    helper.silence()  # the third miss: a person
    assert str(P.TO_PERSON) in helper.heard
    assert dialled(helper) == kommune.duty_phones

    again = phone(max_.phone)
    again.call()
    again.press("0")
    assert str(P.TO_PERSON) in again.heard


def test_a_volunteer_who_is_also_a_client_gets_their_own_menu_with_9(
    session, kommune, erika, max_, sms, run_tasks, phone
):
    kommune.round_size = 1
    session.commit()
    assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    helper = phone(max_.phone)
    helper.call()
    helper.choose("anderes Anliegen")
    assert "Wobei brauchen Sie Hilfe?" in helper.heard


def test_a_client_is_connected_to_their_volunteer_with_one_key(
    session, kommune, erika, max_, sms, run_tasks, phone
):
    kommune.round_size = 1
    session.commit()
    assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    senior = phone(erika.phone)
    senior.call()
    assert "kommt Max" in senior.heard
    assert senior.key_for("Gespräch mit Max") == "3"
    senior.choose("Gespräch mit Max")
    dial = dial_of(senior)
    assert dial.get("callerId") == HOTLINE  # Max sees the hotline, not Erika's landline
    assert dialled(senior) == [max_.phone]
    senior.connect(answered=False)
    assert P.BRIDGE_NO_ANSWER(name="Max") in senior.heard
    call = session.scalars(select(Call).where(Call.person_id == erika.id)).one()
    assert (call.bridged_person_id, call.bridged_seconds, call.outcome) == (
        max_.id,
        0,
        "bridge_no_answer",
    )
    entry = session.scalars(select(RequestEvent).where(RequestEvent.kind == "bridged")).one()
    assert entry.actor == f"client:{erika.id}" and entry.detail["answered"] is False


def test_a_client_whose_request_is_not_yet_assigned_has_no_such_key(
    session, kommune, erika, max_, phone
):
    intake.open_request(
        session, kommune=kommune, client=erika, category=Category.SHOPPING, when=When.TOMORROW
    )
    session.commit()
    senior = phone(erika.phone)
    senior.call()
    assert "Gespräch" not in " ".join(senior.options())


def test_outside_the_contact_hours_they_hear_when(
    session, kommune, erika, max_, sms, run_tasks, phone
):
    kommune.round_size = 1
    kommune.contact_hours = [8, 20]
    session.commit()
    assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    evening = datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(evening - model_base.utcnow())
    senior = phone(erika.phone)
    senior.call()
    senior.choose("Gespräch mit Max")
    assert P.BRIDGE_FROM_TOMORROW(time="8") in senior.heard
    assert senior.last_document().find("Dial") is None and senior.ended

    early = datetime(2026, 11, 24, 6, 0, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(early - model_base.utcnow())
    helper = phone(max_.phone)
    helper.call()
    helper.choose("Gespräch mit Erika")
    assert P.BRIDGE_FROM_TODAY(time="8") in helper.heard
    assert helper.last_document().find("Dial") is None


def test_the_call_log_and_the_timeline_show_who_talked_to_whom_and_how_long(
    session, kommune, erika, max_, sms, run_tasks, phone, make_staff, app
):
    from tests.dashboard.conftest import Staff

    kommune.round_size = 1
    session.commit()
    request, _ = assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    helper = phone(max_.phone)
    helper.call()
    helper.choose("Gespräch mit Erika")
    helper.connect(answered=True, seconds=125)
    user = make_staff()
    staff = Staff(app.test_client(), user)
    assert staff.login(user.email).status_code == 302
    calls = staff.page("/calls").text
    assert "Über die Hotline verbunden · mit Erika Musterfrau" in calls
    page = staff.page(f"/requests/{request.id}").text
    assert "Gespräch über die Hotline" in page
    assert "gesprochen" in page and "Max Mustermann" in page


def test_kommune_set_turns_masking_off_and_on(app, session, kommune):
    runner = app.test_cli_runner()
    result = runner.invoke(args=shlex.split("kommune set Musterstadt --no-mask-numbers"))
    assert result.exit_code == 0, result.output
    assert "Nummern geschützt: nein" in result.output
    session.refresh(kommune)
    assert kommune.mask_numbers is False
    result = runner.invoke(args=shlex.split("kommune set Musterstadt --mask-numbers"))
    session.refresh(kommune)
    assert kommune.mask_numbers is True and "Nummern geschützt: ja" in result.output


def test_the_settings_page_has_the_switch(session, kommune, make_staff, app):
    from tests.dashboard.conftest import Staff
    from tests.dashboard.test_settings import VALID

    user = make_staff(email="verwaltung@musterstadt.example", role="admin")
    staff = Staff(app.test_client(), user)
    assert staff.login(user.email).status_code == 302
    page = staff.page("/settings")
    assert "nur über unsere Nummer" in page.text
    assert 'id="mask_numbers" name="mask_numbers" type="checkbox" value="y"' in page.html
    assert (
        "checked"
        in page.html.split('id="mask_numbers"', 1)[0][-40:]
        + page.html.split('id="mask_numbers"', 1)[1][:60]
    )  # on by default
    response = staff.post("/settings", {**VALID})  # an unticked box is not sent
    assert response.status_code == 302
    session.refresh(kommune)
    assert kommune.mask_numbers is False
    staff.post("/settings", {**VALID, "mask_numbers": "y"})
    session.refresh(kommune)
    assert kommune.mask_numbers is True


def test_erasing_the_client_clears_their_number_from_the_volunteers_bridged_call(
    session, kommune, erika, max_, sms, run_tasks, phone
):
    from dispatch import privacy
    from models import CallEvent

    kommune.round_size = 1
    session.commit()
    assigned(session, kommune, erika, max_, sms, run_tasks=run_tasks)
    helper = phone(max_.phone)
    helper.call()
    helper.choose("Gespräch mit Erika")
    helper.connect(answered=True, seconds=30)
    call = session.scalars(select(Call).where(Call.person_id == max_.id)).one()
    exported = privacy.export(session, erika)
    assert max_.phone not in str(exported)  # her export holds none of his data
    privacy.erase(session, erika, staff_user_id=None)
    session.commit()
    responses = session.scalars(select(CallEvent.response).where(CallEvent.call_id == call.id))
    assert not any(erika.phone in (r or "") for r in responses)
