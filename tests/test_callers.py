"""What a caller hears is true and short: the search starts when the contact hours allow,
"heute" only while it can still happen, the team calls back in its office hours, numbers
and hours are said as people say them, the standard call stays under 150 words, a
volunteer is named as they wish, and a number "mit PIN" needs the PIN."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch import lifecycle
from dispatch.hours import contact_time_left_today, today_still_possible
from ivr.common import callback_when, hours_sentence, number_groups, spoken_number
from models import BERLIN, FlagReason, HelpRequest, RequestStatus, When
from models import base as model_base
from prompts import language
from prompts import voice as P
from tests.phone import Caller

#: Monday to Friday 9-16, the default office hours.
WEEKDAY_HOURS = {d: [["09:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def at_local(*args: int) -> None:
    """Set the fake clock to this local (Berlin) time."""
    wanted = datetime(*args, tzinfo=BERLIN).astimezone(UTC)
    model_base.travel(wanted - model_base.utcnow())


@pytest.fixture(autouse=True)
def _evenings(app, monkeypatch):
    """As in production: "heute" needs two hours of contact time."""
    monkeypatch.setitem(app.config, "TODAY_MIN_HOURS", 2)


@pytest.fixture
def erika(make_person, kommune, session):
    kommune.contact_hours = [8, 20]
    session.commit()
    return make_person("client", name="Erika Musterfrau", salutation="Frau")


def standard_request(caller: Caller, when: str = "morgen") -> None:
    caller.call()
    caller.choose("Einkaufen")
    caller.choose(when)
    caller.say("Brot und Milch vom Bäcker")
    caller.choose("Ja")


# --- 1. no promise the line cannot keep -------------------------------------------------------


def test_at_night_the_caller_hears_when_the_search_starts(phone, erika, session):
    at_local(2026, 11, 24, 23, 15)  # a Tuesday night; contact hours 8-20
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkaufen")
    assert "Für heute ist es leider zu spät." in caller.heard
    assert caller.options() == {"morgen": "1", "die nächsten Tage": "2"}  # 1 is first again
    caller.press("1")
    caller.say("Brot und Milch")
    caller.choose("Ja")
    assert "Morgen ab 8 Uhr fragen wir" in caller.heard
    assert "Wir suchen jetzt" not in " ".join(caller.transcript)
    request = session.scalars(select(HelpRequest)).one()
    assert request.when == When.TOMORROW


def test_early_in_the_morning_today_is_offered_and_the_search_starts_at_eight(
    phone, erika, session
):
    at_local(2026, 11, 24, 5, 30)
    caller = phone(erika.phone)
    standard_request(caller, when="heute")
    assert "Ab 8 Uhr fragen wir" in caller.heard
    assert "Morgen" not in caller.heard and "Wir suchen jetzt" not in caller.heard
    assert session.scalars(select(HelpRequest)).one().when == When.TODAY


@pytest.mark.parametrize(
    ("hour", "minute", "today_offered"),
    [(17, 59, True), (18, 1, False), (19, 30, False), (7, 0, True)],
)
def test_today_needs_two_hours_of_contact_time(phone, erika, session, hour, minute, today_offered):
    at_local(2026, 11, 24, hour, minute)
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkaufen")
    assert ("heute" in caller.options()) is today_offered
    assert ("zu spät" in caller.heard) is not today_offered
    assert caller.options()["morgen"] == ("2" if today_offered else "1")


def test_the_key_means_what_was_announced_even_when_the_hour_turns(phone, erika, session):
    at_local(2026, 11, 24, 17, 59, 50)
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkaufen")
    assert caller.options()["heute"] == "1"
    model_base.travel(timedelta(seconds=30))  # now too late, but "heute" was announced
    caller.choose("heute")
    caller.say("Brot")
    caller.choose("Ja")
    assert session.scalars(select(HelpRequest)).one().when == When.TODAY
    assert str(P.NEXT_SEARCH) in caller.heard  # 18:00: still contact hours


def test_a_kommunes_own_contact_hours_decide(phone, erika, kommune, session):
    kommune.contact_hours = [9, 17]
    session.commit()
    at_local(2026, 11, 24, 15, 30)
    caller = phone(erika.phone)
    caller.call()
    caller.choose("Einkaufen")
    assert "heute" not in caller.options()


def test_contact_time_left_today():
    kommune = type("K", (), {"contact_hours": [8, 20]})()
    day = datetime(2026, 11, 24, tzinfo=BERLIN)
    assert contact_time_left_today(day.replace(hour=3), kommune) == timedelta(hours=12)
    assert contact_time_left_today(day.replace(hour=18), kommune) == timedelta(hours=2)
    assert contact_time_left_today(day.replace(hour=21), kommune) == timedelta(0)
    two = timedelta(hours=2)
    assert today_still_possible(day.replace(hour=18), kommune, needs=two)
    assert not today_still_possible(day.replace(hour=18, minute=1), kommune, needs=two)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ((2026, 11, 25, 7, 0), "heute ab 9 Uhr"),  # Wednesday, before the office opens
        ((2026, 11, 25, 10, 0), "heute noch"),
        ((2026, 11, 25, 15, 30), "morgen ab 9 Uhr"),  # half an hour left is not enough
        ((2026, 11, 26, 20, 0), "morgen ab 9 Uhr"),  # Thursday evening
        ((2026, 11, 27, 17, 0), "am Montag, 30. November ab 9 Uhr"),  # Friday evening
        ((2026, 12, 24, 17, 0), "am Montag, 28. Dezember ab 9 Uhr"),  # Christmas holidays
    ],
)
def test_the_team_calls_back_in_its_next_office_hours(make_kommune, when, expected):
    kommune = make_kommune(office_hours=WEEKDAY_HOURS, state="NW")
    at = datetime(*when, tzinfo=BERLIN).astimezone(UTC)
    with language("de"):
        assert callback_when(kommune, at) == expected


def test_next_opening_with_several_spans_and_none_at_all(make_kommune):
    kommune = make_kommune(
        office_hours={"mon": [["09:00", "12:00"], ["13:00", "16:00"]]}, state="NW"
    )
    monday_noon = datetime(2026, 11, 23, 12, 15, tzinfo=BERLIN)
    assert kommune.next_opening(monday_noon) == datetime(2026, 11, 23, 13, 0, tzinfo=BERLIN)
    assert kommune.next_opening(monday_noon.replace(hour=10)) == monday_noon.replace(hour=10)
    kommune.office_hours = {}
    assert kommune.next_opening(monday_noon) is None


def test_an_unknown_caller_hears_when_the_team_calls_back(phone, make_kommune, session):
    make_kommune(duty_phone="+493023125900", office_hours=WEEKDAY_HOURS)
    at_local(2026, 11, 27, 18, 0)  # Friday evening
    caller = phone("+493023125177")
    caller.call()
    caller.choose("Einkaufen")
    caller.choose("morgen")
    caller.say("Kartoffeln")
    caller.say("Hildegard Beispiel")
    caller.say("Beispielstraße 5")
    caller.choose("Ja")
    assert "Unser Team ruft Sie am Montag, 30. November ab 9 Uhr zurück" in caller.heard


def test_a_voicemail_is_thanked_with_when_the_team_calls_back(phone, make_kommune, session):
    make_kommune(duty_phone="+493023125900", office_hours=WEEKDAY_HOURS)
    at_local(2026, 11, 26, 19, 0)  # Thursday evening
    caller = phone("+493023125177")
    caller.call()
    caller.press("0")
    caller.record("Bitte rufen Sie mich an", seconds=8)
    assert "Wir rufen Sie morgen ab 9 Uhr zurück." in caller.heard


def test_a_closed_office_is_not_announced_as_connecting(phone, make_kommune, session):
    make_kommune(duty_phone="+493023125900", office_hours=WEEKDAY_HOURS)
    at_local(2026, 11, 22, 20, 0)  # Sunday
    caller = phone("+493023125177")
    caller.call()
    for _ in range(3):
        caller.silence()
    assert caller.waiting_for == "record"
    assert "Unser Büro ist gerade nicht besetzt." in caller.heard
    assert "verbinde" not in caller.heard  # only what is true


def test_an_open_office_says_it_connects(phone, make_person, session):
    caller = phone(make_person("client").phone)
    caller.call()
    caller.press("0")
    assert caller.waiting_for == "dial"
    assert "Ich verbinde Sie mit unserem Team." in caller.heard


# --- 3. shorter ---------------------------------------------------------------------------------


def test_the_standard_call_has_at_most_150_words(phone, erika, session):
    """A known caller asks for help with shopping tomorrow, in the daytime."""
    at_local(2026, 11, 24, 10, 0)
    caller = phone(erika.phone)
    standard_request(caller)
    caller.silence()
    assert caller.ended
    transcript = " ".join(caller.transcript)
    count = len(transcript.split())
    assert count <= 150, f"{count} words:\n" + "\n".join(caller.transcript)
    # "0" and "*" are said once in the call, in its first menu
    assert transcript.count("drücken Sie die 0") == 1
    assert transcript.count("Sterntaste") == 1
    assert "drücken Sie die 0" in caller.transcript[0]


def test_a_caller_with_an_open_request_hears_0_and_star_once_in_the_status_menu(
    phone, erika, session
):
    standard_request(phone(erika.phone))
    caller = phone(erika.phone)
    caller.call()
    assert caller.options()["unser Team"] == "0"
    caller.choose("neue Anfrage")
    assert "Wobei brauchen Sie Hilfe?" in caller.heard
    assert "drücken Sie die 0" not in caller.heard


@pytest.mark.parametrize(
    ("hours", "sentence"),
    [
        (WEEKDAY_HOURS, "Sie erreichen uns Montag bis Freitag von 9 bis 16 Uhr."),
        (
            {d: [["08:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
            "Sie erreichen uns täglich von 8 bis 18 Uhr.",
        ),
        (
            {
                **{
                    d: [["09:00", "12:00"], ["13:00", "16:00"]]
                    for d in ("mon", "tue", "wed", "thu")
                },
                "fri": [["09:00", "12:30"]],
            },
            "Sie erreichen uns Montag bis Donnerstag von 9 bis 12 Uhr und von 13 bis 16 Uhr "
            "und freitags von 9 bis 12:30 Uhr.",
        ),
        (
            {"tue": [["10:00", "12:00"]], "wed": [["10:00", "12:00"]], "sat": [["09:00", "11:00"]]},
            "Sie erreichen uns Dienstag und Mittwoch von 10 bis 12 Uhr und samstags von 9 bis 11 Uhr.",
        ),
        ({}, ""),
    ],
)
def test_office_hours_are_said_as_people_say_them(make_kommune, hours, sentence):
    with language("de"):
        assert hours_sentence(make_kommune(office_hours=hours)) == sentence


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        ("+493023125177", "030 – 231 25 – 177"),
        ("+4915228817386", "01522 – 881 73 – 86"),
        ("+498999998000", "089 – 999 98 – 000"),
        ("+4922112345", "0221 – 123 – 45"),
        ("+4930231251", "030 – 231 – 251"),
    ],
)
def test_a_number_is_read_in_groups(number, spoken):
    assert spoken_number(number) == spoken


@pytest.mark.parametrize(
    ("digits", "groups"),
    [
        ("12", ["12"]),
        ("1234", ["12", "34"]),
        ("12345", ["123", "45"]),
        ("123456", ["123", "456"]),
        ("1234567", ["123", "45", "67"]),
        ("12345678", ["123", "45", "678"]),
        ("1234567890", ["123", "45", "67", "890"]),
    ],
)
def test_number_groups(digits, groups):
    assert number_groups(digits) == groups
    assert "".join(groups) == digits


# --- 3. the volunteer as they want to be named -----------------------------------------------


@pytest.mark.parametrize(
    ("called_as", "salutation", "named"),
    [("first", "Herr", "Jonas"), ("surname", "Herr", "Herr Test"), ("surname", "", "Jonas Test")],
)
def test_the_notice_names_the_volunteer_as_they_wish_and_says_they_call_first(
    session, kommune, make_person, run_tasks, fake_twilio, app, client, called_as, salutation, named
):
    from dispatch import intake

    erika = make_person("client", name="Erika Musterfrau")
    mobile = make_person("client", name="Ida Handy", phone="+4915228817391", prefers="sms")
    jonas = make_person("volunteer", name="Jonas Test", salutation=salutation, called_as=called_as)
    for who in (erika, mobile):
        intake.open_request(
            session, kommune=kommune, client=who, category="shopping", when="tomorrow"
        )
    session.commit()
    run_tasks()
    for request in session.scalars(select(HelpRequest)):
        lifecycle.accept(session, request.offers[0], channel="sms")
    session.commit()
    run_tasks()
    notice = Caller.answering(app, client, fake_twilio.calls_to(erika.phone)[0])
    assert f"{named} hilft Ihnen, morgen." in notice.heard
    assert f"{named} ruft Sie vorher an." in notice.heard
    sms = fake_twilio.messages_to(mobile.phone)[-1].body
    assert sms.startswith(f"Nachbarruf: {named} hilft Ihnen morgen") and "ruft Sie vorher an" in sms
    assert jonas.id  # the one who was named


def test_the_notice_cancel_asks_once_more_and_only_2_cancels(
    session, kommune, make_person, run_tasks, fake_twilio, app, client
):
    from dispatch import intake

    erika = make_person("client")
    make_person("volunteer")
    request = intake.open_request(
        session, kommune=kommune, client=erika, category="shopping", when="tomorrow"
    )
    session.commit()
    run_tasks()
    lifecycle.accept(session, request.offers[0], channel="sms")
    session.commit()
    run_tasks()
    notice = Caller.answering(app, client, fake_twilio.calls_to(erika.phone)[0])
    notice.choose("Absage")
    assert notice.options() == {"die Absage": "2"}
    notice.press("1")  # a habit
    assert "Gut, Ihre Anfrage bleibt bestehen." in notice.heard and notice.ended
    session.refresh(request)
    assert request.status == RequestStatus.ASSIGNED


# --- 14. caller ID can be forged: a PIN -------------------------------------------------------------


@pytest.fixture
def hilde(make_person, session):
    person = make_person("client", name="Hildegard Beispiel", salutation="Frau")
    person.pin_required = True
    person.set_pin("4711")
    session.commit()
    return person


def test_with_the_pin_the_caller_hears_the_status_and_can_cancel(phone, hilde, session):
    standard = phone(hilde.phone)
    standard.call()
    assert standard.heard.startswith("Guten Tag. Hier ist")  # no name before the PIN
    assert "Bitte tippen Sie Ihre vierstellige PIN ein." in standard.heard
    standard.press("4711")
    assert standard.heard.startswith("Danke, Frau Beispiel.")
    standard.choose("Einkaufen")
    standard.choose("morgen")
    standard.say("Brot")
    standard.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    assert request.status == RequestStatus.NEW and request.client_id == hilde.id

    again = phone(hilde.phone)
    again.call()
    assert "suchen wir noch" not in again.heard  # nothing about the request before the PIN
    again.press("4711")
    assert "suchen wir noch" in again.heard
    again.choose("Absage")
    again.choose("die Absage")
    session.refresh(request)
    assert request.status == RequestStatus.CANCELLED


def test_three_wrong_pins_and_the_caller_is_unknown_for_this_call(phone, hilde, session):
    caller = phone(hilde.phone)
    caller.call()
    caller.press("1234")
    assert "Diese PIN stimmt leider nicht." in caller.heard
    caller.press("0000")
    caller.press("9999")
    assert "Ohne PIN können Sie eine neue Anfrage stellen." in caller.heard
    assert "Wobei brauchen Sie Hilfe?" in caller.heard
    caller.choose("Einkaufen")
    caller.choose("morgen")
    caller.say("Brot")
    assert "Ohne PIN brauchen wir Ihren Namen und Ihre Adresse." in caller.heard
    caller.say("Hildegard Beispiel")
    caller.say("Beispielweg 2")
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    assert request.status == RequestStatus.REVIEW and request.client_id is None
    assert {f.reason for f in request.open_flags} == {FlagReason.PIN_MISSING}
    assert request.callback_phone == hilde.phone
    session.refresh(hilde)
    assert hilde.pin_failures == 3


def test_without_the_pin_nothing_about_an_open_request_and_no_cancelling(phone, hilde, session):
    with_pin = phone(hilde.phone)
    with_pin.call()
    with_pin.press("4711")
    with_pin.choose("Einkaufen")
    with_pin.choose("morgen")
    with_pin.press("#")
    with_pin.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()

    spoofed = phone(hilde.phone)
    spoofed.call()
    spoofed.press("#")  # no PIN
    heard = " ".join(spoofed.transcript)
    assert request.ref not in heard.replace(", ", "") and "Beispiel" not in heard
    assert "Absage" not in heard
    assert "Wobei brauchen Sie Hilfe?" in spoofed.heard
    session.refresh(request)
    assert request.status == RequestStatus.NEW


def test_staff_settle_a_pin_missing_request_by_verifying_it(phone, hilde, session, make_staff):
    from models import Actor

    caller = phone(hilde.phone)
    caller.call()
    caller.press("#")
    caller.choose("Einkaufen")
    caller.choose("morgen")
    caller.press("#")
    caller.say("Hildegard Beispiel")
    caller.say("Beispielweg 2")
    caller.choose("Ja")
    request = session.scalars(select(HelpRequest)).one()
    lifecycle.verify(session, request, hilde, actor=Actor.staff(make_staff().id))
    session.commit()
    assert request.status == RequestStatus.NEW and not request.open_flags


def test_a_pin_is_locked_after_ten_wrong_ones(make_person, session):
    person = make_person("client")
    person.set_pin("2468")
    for _ in range(10):
        assert not person.check_pin("1111")
    assert not person.check_pin("2468")  # locked: staff set a new one
    person.set_pin("1357")
    assert person.check_pin("1357") and person.pin_failures == 0
    with pytest.raises(ValueError, match="four digits"):
        person.set_pin("12345")
    assert "1357" not in (person.pin_hash or "")


def test_calls_we_make_to_a_pin_person_need_no_pin(
    session, kommune, hilde, make_person, run_tasks, fake_twilio, app, client
):
    from dispatch import intake

    make_person("volunteer", name="Max Mustermann")
    request = intake.open_request(
        session, kommune=kommune, client=hilde, category="shopping", when="tomorrow"
    )
    session.commit()
    run_tasks()
    lifecycle.accept(session, request.offers[0], channel="sms")
    session.commit()
    run_tasks()
    notice = Caller.answering(app, client, fake_twilio.calls_to(hilde.phone)[0])
    assert notice.heard.startswith("Guten Tag, Frau Beispiel.")
    assert "Max hilft Ihnen, morgen." in notice.heard
